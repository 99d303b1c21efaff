// Machine-readable output: the whole check result as JSON (`--format json`)
// and a trace in the Informal Trace Format (`--format itf`, Apalache ADR-015,
// as Quint emits it). Values use the ITF encoding in both (itf-value.ts), so
// one decoder reads either back (replay). Nothing here depends on the clock:
// the same spec and flags give byte-identical output (the statistics leave
// out seconds and states per second for that reason).
import type { CheckResult, Violation } from '../checker/result.js';
import type { Spec } from '../dsl/ir.js';
import { constantValues, decodeTrace, type DecodedAction, type DecodedTrace } from './decoded.js';
import { abstractStateJson } from './abstract-state.js';
import { violationName, violationTitle } from './describe.js';
import { toItf, type Json } from './itf-value.js';

export const ITF_DESCRIPTION_URL = 'https://apalache-mc.org/docs/adr/015adr-trace.html';

function constants(spec: Spec): { [k: string]: Json } {
  const o: { [k: string]: Json } = {};
  for (const c of constantValues(spec)) o[c.name] = c.value;
  return o;
}

function actionJson(a: DecodedAction): { [k: string]: Json } {
  const args: { [k: string]: Json } = {};
  for (const x of a.args) args[x.name] = toItf(x.type, x.value);
  const o: { [k: string]: Json } = { name: a.name, args };
  if (a.picks.length) { const picks: { [k: string]: Json } = {}; for (const x of a.picks) picks[x.name] = toItf(x.type, x.value); o.picks = picks; }
  if (a.action.process) { o.process = a.action.process.name; o.label = a.action.process.label; }
  if (a.action.doc) o.doc = a.action.doc;
  return o;
}

function stateJson(t: DecodedTrace, values: readonly unknown[]): { [k: string]: Json } {
  const o: { [k: string]: Json } = {};
  t.spec.vars.forEach((v, i) => { o[v.name] = toItf(v.type, values[i] as never); });
  return o;
}

// The ghost variables' names (docs/language.md), only where a spec has some:
// machine formats carry ghosts like any variable and say which they are.
function ghosts(spec: Spec): { ghosts?: Json } {
  const g = spec.vars.filter((v) => v.ghost).map((v) => v.name);
  return g.length ? { ghosts: g } : {};
}

export function traceJson(t: DecodedTrace): { [k: string]: Json } {
  const o: { [k: string]: Json } = {
    vars: t.spec.vars.map((v) => v.name),
    ...ghosts(t.spec),
    steps: t.steps.map((s) => ({
      index: s.index,
      action: s.action ? actionJson(s.action) : null,
      changed: s.changed.map((i) => t.spec.vars[i].name),
      state: stateJson(t, s.values),
    })),
  };
  if (t.loopStart !== undefined) o.loopStart = t.loopStart;
  return o;
}

export function violationJson(v: Violation): { [k: string]: Json } {
  const o: { [k: string]: Json } = { kind: v.kind, name: violationName(v), summary: violationTitle(v) };
  if (v.kind === 'property') {
    o.explanation = v.explanation;
    if (v.instance !== undefined) o.instance = v.instance;
  }
  if (v.kind === 'refinement') o.abstract = abstractStateJson(v);
  if (v.kind === 'eval-error') {
    o.message = v.message;
    o.phase = v.phase;
    o.where = v.where ? { name: v.where.name, args: Object.fromEntries(v.where.args.map((a, i) => [a.name, toItf(v.where!.action.params[i].domain, a.value)])) } : null;
    if (v.span) o.at = `${v.span.file}:${v.span.line}:${v.span.col}`;
  }
  o.trace = traceJson(decodeTrace(v.trace));
  return o;
}

function header(spec: Spec, kind: string): { [k: string]: Json } {
  return { format: `uffd-spec-${kind}`, version: 1, spec: spec.name, file: spec.file, constants: constants(spec) };
}

// `--format json` on stdout: verdicts, statistics, the limit hit, the violation.
export function resultJson(spec: Spec, r: CheckResult): { [k: string]: Json } {
  return {
    ...header(spec, 'result'),
    outcome: r.outcome,
    verdicts: r.verdicts.map((p): Json => { const o: { [k: string]: Json } = { name: p.name, kind: p.kind, verdict: p.verdict }; if (p.note) o.note = p.note; return o; }),
    // generated: successors only; initial: the distinct initial states (docs/counterexamples.md)
    stats: { distinct: r.stats.distinct, initial: r.stats.initial, generated: r.stats.generated, queue: r.stats.queue, depth: r.stats.depth },
    limit: r.limit ? { kind: r.limit.kind, value: r.limit.value } : null,
    warnings: [...(r.warnings ?? [])],
    violation: r.violation ? violationJson(r.violation) : null,
    // check --continue: every violation, in the order found (the first is `violation`)
    ...(r.violations ? { violations: r.violations.map(violationJson) } : {}),
  };
}

// One counterexample on its own (`--out DIR --format json`).
export function counterexampleJson(spec: Spec, v: Violation): { [k: string]: Json } {
  return { ...header(spec, 'counterexample'), violation: violationJson(v) };
}

// The ITF trace of a violation. Each state's #meta carries its index and the
// action that reached it: `action` is the action instance's name (`init` for
// the first state) and `args` its parameters, like Quint's `action_taken`
// and `nondet_picks`, kept in #meta so that `vars` are the spec's own.
export function itfJson(v: Violation): { [k: string]: Json } {
  const t = decodeTrace(v.trace);
  const spec = t.spec;
  const o: { [k: string]: Json } = {
    '#meta': {
      format: 'ITF',
      'format-description': ITF_DESCRIPTION_URL,
      source: spec.file,
      description: `uffd-spec counterexample: ${violationTitle(v)}`,
      spec: spec.name,
      constants: constants(spec),
      violation: { kind: v.kind, name: violationName(v) },
      ...ghosts(spec),
    },
    vars: spec.vars.map((x) => x.name),
    states: t.steps.map((s) => {
      const meta: { [k: string]: Json } = s.action ? { index: s.index, action: s.action.name, args: actionJson(s.action).args } : { index: s.index, action: 'init' };
      return { '#meta': meta, ...stateJson(t, s.values) };
    }),
  };
  if (t.loopStart !== undefined) o.loop = t.loopStart;
  return o;
}

export function stringify(j: Json): string {
  return JSON.stringify(j, null, 2);
}
