// --format html: one self-contained page per counterexample (inline CSS, no
// script, no URL: it opens from a mail attachment or a CI artifact offline).
// A table: one row per state, time going down; one lane per thread (the
// columns of the lkml diagram, counterexamples/lkml.ts), the acting thread's
// cell holding the step, the kernel function and what it changed; then one
// column per variable that matters, its cell highlighted where the step
// changed it; rwsems (and maps of them) shown as free or held per step. A
// lasso's cycle is marked; the end says what is violated and by what state.
import type { Violation } from '../checker/result.js';
import type { Trace } from '../checker/store/trace.js';
import { compareValues, type Value } from '../checker/compile/types.js';
import type { Spec, Type } from '../dsl/ir.js';
import type { Map as IMap } from 'immutable';
import { constantValues, decodeTrace, isPcVar, type DecodedTrace } from './decoded.js';
import { abstractStateLines } from './abstract-state.js';
import { deadlockWhy, propertyLabel, violationTitle, violationVars } from './describe.js';
import { formatRwsem, formatValue } from './format-value.js';
import { columnOf, shortDoc, stateChanges, stepHead, type Column } from './lkml.js';
import { visibility, type ShowFlags, type Visibility } from './visible.js';

// What the page says at its end: the verdict and the state that breaks it.
export interface HtmlEnding {
  readonly heading: string;
  readonly text: readonly string[];
  readonly vars: readonly number[]; // shown with their values in the last state
}

