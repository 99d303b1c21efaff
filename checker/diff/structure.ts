// Structural diff of two specs on their IR, not their text: declarations are
// matched by name (fairness conditions by their printed form), compared
// through the normalised printer (ir-print.ts), so reordering declarations,
// reformatting, comments, spans and local slot numbers never make a
// difference. Each change keeps just the changed part, before and after.
import type { Action, Spec, Stmt, Type, VarDecl } from '../../dsl/ir.js';
import { printConstValue, printExpr, printFairness, printStmts, printTemporal, printType } from '../../dsl/ir-print.js';
import { compareEffects, type EffectChange } from './step-effects.js';

export type ChangeSection =
  | 'constant' | 'enum' | 'variable' | 'init' | 'action' | 'process' | 'step'
  | 'invariant' | 'constraint' | 'property' | 'fairness' | 'symmetry';

// One aspect of a declaration that differs: `guard`, `effect`, `type`...
// before/after are lines of .uffd-like text (null: absent on that side).
// For an effect, `hunks` holds just the changed lines (a line diff).
export interface ChangePart {
  readonly what: string;
  readonly before: readonly string[] | null;
  readonly after: readonly string[] | null;
  readonly hunks?: readonly DiffLine[];
}

export interface DiffLine {
  readonly tag: ' ' | '-' | '+' | '@';
  readonly text: string;
}

export interface Change {
  readonly section: ChangeSection;
  readonly name: string;
  readonly kind: 'added' | 'removed' | 'changed';
  readonly parts: readonly ChangePart[];
  // with `effects` (a folded diff): an action's or step's doc comment (the
  // kernel function it models) and, when changed, what it does differently
  readonly doc?: string;
  readonly effects?: readonly EffectChange[];
}

export interface StructuralDiff {
  readonly oldName: string;
  readonly newName: string;
  readonly changes: readonly Change[];
}

// ------------------------------------------------------------ line diff (LCS)
export function lineDiff(a: readonly string[], b: readonly string[]): DiffLine[] {
  const n = a.length, m = b.length;
  const dp: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) dp[i][j] = a[i] === b[j] ? dp[i + 1][j + 1] + 1 : Math.max(dp[i + 1][j], dp[i][j + 1]);
  const out: DiffLine[] = [];
  let i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) { out.push({ tag: ' ', text: a[i] }); i++; j++; }
    else if (i < n && (j >= m || dp[i + 1][j] >= dp[i][j + 1])) { out.push({ tag: '-', text: a[i] }); i++; }
    else { out.push({ tag: '+', text: b[j] }); j++; }
  }
  return out;
}

// Only the changed lines with `context` unchanged lines around each run;
// an elided stretch becomes one `@` line.
export function hunks(lines: readonly DiffLine[], context = 1): DiffLine[] {
  const keep = lines.map(() => false);
  lines.forEach((l, i) => {
    if (l.tag === ' ') return;
    for (let k = Math.max(0, i - context); k <= Math.min(lines.length - 1, i + context); k++) keep[k] = true;
  });
  const out: DiffLine[] = [];
  let skipped = false;
  lines.forEach((l, i) => {
    if (keep[i]) {
      if (skipped && out.length) out.push({ tag: '@', text: '...' });
      skipped = false;
      out.push(l);
    } else skipped = true;
  });
  return out;
}

// ------------------------------------------------------------ normal forms
function constValue(c: Spec['constants'][number]): string {
  const v = printConstValue(c, ', ');
  return c.symmetric ? `${v} symmetric` : v;
}

function isPc(v: VarDecl): boolean {
  return v.process !== undefined;
}

function params(a: { params: Action['params'] }): string {
  return a.params.map((p) => `${p.name}: ${printType(p.domain)}`).join(', ');
}

function collectEnums(t: Type, out: Map<string, readonly string[]>): void {
  switch (t.kind) {
    case 'enum': if (!t.name.endsWith('.pc')) out.set(t.name, t.members); return;
    case 'record': for (const f of t.fields) collectEnums(f.type, out); return;
    case 'tuple': for (const e of t.elems) collectEnums(e, out); return;
    case 'set': case 'seq': collectEnums(t.elem, out); return;
    case 'map': collectEnums(t.key, out); collectEnums(t.value, out); return;
    case 'union': for (const v of t.variants) for (const f of v.fields) collectEnums(f.type, out); return;
    default: return;
  }
}

// Enum types and sets of model values, as far as declarations mention them.
function enumsOf(s: Spec): Map<string, readonly string[]> {
  const out = new Map<string, readonly string[]>();
  for (const v of s.vars) collectEnums(v.type, out);
  for (const a of s.actions) for (const p of a.params) collectEnums(p.domain, out);
  for (const p of s.processes) for (const q of p.params) collectEnums(q.domain, out);
  // model-value constants are enums of their own name: reported as constants
  for (const c of s.constants) if (Array.isArray(c.value)) out.delete(c.name);
  return out;
}

// ------------------------------------------------------------ the diff
class Differ {
  readonly changes: Change[] = [];

