// The race diagram a kernel developer pastes into an LKML reply: one column
// per thread of the spec, time going down, each step in its thread's column
// with its label, the kernel function it models (short form of the comment
// above the step) and the shared state it changed (indented under the step,
// `=> var = value`). Plain ASCII, no tabs, never wider than 72 columns: the
// one-line verdict on top, the spec file and constants at the bottom.
//
// Columns: a process is one column; each instance of a parameterised process
// (copier(t=1), copier(t=2)) is its own column. An action outside any process
// goes in a column named after it (child_fault); plain actions whose names
// share a prefix before `_` (parent_fault, parent_wake) share a column named
// by the prefix (parent), since they model one thread. Columns follow the
// spec's declaration order; only threads that act in the trace get one.
// When even 10 columns per thread do not fit, the steps are listed one per
// line with the thread in brackets instead.
import type { Violation } from '../checker/result.js';
import { compareValues, type Value } from '../checker/compile/types.js';
import { List, Map as IMap } from 'immutable';
import type { Spec, Type } from '../dsl/ir.js';
import { constantValues, decodeTrace, isPcVar, type DecodedStep, type DecodedTrace } from './decoded.js';
import { abstractStateLines } from './abstract-state.js';
import { deadlockWhy, violationTitle, violationVars } from './describe.js';
import { formatRwsem, formatValue } from './format-value.js';
import { abbreviate, toAscii, wrap } from './wrap.js';
import { queueReads, stepDoc } from './step-name.js';
import { leftOutLine, visibility, type ShowFlags, type Visibility } from './visible.js';

export const LKML_WIDTH = 72;
const SEP = 2;
const MIN_COL = 10;
const LANE = 24; // lane width wanted per thread

export interface Column {
  readonly key: string; // also the header
  readonly order: number; // spec declaration order
  readonly args: Value; // instance parameters, for ordering instances
}

export function renderViolationLkml(v: Violation, width = LKML_WIDTH, show: ShowFlags = {}): string {
  const t = decodeTrace(v.trace);
  // program counters are the step labels already: never listed
  const vis = visibility(t.spec, t.steps.slice(1).flatMap((s) => s.changed), violationVars(t.spec, v), show, (i) => isPcVar(t.spec.vars[i]));
  const out: string[] = [];
  out.push(...wrap(`uffd-spec: ${violationTitle(v)}`, width, 4));
  out.push('');
  out.push(...renderDiagram(t, width, vis));
  out.push('');
  out.push(...endNotes(t, v, width, vis));
  out.push('');
  out.push(...footer(t.spec, width));
  return out.map((l) => toAscii(l).trimEnd()).join('\n');
}

// For a run without a counterexample: verdict and footer only.
export function renderNoViolationLkml(spec: Spec, verdict: string, width = LKML_WIDTH): string {
  return [...wrap(`uffd-spec: ${verdict}`, width, 4), '', ...footer(spec, width)].map((l) => toAscii(l).trimEnd()).join('\n');
}

function footer(spec: Spec, width: number): string[] {
  const consts = constantValues(spec).map((c) => `${c.name}=${c.value}`).join(', ');
  return [...wrap(`Spec: ${spec.file} (spec ${spec.name})`, width, 6), ...wrap(`Constants: ${consts || 'none'}`, width, 11)];
}

export function columnOf(spec: Spec, step: DecodedStep): Column {
  const a = step.action!;
  if (a.action.process) {
    const pi = spec.processes.findIndex((p) => p.name === a.action.process!.name);
    const proc = spec.processes[pi];
    const own = a.args.filter((x) => proc?.params.some((p) => p.name === x.name));
    const key = own.length ? `${a.action.process.name}(${own.map((x) => `${x.name}=${formatValue(x.type, x.value)}`).join(', ')})` : a.action.process.name;
    return { key, order: pi, args: List(own.map((x) => x.value)) };
  }
  const group = plainGroup(spec, a.name);
  const first = spec.actions.findIndex((x) => !x.process && plainGroup(spec, x.name) === group);
  return { key: group, order: spec.processes.length + first, args: List() };
}

function plainGroup(spec: Spec, name: string): string {
  const u = name.indexOf('_');
  if (u <= 0) return name;
  const prefix = name.slice(0, u);
  if (spec.processes.some((p) => p.name === prefix)) return name;
  const sharing = spec.actions.filter((x) => !x.process && x.name.startsWith(`${prefix}_`)).length;
  return sharing >= 2 ? prefix : name;
}

// shortDoc lives in step-name.ts with the rest of a step's naming.
export { shortDoc } from './step-name.js';