const CSS = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #1a1a1a; background: #fff; }
h1 { font-size: 1.3em; margin: 0 0 .3em; }
h2 { font-size: 1.1em; margin: 1.2em 0 .3em; }
.meta { color: #555; margin: 0 0 1em; }
code, td { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12.5px; }
table.trace { border-collapse: collapse; }
table.trace th { position: sticky; top: 0; background: #f0f0f0; border-bottom: 2px solid #999; padding: 4px 8px; text-align: left; font-weight: 600; }
table.trace td { border-top: 1px solid #e2e2e2; padding: 3px 8px; vertical-align: top; white-space: pre-wrap; }
th.lane, td.lane { min-width: 11em; max-width: 22em; border-left: 1px solid #ccc; }
td.lane.act { background: #e8f0fe; }
td.lane.act .label { font-weight: 700; }
td.lane.act .doc { color: #4a4a8a; }
td.lane.act .chg { color: #333; }
table.trace th.var, table.trace td.var { border-left: 1px solid #eee; white-space: pre; }
td.var.changed { background: #fff3a3; font-weight: 700; }
td.num { color: #777; text-align: right; }
.lock.free { color: #276b2f; }
.lock.held { color: #a11; font-weight: 700; }
th.lockvar { background: #f6e7e7; }
tr.cycle td.num { border-left: 4px solid #7a3db8; }
tr.marker td { background: #f3ebfb; color: #5a2a90; font-style: italic; }
tr.initial td { background: #fafafa; }
section.verdict { margin-top: 1.5em; padding: .6em 1em; border-left: 4px solid #c00; background: #fdf0f0; }
section.verdict table td { padding: 2px 10px 2px 0; }
`;

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function isLock(t: Type): boolean {
  return t.kind === 'rwsem' || (t.kind === 'map' && t.value.kind === 'rwsem');
}

// A lock's cell: `free`, `2 readers`, `write-locked`; a map of locks per key.
function lockCell(t: Type, v: Value): string {
  const one = (n: number, prefix = ''): string => `<span class="lock ${n === 0 ? 'free' : 'held'}">${escapeHtml(prefix + formatRwsem(n))}</span>`;
  if (t.kind === 'rwsem') return one(v as number);
  if (t.kind !== 'map') return escapeHtml(formatValue(t, v));
  const m = v as IMap<Value, Value>;
  return [...m.keys()].sort(compareValues).map((k) => one(m.get(k) as number, `${formatValue(t.key, k)}: `)).join('\n');
}

// A map one entry a line (`p1 |-> data`), anything else as the text trace has it.
function valueCell(t: Type, v: Value): string {
  if (t.kind !== 'map') return escapeHtml(formatValue(t, v));
  const m = v as IMap<Value, Value>;
  return [...m.keys()].sort(compareValues).map((k) => escapeHtml(`${formatValue(t.key, k)} |-> ${formatValue(t.value, m.get(k) as Value)}`)).join('\n');
}

// Locks first (held or free in every row), then the variables the other
// formats show (visible.ts: what a step changes or the ending reads; ghosts
// only with --show-ghosts, their last values being in the ending anyway).
function shownVars(t: DecodedTrace, vis: Visibility): number[] {
  const all = t.spec.vars.map((v, i) => ({ v, i })).filter(({ v, i }) => !isPcVar(v) && vis.inSteps(i));
  const shown = new Set(vis.initially);
  return [...all.filter(({ v }) => isLock(v.type)), ...all.filter(({ v, i }) => !isLock(v.type) && shown.has(i))].map(({ i }) => i);
}

export function renderTraceHtml(trace: Trace, title: string, ending: HtmlEnding, show: ShowFlags = {}): string {
  const t = decodeTrace(trace);
  const { spec, steps } = t;
  const vis = visibility(spec, steps.slice(1).flatMap((s) => s.changed), ending.vars, show, (i) => isPcVar(spec.vars[i]));
  const cols: Column[] = [];
  const colOf = steps.map((s, i) => {
    if (i === 0) return -1;
    const c = columnOf(spec, s);
    let k = cols.findIndex((x) => x.key === c.key);
    if (k < 0) { cols.push(c); k = cols.length - 1; }
    return k;
  });
  const order = cols.map((c, i) => ({ c, i })).sort((x, y) => x.c.order - y.c.order || compareValues(x.c.args, y.c.args) || x.i - y.i);
  const lanePos = new Map(order.map(({ i }, k) => [i, k]));
  const lanes = order.map(({ c }) => c);
  const vars = shownVars(t, vis);
  const last = steps.length - 1;
  const width = 1 + lanes.length + vars.length;
  const rows: string[] = [];
  const marker = (s: string): string => `<tr class="marker"><td class="num"></td><td colspan="${width - 1}">${escapeHtml(s)}</td></tr>`;
  steps.forEach((s, i) => {
    if (t.loopStart !== undefined && t.loopStart === i - 1) {
      rows.push(marker(`\u21bb the cycle starts here: after step ${last} the behaviour is back at ${t.loopStart === 0 ? 'the initial state' : `the state after step ${t.loopStart}`}, and steps ${i}-${last} repeat forever`));
    }
    const inCycle = t.loopStart !== undefined && i > t.loopStart;
    const cells: string[] = [`<td class="num">${i}</td>`];
    if (i === 0) {
      cells.push(`<td class="lane" colspan="${Math.max(1, lanes.length)}">initial state</td>`);
    } else {
      const k = lanePos.get(colOf[i])!;
      const head = stepHead(spec, s, lanes[k]);
      const doc = shortDoc(s.action!.action.doc);
      const changes = stateChanges(spec, steps[i - 1].values, s, vis.inSteps);
      lanes.forEach((c, j) => {
        if (j !== k) { cells.push(`<td class="lane" data-lane="${escapeHtml(c.key)}"></td>`); return; }
        const body = [`<span class="label">${escapeHtml(head)}</span>`, ...(doc ? [`<span class="doc">${escapeHtml(doc)}</span>`] : []), ...changes.map((x) => `<span class="chg">${escapeHtml(x)}</span>`)];
        cells.push(`<td class="lane act" data-lane="${escapeHtml(c.key)}">${body.join('\n')}</td>`);
      });
    }
    for (const vi of vars) {
      const v = spec.vars[vi];
      const changed = i > 0 && s.changed.includes(vi);
      const content = isLock(v.type) ? lockCell(v.type, s.values[vi]) : valueCell(v.type, s.values[vi]);
      cells.push(`<td class="var${changed ? ' changed' : ''}" data-var="${escapeHtml(v.name)}">${content}</td>`);
    }
    const lane = i === 0 ? '' : ` data-lane="${escapeHtml(lanes[lanePos.get(colOf[i])!].key)}"`;
    rows.push(`<tr class="step${i === 0 ? ' initial' : ''}${inCycle ? ' cycle' : ''}" data-step="${i}"${lane}>${cells.join('')}</tr>`);
  });
  if (t.loopStart !== undefined && t.loopStart === last) rows.push(marker(`\u21bb state ${last} repeats forever (the behaviour stutters there)`));
  const head = [
    '<th class="num">#</th>',
    ...(lanes.length ? lanes.map((c) => `<th class="lane" data-lane="${escapeHtml(c.key)}">${escapeHtml(c.key)}</th>`) : ['<th class="lane"></th>']),
    ...vars.map((vi) => `<th class="var${isLock(spec.vars[vi].type) ? ' lockvar' : ''}" data-var="${escapeHtml(spec.vars[vi].name)}">${escapeHtml(spec.vars[vi].name)}</th>`),
  ];
  const consts = constantValues(spec).map((c) => `${c.name}=${c.value}`).join(', ') || 'none';
  const end = steps[last];
  const breaks = ending.vars.map((vi) => `<tr><td>${escapeHtml(spec.vars[vi].name)}</td><td>= ${escapeHtml(formatValue(spec.vars[vi].type, end.values[vi]))}</td></tr>`);
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<title>${escapeHtml(`uffd-spec: ${title}`)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    `<h1>${escapeHtml(title)}</h1>`,
    `<p class="meta">Spec <code>${escapeHtml(spec.file)}</code> (spec ${escapeHtml(spec.name)}). Constants: <code>${escapeHtml(consts)}</code>. ${last} step${last === 1 ? '' : 's'}; highlighted: the variables each step changed.</p>`,
    `<table class="trace"><thead><tr>${head.join('')}</tr></thead>`,
    `<tbody>\n${rows.join('\n')}\n</tbody></table>`,
    '<section class="verdict" id="verdict">',
    `<h2>${escapeHtml(ending.heading)}</h2>`,
    ...ending.text.map((x) => `<p>${escapeHtml(x)}</p>`),
    ...(breaks.length ? [`<p>In the state after step ${last}:</p>`, `<table class="breaks">${breaks.join('')}</table>`] : []),
    '</section>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function endingOf(spec: Spec, v: Violation): HtmlEnding {
  const vars = violationVars(spec, v);
  switch (v.kind) {
    case 'invariant': {
      const inv = spec.invariants.find((i) => i.name === v.name);
      return { heading: `Violated: invariant ${v.name}`, text: inv?.span ? [`${inv.span.file}:${inv.span.line}`] : [], vars };
    }
    case 'property': return { heading: `Violated: temporal property ${propertyLabel(v)}`, text: [v.explanation], vars };
    case 'deadlock': return { heading: 'Deadlock', text: [`${deadlockWhy(spec).replace(/^n/, 'N')}.`], vars };
    case 'action-property': {
      const p = spec.actionProperties?.find((i) => i.name === v.name);
      return { heading: `Violated: action property ${v.name}`, text: [`The last step breaks it.${p?.span ? ` (${p.span.file}:${p.span.line})` : ''}`], vars };
    }
    case 'refinement': return { heading: v.fairness === undefined ? `Not a step of ${v.name}` : `Breaks the fairness of ${v.name}`, text: abstractStateLines(v, '  '), vars };
    case 'eval-error': return { heading: 'Evaluation error', text: [v.message], vars };
  }
}

export function renderViolationHtml(v: Violation, show: ShowFlags = {}): string {
  return renderTraceHtml(v.trace, violationTitle(v), endingOf(v.trace.spec, v), show);
}

// The behaviour witness of `uffd-spec diff`: `who` allows it, `other` does
// not; `witnessVars` are the shared variables whose last values `other`
// cannot produce.
export function renderWitnessHtml(witness: Trace, witnessVars: readonly string[], who: string, other: string, show: ShowFlags = {}): string {
  const steps = witness.steps.length - 1;
  const vars = witnessVars.map((n) => witness.spec.vars.findIndex((v) => v.name === n)).filter((i) => i >= 0);
  return renderTraceHtml(witness, `${who} allows a behaviour ${other} does not (${steps} step${steps === 1 ? '' : 's'})`, {
    heading: `${other} cannot follow the last step`,
    text: [`${other} can follow every step but the last, which sets ${witnessVars.join(', ')}.`],
    vars,
  }, show);
}
