// uffd-spec diff OLD NEW [MORE...]: what changed between patch versions of a
// spec, in three layers: the structure (dsl/ir-diff.ts), the verdicts (both
// checked with the same constants, checker/verdict-diff.ts) and the
// behaviours over the shared variables (checker/behaviour-diff.ts). With more
// than two files the series is compared pairwise (v1->v2, v2->v3, ...).
// Exit codes: 0 no difference, 1 differences found, 2 bad input,
// 3 no difference found but a search stopped at a limit.
import { basename } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { Spec } from '../dsl/ir.js';
import { diffSpecs, renderStructural, wrapCode, type StructuralDiff } from '../dsl/ir-diff.js';
import { behaviourDiff, type BehaviourDiff, type Inclusion } from '../checker/behaviour-diff.js';
import { cellText, sameCell, settleVerdicts, type SpecVerdicts, type VerdictCell } from '../checker/verdict-diff.js';
import { renderTraceText } from '../counterexamples/text.js';
import { decodeTrace } from '../counterexamples/decoded.js';
import { traceJson } from '../counterexamples/json.js';
import type { Json } from '../counterexamples/itf-value.js';
import { wrap } from '../counterexamples/wrap.js';
import { EXIT, type CommandContext } from './context.js';
import { collect, loadOrReport } from './load.js';
import { positiveInt } from './check-command.js';
import { addShowOptions } from './output.js';
import { seriesTable, type SeriesGroup } from '../counterexamples/series-table.js';

const WIDTH = 72;

interface DiffFlags {
  const: string[];
  format: 'text' | 'json';
  verdicts: boolean;
  behaviour: boolean;
  deadlock: boolean;
  maxStates: number;
  maxPairs: number;
  vars?: string;
  showGhosts?: boolean;
  showAll?: boolean;
  scenario: string[];
}

interface Version {
  readonly file: string;
  readonly label: string;
  readonly spec: Spec;
  verdicts?: SpecVerdicts;
}

interface Flip {
  readonly name: string;
  readonly old: VerdictCell | undefined;
  readonly new: VerdictCell | undefined;
}

interface PairReport {
  readonly old: Version;
  readonly new: Version;
  readonly structural: StructuralDiff;
  readonly flips: readonly Flip[];
  readonly behaviour: BehaviourDiff | null;
  readonly different: boolean;
  readonly incomplete: boolean;
}

function parseFormat(v: string): 'text' | 'json' {
  if (v !== 'text' && v !== 'json') throw new InvalidArgumentError(`--format must be text or json, got '${v}'`);
  return v;
}

export function registerDiff(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('diff')
    .description('compare patch versions of a spec: structure, verdicts and behaviours (OLD NEW, or a series A B C ...)')
    .argument('<files...>', 'two or more .uffd specs, oldest first')
    .option('--const <NAME=VALUE>', 'override a constant in every version (repeatable)', collect, [])
    .addOption(new Option('--format <FORMAT>', 'text (72 columns) or json').default('text').argParser(parseFormat))
    .option('--no-verdicts', 'do not check the versions (structure and behaviours only)')
    .option('--no-behaviour', 'do not compare behaviours')
    .option('--no-deadlock', 'do not count deadlock as a property')
    .addOption(new Option('--max-states <N>', 'stop each check after N distinct states').default(1_000_000).argParser(positiveInt('--max-states')))
    .addOption(new Option('--max-pairs <N>', 'stop each behaviour comparison after N (state, state set) pairs').default(200_000).argParser(positiveInt('--max-pairs')))
    .option('--vars <A,B,...>', 'compare behaviours over these variables only (default: all shared ones)')
    .option('--scenario <NAME:A=1,B=2>', 'also check every version with these constants, as rows of the series table (repeatable)', collect, []);
  addShowOptions(cmd)
    .action((files: string[], flags: DiffFlags) => { ctx.setExit(runDiff(files, flags, ctx)); });
}

function labels(files: readonly string[]): string[] {
  const base = files.map((f) => basename(f).replace(/\.uffd$/, ''));
  return base.map((b, i) => (base.indexOf(b) !== i || base.lastIndexOf(b) !== i ? files[i] : b));
}