export function stepHead(spec: Spec, step: DecodedStep, col: Column): string {
  const a = step.action!;
  if (a.action.process) {
    const proc = spec.processes.find((p) => p.name === a.action.process!.name);
    const extra = [...a.args.filter((x) => !proc?.params.some((p) => p.name === x.name)), ...a.picks];
    return `${a.action.process.label}${extra.length ? `(${extra.map((x) => `${x.name}=${formatValue(x.type, x.value)}`).join(', ')})` : ''}`;
  }
  // parameters by position, then what the step's `with`s picked by name
  const args = [...a.args.map((x) => formatValue(x.type, x.value)), ...a.picks.map((x) => `${x.name}=${formatValue(x.type, x.value)}`)].join(', ');
  return col.key === a.name && a.args.length === 0 && a.picks.length === 0 ? a.name : `${a.name}(${args})`;
}

// The shared state a step changed, compactly: changed map keys and record
// fields one by one (parent[p1] = data), rwsems by state, the rest whole.
// `shown`: which variables may be printed (ghosts are not, by default).
export function stateChanges(spec: Spec, prev: readonly Value[], step: DecodedStep, shown: (i: number) => boolean = () => true): string[] {
  const out: string[] = [];
  for (const i of step.changed) {
    const v = spec.vars[i];
    if (isPcVar(v) || !shown(i)) continue;
    out.push(...changeLines(v.name, v.type, prev[i], step.values[i]));
  }
  return out;
}

function changeLines(name: string, t: Type, before: Value, after: Value): string[] {
  if (t.kind === 'rwsem') return [`${name} = ${formatRwsem(after as number)}`];
  if (t.kind === 'map') {
    const b = before as IMap<Value, Value>;
    const a = after as IMap<Value, Value>;
    const keys = [...a.keys()].filter((k) => { const x = b.get(k); return x === undefined || compareValues(x, a.get(k) as Value) !== 0; }).sort(compareValues);
    if (keys.length > 0 && keys.length <= 3) return keys.flatMap((k) => changeLines(`${name}[${formatValue(t.key, k)}]`, t.value, b.get(k) as Value, a.get(k) as Value));
  }
  if (t.kind === 'record') {
    const b = before as List<Value>;
    const a = after as List<Value>;
    const fs = t.fields.map((f, i) => ({ f, i })).filter(({ i }) => compareValues(b.get(i) as Value, a.get(i) as Value) !== 0);
    if (fs.length > 0 && fs.length <= 3) return fs.flatMap(({ f, i }) => changeLines(`${name}.${f.name}`, f.type, b.get(i) as Value, a.get(i) as Value));
  }
  return [`${name} = ${formatValue(t, after)}`];
}

interface Row { readonly index: number; readonly col: number; readonly lines: readonly string[]; readonly loopHere: boolean }

function renderDiagram(t: DecodedTrace, width: number, vis: Visibility): string[] {
  const { spec, steps } = t;
  if (steps.length <= 1) return [t.loopStart === undefined ? '(no steps: the initial state already violates it)' : '(no steps: the behaviour stays in the initial state forever)'];
  const cols: Column[] = [];
  const rows: Row[] = [];
  for (let i = 1; i < steps.length; i++) {
    const c = columnOf(spec, steps[i]);
    let ci = cols.findIndex((x) => x.key === c.key);
    if (ci < 0) { cols.push(c); ci = cols.length - 1; }
    const head = stepHead(spec, steps[i], c);
    const what = [stepDoc(spec, steps[i].action!.action.doc), ...queueReads(spec, steps[i - 1].values, steps[i])].filter((x) => x !== null).join('; ');
    const lines = [what ? `${head}: ${what}` : head, ...stateChanges(spec, steps[i - 1].values, steps[i], vis.inSteps).map((s) => `  ${s}`)];
    // state k starts the cycle: its first step is row k + 1 (a cycle of no
    // steps, stuttering at the end, is told by the end notes)
    rows.push({ index: i, col: ci, lines, loopHere: t.loopStart === i - 1 });
  }
  // spec order; instances of one process by their parameters
  const order = cols.map((c, i) => ({ c, i })).sort((x, y) => x.c.order - y.c.order || compareValues(x.c.args, y.c.args) || x.i - y.i);
  const pos = new Map(order.map(({ i }, k) => [i, k]));
  const sorted = order.map(({ c }) => c);
  const gutter = String(steps.length - 1).length + 2;
  const avail = width - gutter - SEP * (sorted.length - 1);
  if (avail < MIN_COL * sorted.length) return sequential(rows, sorted, pos, gutter, width);
  // Lanes: each column starts where the lanes before it end. A row has one
  // thread's step only, so its text may run on over the (empty) lanes to its
  // right, up to the margin: lanes need only be wide enough to tell the
  // threads apart.
  const longest = (k: number): number => Math.max(0, ...rows.filter((r) => pos.get(r.col) === k).flatMap((r) => r.lines.map((l) => l.length)));
  const natural = sorted.map((c, k) => Math.max(c.key.length, Math.min(LANE, longest(k))));
  const widths = fit(natural, avail);
  const starts: number[] = [];
  widths.reduce((x, w, k) => { starts[k] = x; return x + w + SEP; }, gutter);
  const out: string[] = [];
  const line = (g: string, cells: string[]): string => (g.padStart(gutter - SEP) + ' '.repeat(SEP) + cells.map((c, k) => c.padEnd(widths[k])).join(' '.repeat(SEP))).trimEnd();
  out.push(line('', sorted.map((c, k) => abbreviate(c.key, widths[k]))));
  out.push(line('', widths.map((w) => '-'.repeat(w))));
  for (const r of rows) {
    if (r.loopHere) out.push(...wrap(`${' '.repeat(gutter)}-- ${cycleNote(r.index, steps.length - 1)} --`, width, gutter));
    const k = pos.get(r.col)!;
    const cell = r.lines.flatMap((l) => {
      const ind = l.length - l.trimStart().length;
      return wrap(l.trimStart(), width - starts[k] - ind, 2).map((x) => ' '.repeat(ind) + x);
    });
    cell.forEach((text, j) => {
      out.push(`${(j === 0 ? String(r.index) : '').padStart(gutter - SEP)}${' '.repeat(starts[k] - gutter + SEP)}${text}`.trimEnd());
    });
  }
  return out;
}

