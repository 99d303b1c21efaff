// The report of `uffd-spec diff` (checker/diff/diff-versions.ts) as JSON
// (format uffd-spec-diff, version 1); witness traces as in the trace JSON.
import type { DiffReport, PairReport, Version } from '../checker/diff/diff-versions.js';
import type { Inclusion } from '../checker/diff/behaviours.js';
import type { SpecVerdicts, VerdictCell } from '../checker/diff/verdicts.js';
import { decodeTrace } from './decoded.js';
import type { Json } from './itf-value.js';
import { traceJson } from './json.js';
import { effectLine } from './diff-effects.js';
import { kernelFunction } from './step-name.js';

function cellJson(c: VerdictCell | undefined): Json {
  if (!c) return null;
  if (c.verdict === 'violated') return c.steps >= 0 ? { verdict: 'violated', steps: c.steps } : { verdict: 'violated' };
  if (c.verdict === 'unknown') return { verdict: 'unknown', note: c.note };
  return { verdict: 'holds' };
}

function verdictsJson(v: SpecVerdicts | undefined): Json {
  if (!v) return null;
  const rows: { [k: string]: Json } = {};
  for (const [k, r] of v.rows) rows[k] = { kind: r.kind, ...(cellJson(r.cell) as { [k: string]: Json }) };
  return { properties: rows, distinct: v.distinct, complete: v.complete, ...(v.note ? { note: v.note } : {}) };
}

function inclusionJson(inc: Inclusion): Json {
  return {
    found: inc.witness !== null,
    complete: inc.complete,
    pairs: inc.pairs,
    ...(inc.note ? { note: inc.note } : {}),
    witness: inc.witness ? { steps: inc.witness.steps.length - 1, vars: [...inc.witnessVars], trace: traceJson(decodeTrace(inc.witness)) } : null,
  };
}

export function renderDiffJson(report: DiffReport): string {
  const scenarios = report.scenarios.map((s) => ({ name: s.name, versions: s.verdicts.map(verdictsJson) }));
  return JSON.stringify({ ...(diffJson(report.versions, report.pairs, report.options.constants) as object), folded: report.options.raw !== true, scenarios }, null, 2);
}

function diffJson(versions: readonly Version[], pairs: readonly PairReport[], constants: readonly string[]): Json {
  return {
    format: 'uffd-spec-diff',
    version: 1,
    constants: [...constants],
    versions: versions.map((v) => ({ label: v.label, file: v.file, spec: v.spec.name, verdicts: verdictsJson(v.verdicts) })),
    pairs: pairs.map((p): Json => ({
      old: p.old.label,
      new: p.new.label,
      different: p.different,
      incomplete: p.incomplete,
      structural: p.structural.changes.map((c) => ({
        section: c.section, name: c.name, kind: c.kind,
        parts: c.parts.map((x) => ({ what: x.what, before: x.before ? [...x.before] : null, after: x.after ? [...x.after] : null, ...(x.hunks ? { hunks: x.hunks.map((h) => `${h.tag} ${h.text}`) } : {}) })),
        ...(kernelFunction(c.doc) ? { function: kernelFunction(c.doc) } : {}),
        ...(c.effects ? { effects: c.effects.map((e) => ({ kind: e.kind, what: e.what, before: [...e.before], after: [...e.after], ...(e.was !== undefined ? { was: e.was } : {}), text: effectLine(e) })) } : {}),
      })),
      flips: p.flips.map((f) => ({ name: f.name, old: cellJson(f.old), new: cellJson(f.new) })),
      behaviour: p.behaviour ? {
        shared: [...p.behaviour.vars.shared],
        differing: p.behaviour.vars.differing.map((d) => ({ name: d.name, old: d.b, new: d.a })),
        newNotOld: inclusionJson(p.behaviour.newNotOld),
        oldNotNew: inclusionJson(p.behaviour.oldNotNew),
      } : null,
    })),
    different: pairs.some((p) => p.different),
  };
}