export function runDiff(files: readonly string[], flags: DiffFlags, { io }: CommandContext): number {
  if (files.length < 2) {
    io.err('<command line>:1:1: error: diff needs at least two spec files (OLD NEW, or a series A B C ...)');
    return EXIT.usage;
  }
  const names = labels(files);
  const versions: Version[] = [];
  let bad = false;
  for (let i = 0; i < files.length; i++) {
    const spec = loadOrReport(files[i], flags.const, io);
    if (!spec) bad = true;
    else versions.push({ file: files[i], label: names[i], spec });
  }
  if (bad) return EXIT.usage;
  const only = flags.vars ? flags.vars.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
  if (only) {
    const unknown = only.filter((n) => !versions.every((v) => v.spec.vars.some((x) => x.name === n)));
    if (unknown.length) {
      io.err(`<command line>:1:1: error: --vars names ${unknown.map((u) => `'${u}'`).join(', ')}, not a variable of every version`);
      return EXIT.usage;
    }
  }
  if (flags.verdicts) for (const v of versions) v.verdicts = settleVerdicts(v.spec, { maxStates: flags.maxStates, deadlock: flags.deadlock });
  const groups = flags.verdicts ? seriesGroups(files, versions, flags, io) : [];
  if (groups === null) return EXIT.usage;
  const pairs: PairReport[] = [];
  for (let i = 0; i + 1 < versions.length; i++) pairs.push(comparePair(versions[i], versions[i + 1], flags, only));
  if (flags.format === 'json') io.out(JSON.stringify({ ...(toJson(versions, pairs, flags) as object), scenarios: groups.slice(1).map((g, i) => ({ name: flags.scenario[i].split(':')[0], versions: g.verdicts.map(verdictsJson) })) }, null, 2));
  else io.out([...(groups.length && (versions.length > 2 || groups.length > 1) ? [...seriesTable(versions.map((v) => v.label), groups), ''] : []), ...renderText(versions, pairs, flags)].join('\n'));
  if (pairs.some((p) => p.different)) return EXIT.violation;
  if (pairs.some((p) => p.incomplete)) return EXIT.limit;
  return EXIT.ok;
}

// The series table's groups: the versions as given, then each --scenario
// (NAME:A=1,B=2) checked in every version with its constants added; null
// when a scenario is malformed or a version rejects its constants.
function seriesGroups(files: readonly string[], versions: readonly Version[], flags: DiffFlags, io: CommandContext['io']): SeriesGroup[] | null {
  const groups: SeriesGroup[] = [{ title: null, verdicts: versions.map((v) => v.verdicts) }];
  for (const sc of flags.scenario) {
    const m = /^([A-Za-z_][\w-]*):(.+)$/.exec(sc.trim());
    if (!m) { io.err(`<command line>:1:1: error: --scenario must be NAME:A=1,B=2, got '${sc}'`); return null; }
    const consts = m[2].split(',').map((x) => x.trim()).filter(Boolean);
    const verdicts: SpecVerdicts[] = [];
    for (const f of files) {
      const spec = loadOrReport(f, [...flags.const, ...consts], io);
      if (!spec) return null;
      verdicts.push(settleVerdicts(spec, { maxStates: flags.maxStates, deadlock: flags.deadlock }));
    }
    groups.push({ title: `scenario ${m[1]} (${consts.join(', ')}):`, verdicts });
  }
  return groups;
}

function comparePair(a: Version, b: Version, flags: DiffFlags, only: readonly string[] | undefined): PairReport {
  const structural = diffSpecs(a.spec, b.spec);
  const flips: Flip[] = [];
  if (a.verdicts && b.verdicts) {
    const names = [...new Set([...a.verdicts.rows.keys(), ...b.verdicts.rows.keys()])];
    for (const n of names) {
      const x = a.verdicts.rows.get(n)?.cell, y = b.verdicts.rows.get(n)?.cell;
      if (x?.verdict === 'unknown' || y?.verdict === 'unknown') continue;
      if (!sameCell(x, y)) flips.push({ name: n, old: x, new: y });
    }
  }
  const behaviour = flags.behaviour ? behaviourDiff(a.spec, b.spec, { maxPairs: flags.maxPairs, vars: only }) : null;
  const found = behaviour !== null && (behaviour.newNotOld.witness !== null || behaviour.oldNotNew.witness !== null);
  const incomplete = (behaviour !== null && (!behaviour.newNotOld.complete || !behaviour.oldNotNew.complete)) || !!(a.verdicts && !a.verdicts.complete) || !!(b.verdicts && !b.verdicts.complete);
  return { old: a, new: b, structural, flips, behaviour, different: structural.changes.length > 0 || flips.length > 0 || found, incomplete };
}