// Largest widths <= natural whose sum fits: the widest columns give way first.
function fit(natural: number[], avail: number): number[] {
  const total = natural.reduce((a, b) => a + b, 0);
  if (total <= avail) return natural;
  let cap = Math.max(...natural);
  while (cap > MIN_COL && natural.reduce((a, n) => a + Math.min(n, cap), 0) > avail) cap--;
  const widths = natural.map((n) => Math.min(n, cap));
  // hand the remainder to the columns that were cut, left to right
  let spare = avail - widths.reduce((a, b) => a + b, 0);
  for (let k = 0; k < widths.length && spare > 0; k++) if (widths[k] < natural[k]) { widths[k]++; spare--; }
  return widths;
}

// The marker above the first step of a lasso's cycle.
function cycleNote(first: number, last: number): string {
  const back = first === 1 ? 'the initial state' : `the state after step ${first - 1}`;
  return `the cycle starts here: after step ${last} the behaviour is back at ${back}, and steps ${first}-${last} repeat forever`;
}

function sequential(rows: Row[], cols: Column[], pos: Map<number, number>, gutter: number, width: number): string[] {
  const out: string[] = [];
  for (const r of rows) {
    if (r.loopHere) out.push(...wrap(`-- ${cycleNote(r.index, rows.length)} --`, width, 2));
    const who = `[${cols[pos.get(r.col)!].key}]`;
    const [first, ...rest] = r.lines;
    out.push(...wrap(`${String(r.index).padStart(gutter - SEP)}  ${who} ${first}`, width, gutter + 2));
    for (const l of rest) out.push(...wrap(`${' '.repeat(gutter)}${l}`, width, gutter + 4));
  }
  return out;
}

function endNotes(t: DecodedTrace, v: Violation, width: number, vis: Visibility): string[] {
  const { spec, steps } = t;
  const out: string[] = [];
  const init = steps[0];
  if (init) {
    // only the state that matters: what some step changes or the property reads
    const vals = vis.initially.map((i) => `${spec.vars[i].name} = ${formatValue(spec.vars[i].type, init.values[i])}`);
    out.push('Initially (the state the steps change):');
    for (const s of vals) out.push(...wrap(`  ${s}`, width, 4));
    const left = leftOutLine(vis);
    if (left) out.push(...wrap(`  ${left}`, width, 4));
  }
  const last = steps[steps.length - 1];
  if (v.kind === 'invariant' && last) {
    const inv = spec.invariants.find((i) => i.name === v.name);
    out.push(`After step ${last.index}, ${v.name} is false:`);
    if (inv?.span) out.push(...wrap(`  (${inv.span.file}:${inv.span.line})`, width, 4));
    for (const i of violationVars(spec, v)) out.push(...wrap(`  ${spec.vars[i].name} = ${formatValue(spec.vars[i].type, last.values[i])}`, width, 4));
  } else if (v.kind === 'deadlock' && last) {
    out.push(...wrap(`After step ${last.index} ${deadlockWhy(spec)}.`, width, 2));
  } else if (v.kind === 'eval-error') {
    out.push(...wrap(`Then: ${v.message}`, width, 2));
  } else if (v.kind === 'property') {
    out.push(...wrap(v.explanation, width, 2));
  } else if (v.kind === 'action-property' && last) {
    out.push(...wrap(`Step ${last.index} breaks action property ${v.name}.`, width, 2));
  } else if (v.kind === 'refinement') {
    const lines = abstractStateLines(v, '  ');
    // the abstract fairness: its sentence first, wrapped as a property's explanation
    if (v.fairness !== undefined) out.push(...wrap(lines[0], width, 2), ...lines.slice(1));
    else out.push(...lines);
  }
  return out;
}