  // Compare two named collections; `parts` returns the differing aspects of
  // a pair, `whole` prints one side for an added or removed item.
  byName<T>(section: ChangeSection, olds: readonly T[], news: readonly T[], name: (x: T) => string, whole: (x: T) => ChangePart[], parts: (a: T, b: T) => ChangePart[]): void {
    const oldBy = new Map(olds.map((x) => [name(x), x] as const));
    const newBy = new Map(news.map((x) => [name(x), x] as const));
    for (const b of news) {
      const a = oldBy.get(name(b));
      if (a === undefined) { this.changes.push({ section, name: name(b), kind: 'added', parts: whole(b).map((p) => ({ what: p.what, before: null, after: p.after ?? p.before })) }); continue; }
      const ps = parts(a, b);
      if (ps.length) this.changes.push({ section, name: name(b), kind: 'changed', parts: ps });
    }
    for (const a of olds) {
      if (!newBy.has(name(a))) this.changes.push({ section, name: name(a), kind: 'removed', parts: whole(a).map((p) => ({ what: p.what, before: p.after ?? p.before, after: null })) });
    }
  }
}

function one(what: string, text: string): ChangePart {
  return { what, before: null, after: [text] };
}

function cmp(what: string, a: string, b: string): ChangePart[] {
  return a === b ? [] : [{ what, before: [a], after: [b] }];
}

function cmpBody(what: string, a: readonly Stmt[], b: readonly Stmt[]): ChangePart[] {
  const la = printStmts(a), lb = printStmts(b);
  if (la.join('\n') === lb.join('\n')) return [];
  return [{ what, before: la, after: lb, hunks: hunks(lineDiff(la, lb)) }];
}

function actionWhole(a: Action): ChangePart[] {
  return [
    one('params', `(${params(a)})`),
    one('guard', a.guard ? printExpr(a.guard) : 'true'),
    { what: 'effect', before: null, after: printStmts(a.body) },
  ];
}

function actionParts(a: Action, b: Action): ChangePart[] {
  return [
    ...cmp('params', `(${params(a)})`, `(${params(b)})`),
    ...cmp('guard', a.guard ? printExpr(a.guard) : 'true', b.guard ? printExpr(b.guard) : 'true'),
    ...cmpBody('effect', a.body, b.body),
  ];
}

// `effects`: also say what each changed action or step does differently
// (step-effects.ts), with its doc comment; the diff of folded specs
// (dsl/fold.ts) asks for it, `--raw` does not.
export function diffSpecs(a: Spec, b: Spec, opts: { readonly effects?: boolean } = {}): StructuralDiff {
  const d = new Differ();
  d.byName('constant', a.constants, b.constants, (c) => c.name, (c) => [one('value', constValue(c))], (x, y) => cmp('value', constValue(x), constValue(y)));
  const ea = [...enumsOf(a)].map(([name, members]) => ({ name, members }));
  const eb = [...enumsOf(b)].map(([name, members]) => ({ name, members }));
  d.byName('enum', ea, eb, (e) => e.name, (e) => [one('members', `{ ${e.members.join(', ')} }`)], (x, y) => cmp('members', `{ ${x.members.join(', ')} }`, `{ ${y.members.join(', ')} }`));
  const va = a.vars.filter((v) => !isPc(v)), vb = b.vars.filter((v) => !isPc(v));
  d.byName('variable', va, vb, (v) => v.name, (v) => [one('type', printType(v.type))], (x, y) => cmp('type', printType(x.type), printType(y.type)));
  const ia = a.init.length ? [{ name: 'init', body: a.init }] : [];
  const ib = b.init.length ? [{ name: 'init', body: b.init }] : [];
  d.byName('init', ia, ib, (x) => x.name, (x) => [{ what: 'effect', before: null, after: printStmts(x.body) }], (x, y) => cmpBody('effect', x.body, y.body));
  d.byName('action', a.actions.filter((x) => !x.process), b.actions.filter((x) => !x.process), (x) => x.name, actionWhole, actionParts);
  d.byName('process', a.processes, b.processes, (p) => p.name,
    (p) => [one('params', `(${params(p)})`), one('labels', p.labels.join(' -> '))],
    (x, y) => [...cmp('params', `(${params(x)})`, `(${params(y)})`), ...cmp('labels', x.labels.join(' -> '), y.labels.join(' -> '))]);
  d.byName('step', a.actions.filter((x) => x.process), b.actions.filter((x) => x.process), (x) => x.name, actionWhole, actionParts);
  d.byName('invariant', a.invariants, b.invariants, (i) => i.name, (i) => [one('expr', printExpr(i.expr))], (x, y) => cmp('expr', printExpr(x.expr), printExpr(y.expr)));
  d.byName('constraint', a.constraints, b.constraints, (i) => i.name, (i) => [one('expr', printExpr(i.expr))], (x, y) => cmp('expr', printExpr(x.expr), printExpr(y.expr)));
  d.byName('property', a.properties, b.properties, (p) => p.name, (p) => [one('formula', printTemporal(p.formula))], (x, y) => cmp('formula', printTemporal(x.formula), printTemporal(y.formula)));
  const fa = a.fairness.map(printFairness), fb = b.fairness.map(printFairness);
  d.byName('fairness', fa, fb, (f) => f, (f) => [one('condition', f)], () => []);
  d.byName('symmetry', a.symmetric, b.symmetric, (s) => s, (s) => [one('set', s)], () => []);
  return { oldName: a.name, newName: b.name, changes: opts.effects ? d.changes.map((c) => withEffects(c, a, b)) : d.changes };
}

function withEffects(c: Change, a: Spec, b: Spec): Change {
  if (c.section !== 'action' && c.section !== 'step') return c;
  const x = a.actions.find((y) => y.name === c.name), y = b.actions.find((z) => z.name === c.name);
  const doc = (y ?? x)?.doc;
  const effects = x && y ? compareEffects(a, x, b, y) : undefined;
  return { ...c, ...(doc ? { doc } : {}), ...(effects ? { effects } : {}) };
}