// ------------------------------------------------------------------ text
function n(x: number): string {
  return x.toLocaleString('en-US');
}

function flipLine(f: Flip, a: string, b: string): string {
  const side = (c: VerdictCell | undefined, who: string) => {
    if (!c) return `not present in ${who}`;
    if (c.verdict === 'violated' && c.steps >= 0) return `violated in ${who} (${c.steps} step${c.steps === 1 ? '' : 's'})`;
    return `${cellText(c)} in ${who}`;
  };
  return `${f.name}: ${side(f.old, a)}, ${side(f.new, b)}`;
}

function verdictTable(vs: readonly Version[], cell: (c: VerdictCell | undefined) => string): string[] {
  const rows = [...new Set(vs.flatMap((v) => [...(v.verdicts?.rows.keys() ?? [])]))];
  const head = ['property', ...vs.map((v) => v.label)];
  const body = rows.map((r) => [r, ...vs.map((v) => cell(v.verdicts?.rows.get(r)?.cell))]);
  body.push(['distinct states', ...vs.map((v) => (v.verdicts ? n(v.verdicts.distinct) + (v.verdicts.complete ? '' : '+') : '?'))]);
  const all = [head, ...body];
  const w = head.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  return all.map((r) => `  ${r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(w[i] + 2))).join('')}`.trimEnd());
}

function inclusionText(inc: Inclusion, who: string, other: string, shared: number, flags: DiffFlags): string[] {
  const out: string[] = [];
  if (inc.witness) {
    const steps = inc.witness.steps.length - 1;
    const what = steps === 0
      ? `${who} starts in a state ${other} cannot start in (${inc.witnessVars.join(', ')}):`
      : `${who} allows a behaviour ${other} does not (${steps} step${steps === 1 ? '' : 's'}); ${other} can follow it up to the last step, which sets ${inc.witnessVars.join(', ')}:`;
    out.push(...wrap(what, WIDTH - 2, 2).map((l) => `  ${l}`));
    // the variables the last step sets differently are what the witness is about
    const reads = inc.witnessVars.map((x) => inc.witness!.spec.vars.findIndex((v) => v.name === x)).filter((i) => i >= 0);
    for (const l of renderTraceText(inc.witness, { reads, showGhosts: flags.showGhosts, showAll: flags.showAll }).split('\n')) out.push(...wrap(l, WIDTH - 4, 8).map((x) => `    ${x}`));
  } else if (inc.complete) {
    out.push(...wrap(`${who} allows no behaviour that ${other} does not (${n(inc.pairs)} pairs explored, ${shared} variables).`, WIDTH - 2, 2).map((l) => `  ${l}`));
  } else {
    out.push(...wrap(`${who} vs ${other}: incomplete, no extra behaviour of ${who} among ${n(inc.pairs)} pairs; ${inc.note ?? ''}`, WIDTH - 2, 2).map((l) => `  ${l}`));
  }
  return out;
}

