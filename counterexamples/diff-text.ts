// The report of `uffd-spec diff` (checker/diff/diff-versions.ts) as text,
// 72 columns: per pair the verdict flips, the structure, the verdicts and
// the behaviours with their witness traces; for a series, a summary table.
import type { DiffOptions, DiffReport, Flip, PairReport, Version } from '../checker/diff/diff-versions.js';
import type { Inclusion } from '../checker/diff/behaviours.js';
import type { VerdictCell } from '../checker/diff/verdicts.js';
import { cellText } from './diff-cells.js';
import { renderStructural, wrapCode } from './diff-structure.js';
import { seriesTable, type SeriesGroup } from './series-table.js';
import { renderTraceText } from './text.js';
import type { ShowFlags } from './visible.js';
import { wrap } from './wrap.js';

const WIDTH = 72;

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

function inclusionText(inc: Inclusion, who: string, other: string, shared: number, show: ShowFlags): string[] {
  const out: string[] = [];
  if (inc.witness) {
    const steps = inc.witness.steps.length - 1;
    const what = steps === 0
      ? `${who} starts in a state ${other} cannot start in (${inc.witnessVars.join(', ')}):`
      : `${who} allows a behaviour ${other} does not (${steps} step${steps === 1 ? '' : 's'}); ${other} can follow it up to the last step, which sets ${inc.witnessVars.join(', ')}:`;
    out.push(...wrap(what, WIDTH - 2, 2).map((l) => `  ${l}`));
    // the variables the last step sets differently are what the witness is about
    const reads = inc.witnessVars.map((x) => inc.witness!.spec.vars.findIndex((v) => v.name === x)).filter((i) => i >= 0);
    for (const l of renderTraceText(inc.witness, { ...show, reads }).split('\n')) out.push(...wrap(l, WIDTH - 4, 8).map((x) => `    ${x}`));
  } else if (inc.complete) {
    out.push(...wrap(`${who} allows no behaviour that ${other} does not (${n(inc.pairs)} pairs explored, ${shared} variables).`, WIDTH - 2, 2).map((l) => `  ${l}`));
  } else {
    out.push(...wrap(`${who} vs ${other}: incomplete, no extra behaviour of ${who} among ${n(inc.pairs)} pairs; ${inc.note ?? ''}`, WIDTH - 2, 2).map((l) => `  ${l}`));
  }
  return out;
}

function pairText(p: PairReport, flags: DiffOptions, show: ShowFlags): string[] {
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
    out.push(`Verdicts${flags.constants.length ? ` (both with ${flags.constants.join(', ')})` : ''}:`);
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
    out.push(...inclusionText(p.behaviour.newNotOld, b, a, v.shared.length, show));
    out.push(...inclusionText(p.behaviour.oldNotNew, a, b, v.shared.length, show));
  }
  return out;
}

function behaviourCell(inc: Inclusion | undefined): string {
  if (!inc) return '';
  if (inc.witness) return `yes (${inc.witness.steps.length - 1})`;
  return inc.complete ? 'no' : '?';
}

function seriesText(versions: readonly Version[], pairs: readonly PairReport[], flags: DiffOptions): string[] {
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

export function renderDiffText(report: DiffReport, show: ShowFlags = {}): string {
  const { versions, pairs, options: flags } = report;
  const out: string[] = [];
  // a series (or any --scenario) starts with its verdicts at a glance
  if (flags.verdicts && (versions.length > 2 || report.scenarios.length > 0)) {
    const groups: SeriesGroup[] = [
      { title: null, verdicts: versions.map((v) => v.verdicts) },
      ...report.scenarios.map((s) => ({ title: `scenario ${s.name} (${s.consts.join(', ')}):`, verdicts: s.verdicts })),
    ];
    out.push(...seriesTable(versions.map((v) => v.label), groups), '');
  }
  if (flags.constants.length) out.push(...wrap(`Constants set in every version: ${flags.constants.join(', ')}`, WIDTH, 2));
  pairs.forEach((p, i) => { if (i > 0) out.push(''); out.push(...pairText(p, flags, show)); });
  if (pairs.length > 1) out.push(...seriesText(versions, pairs, flags));
  out.push('');
  const diff = pairs.filter((p) => p.different).length;
  const inc = pairs.some((p) => p.incomplete);
  out.push(diff ? `Result: differences found${pairs.length > 1 ? ` in ${diff} of ${pairs.length} steps` : ''}.` : inc ? 'Result: no difference found, but a search stopped at a limit (exit 3).' : 'Result: no differences.');
  return out.join('\n');
}