function pairText(p: PairReport, flags: DiffFlags): string[] {
  const a = p.old.label, b = p.new.label;
  const out: string[] = [`== ${a} -> ${b}`];
  if (`${a}.uffd` !== p.old.file || `${b}.uffd` !== p.new.file) out.push(...wrapCode(`(${p.old.file} -> ${p.new.file})`, WIDTH, '   '));
  if (flags.verdicts) {
    if (p.flips.length) {
      out.push('Verdict changes:');
      for (const f of p.flips) out.push(...wrapCode(flipLine(f, a, b), WIDTH, '  '));
    } else out.push('Verdicts: no change.');
  }
  out.push(...renderStructural(p.structural, WIDTH));
  if (flags.verdicts) {
    out.push(`Verdicts${flags.const.length ? ` (both with ${flags.const.join(', ')})` : ''}:`);
    out.push(...verdictTable([p.old, p.new], cellText));
  }
  if (p.behaviour) {
    const v = p.behaviour.vars;
    out.push(`Behaviours over the ${v.shared.length} shared variable${v.shared.length === 1 ? '' : 's'}:`);
    const left: string[] = [
      ...v.differing.map((d) => `${d.name} (type ${d.b} -> ${d.a})`),
      ...v.onlyB.map((x) => `${x} (only in ${a})`),
      ...v.onlyA.map((x) => `${x} (only in ${b})`),
    ];
    if (left.length) out.push(...wrap(`not compared: ${left.join(', ')}`, WIDTH - 2, 2).map((l) => `  ${l}`));
    out.push(...inclusionText(p.behaviour.newNotOld, b, a, v.shared.length, flags));
    out.push(...inclusionText(p.behaviour.oldNotNew, a, b, v.shared.length, flags));
  }
  return out;
}

function behaviourCell(inc: Inclusion | undefined): string {
  if (!inc) return '';
  if (inc.witness) return `yes (${inc.witness.steps.length - 1})`;
  return inc.complete ? 'no' : '?';
}

function seriesText(versions: readonly Version[], pairs: readonly PairReport[], flags: DiffFlags): string[] {
  const out: string[] = ['', `== Series: ${versions.map((v) => v.label).join(' -> ')}`];
  const head = ['step', 'changes', 'flips', ...(flags.behaviour ? ['NEW-only', 'OLD-only'] : [])];
  const rows = pairs.map((p) => [`${p.old.label} -> ${p.new.label}`, String(p.structural.changes.length), String(p.flips.length), ...(flags.behaviour ? [behaviourCell(p.behaviour?.newNotOld), behaviourCell(p.behaviour?.oldNotNew)] : [])]);
  const all = [head, ...rows];
  const w = head.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  for (const r of all) out.push(`  ${r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(w[i] + 2))).join('')}`.trimEnd());
  if (flags.behaviour) out.push(...wrap('NEW-only: NEW allows a behaviour OLD does not (witness length); OLD-only: the other way round.', WIDTH - 2, 2).map((l) => `  ${l}`));
  for (const p of pairs) {
    for (const f of p.flips) out.push(...wrapCode(`${p.old.label} -> ${p.new.label}: ${flipLine(f, p.old.label, p.new.label)}`, WIDTH, '  '));
  }
  return out;
}

function renderText(versions: readonly Version[], pairs: readonly PairReport[], flags: DiffFlags): string[] {
  const out: string[] = [];
  if (flags.const.length) out.push(...wrap(`Constants set in every version: ${flags.const.join(', ')}`, WIDTH, 2));
  pairs.forEach((p, i) => { if (i > 0) out.push(''); out.push(...pairText(p, flags)); });
  if (pairs.length > 1) out.push(...seriesText(versions, pairs, flags));
  out.push('');
  const diff = pairs.filter((p) => p.different).length;
  const inc = pairs.some((p) => p.incomplete);
  out.push(diff ? `Result: differences found${pairs.length > 1 ? ` in ${diff} of ${pairs.length} steps` : ''}.` : inc ? 'Result: no difference found, but a search stopped at a limit (exit 3).' : 'Result: no differences.');
  return out;
}

// ------------------------------------------------------------------ json
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

function toJson(versions: readonly Version[], pairs: readonly PairReport[], flags: DiffFlags): Json {
  return {
    format: 'uffd-spec-diff',
    version: 1,
    constants: flags.const,
    versions: versions.map((v) => ({ label: v.label, file: v.file, spec: v.spec.name, verdicts: verdictsJson(v.verdicts) })),
    pairs: pairs.map((p): Json => ({
      old: p.old.label,
      new: p.new.label,
      different: p.different,
      incomplete: p.incomplete,
      structural: p.structural.changes.map((c) => ({
        section: c.section, name: c.name, kind: c.kind,
        parts: c.parts.map((x) => ({ what: x.what, before: x.before ? [...x.before] : null, after: x.after ? [...x.after] : null, ...(x.hunks ? { hunks: x.hunks.map((h) => `${h.tag} ${h.text}`) } : {}) })),
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
