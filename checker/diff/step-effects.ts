// What a step does, as a reviewer reads it: the locks it takes and releases
// (the kernel primitives of docs/language.md, recognised in their lowered
// form), its awaits, assignments, gotos, branches and choices, each with
// where it happens (always, or under which if / either / with). Two versions
// of a step (folded: dsl/fold.ts) are compared on these: `no longer takes
// mmap_lock for read`, `now always takes vl[page[m]] for read (was: in an
// either branch)`. The code diff stays below for the details.
import { match } from 'ts-pattern';
import type { Action, Expr, LValue, Spec, Stmt } from '../../dsl/ir.js';
import { printExpr } from '../../dsl/ir-print.js';

export type EffectKind = 'take' | 'release' | 'enqueue' | 'dequeue' | 'await' | 'assign' | 'goto' | 'branch' | 'choose' | 'assert';

// One condition around an effect: the then or else side of an if, a branch
// of an either (not numbered: dropping a sibling must not move the others),
// the body of a with.
type Around = { readonly k: 'if' | 'unless'; readonly cond: string } | { readonly k: 'either' } | { readonly k: 'with'; readonly what: string };

// One thing a step does: `what` it does it to and `ctx`, the conditions
// around it, outermost first (none: on every path through the step).
interface Effect {
  readonly kind: EffectKind;
  readonly what: string;
  readonly ctx: readonly Around[];
  readonly target?: string; // an assignment's left-hand side
}

// One difference: where OLD did it (`before`) and where NEW does it
// (`after`), one entry per occurrence, '' for always; an empty list: not at
// all. `was`: the old assignment to the same place (or the old condition of
// the same branch) that this one replaces.
export interface EffectChange {
  readonly kind: EffectKind;
  readonly what: string;
  readonly before: readonly string[];
  readonly after: readonly string[];
  readonly was?: string;
}

const ORDER: readonly EffectKind[] = ['take', 'release', 'enqueue', 'dequeue', 'await', 'branch', 'choose', 'assign', 'goto', 'assert'];

function lvText(l: LValue): string {
  return l.name + l.path.map((p) => (p.kind === 'field' ? `.${p.name}` : `[${printExpr(p.key)}]`)).join('');
}

const same = (e: Expr, l: LValue) => printExpr(e) === lvText(l);
const litIs = (e: Expr, v: number) => e.op === 'lit' && e.value === v;

// `await L >= 0; L = L + 1` and the like: the primitive an await and the
// assignment after it were lowered from (dsl/check/lower-stmt.ts), or null.
function primitive(a: Stmt, b: Stmt | undefined): Effect | null {
  if (a.op !== 'await' || b?.op !== 'assign' || a.cond.op !== 'bin') return null;
  const c = a.cond, t = b.target, v = b.value, name = lvText(t);
  if (t.type.kind === 'rwsem' && same(c.left, t)) {
    if (c.fn === 'ge' && litIs(c.right, 0) && v.op === 'bin' && v.fn === 'add' && same(v.left, t) && litIs(v.right, 1)) return { kind: 'take', what: `${name} for read`, ctx: [] };
    if (c.fn === 'eq' && litIs(c.right, 0) && litIs(v, -1)) return { kind: 'take', what: `${name} for write`, ctx: [] };
  }
  if (t.type.kind === 'seq' && c.left.op === 'un' && c.left.fn === 'len' && same(c.left.arg, t)) {
    if (c.fn === 'lt' && v.op === 'bin' && v.fn === 'append' && same(v.left, t)) return { kind: 'enqueue', what: `${printExpr(v.right)} on ${name}`, ctx: [] };
    if (c.fn === 'gt' && v.op === 'un' && v.fn === 'tail' && same(v.arg, t)) return { kind: 'dequeue', what: name, ctx: [] };
  }
  return null;
}

// `L = L - 1` / `L = 0` on an rwsem: up_read / up_write.
function release(s: Extract<Stmt, { op: 'assign' }>): Effect | null {
  const t = s.target, v = s.value;
  if (t.type.kind !== 'rwsem') return null;
  if (v.op === 'bin' && v.fn === 'sub' && same(v.left, t) && litIs(v.right, 1)) return { kind: 'release', what: `${lvText(t)} (read)`, ctx: [] };
  if (litIs(v, 0)) return { kind: 'release', what: `${lvText(t)} (write)`, ctx: [] };
  return null;
}

function conjuncts(e: Expr): Expr[] {
  return e.op === 'bin' && e.fn === 'and' ? [...conjuncts(e.left), ...conjuncts(e.right)] : [e];
}

export function stepEffects(spec: Spec, a: Action): Effect[] {
  const out: Effect[] = [];
  // the `when` clause is an await at the start
  for (const c of a.guard ? conjuncts(a.guard) : []) out.push({ kind: 'await', what: printExpr(c), ctx: [] });
  const walk = (body: readonly Stmt[], ctx: readonly Around[]): void => {
    for (let i = 0; i < body.length; i++) {
      const s = body[i];
      const prim = primitive(s, body[i + 1]);
      if (prim) { out.push({ ...prim, ctx }); i++; continue; }
      match(s)
        .with({ op: 'assign' }, (x) => {
          const r = release(x);
          if (r) { out.push({ ...r, ctx }); return; }
          if (spec.vars[x.target.var]?.process !== undefined) { out.push({ kind: 'goto', what: printExpr(x.value), ctx }); return; }
          out.push({ kind: 'assign', what: `${lvText(x.target)} = ${printExpr(x.value)}`, ctx, target: lvText(x.target) });
        })
        .with({ op: 'await' }, (x) => { out.push({ kind: 'await', what: printExpr(x.cond), ctx }); })
        .with({ op: 'assert' }, (x) => { out.push({ kind: 'assert', what: printExpr(x.cond), ctx }); })
        .with({ op: 'if' }, (x) => {
          const cond = printExpr(x.cond);
          out.push({ kind: 'branch', what: cond, ctx });
          walk(x.then, [...ctx, { k: 'if', cond }]);
          walk(x.else, [...ctx, { k: 'unless', cond }]);
        })
        .with({ op: 'with' }, (x) => {
          const what = `${x.name} in ${printExpr(x.domain)}`;
          out.push({ kind: 'choose', what, ctx });
          walk(x.body, [...ctx, { k: 'with', what }]);
        })
        .with({ op: 'either' }, (x) => { for (const b of x.branches) walk(b, [...ctx, { k: 'either' }]); })
        // let binds a local (its uses show in what reads it); a statement kind
        // this file does not know is left to the code diff below
        .otherwise(() => {});
    }
  };
  walk(a.body, []);
  return out;
}

// A condition longer than this is cut in a where-text (the code diff has it whole).
const COND_MAX = 40;

function cut(t: string): string {
  if (t.length <= COND_MAX) return t;
  const i = t.lastIndexOf(' ', COND_MAX);
  return `${t.slice(0, i > 0 ? i : COND_MAX)} ...`;
}

function whereText(ctx: readonly Around[]): string {
  return ctx.map((c) => match(c)
    .with({ k: 'either' }, () => 'in an either branch')
    .with({ k: 'with' }, (w) => `for some ${cut(w.what)}`)
    .with({ k: 'if' }, { k: 'unless' }, (w) => `${w.k} ${cut(w.cond)}`)
    .exhaustive()).join(', ');
}

function key(e: { kind: EffectKind; what: string }): string {
  return `${e.kind}\u0000${e.what}`;
}

const sameList = (x: readonly string[], y: readonly string[]) => x.length === y.length && x.every((v, i) => v === y[i]);

// The differences between two versions of a step, locks first, then awaits,
// branches, assignments, gotos (within a kind: what is no longer done
// first, what is new last). A branch added or removed is one change: what
// it wraps is compared as if it were not there, so that `if A` becoming
// `if B` is one line, not one per statement under it. An assignment to one
// place (a branch) under the same conditions with another value (another
// condition) is one change (`was`).
export function compareEffects(spec0: Spec, a: Action, spec1: Spec, b: Action): EffectChange[] {
  const olds = stepEffects(spec0, a), news = stepEffects(spec1, b);
  const branches = (xs: readonly Effect[]) => new Set(xs.filter((x) => x.kind === 'branch').map((x) => x.what));
  const bo = branches(olds), bn = branches(news);
  const moved = new Set([...bo].filter((c) => !bn.has(c)).concat([...bn].filter((c) => !bo.has(c))));
  const norm = (ctx: readonly Around[]) => whereText(ctx.filter((c) => !((c.k === 'if' || c.k === 'unless') && moved.has(c.cond))));
  const keys = [...new Set([...news.map(key), ...olds.map(key)])];
  const of = (xs: readonly Effect[], k: string) => xs.filter((x) => key(x) === k);
  type Found = EffectChange & { target?: string; normBefore: string[]; normAfter: string[] };
  const found: Found[] = [];
  for (const k of keys) {
    const xo = of(olds, k), xn = of(news, k);
    const normBefore = xo.map((x) => norm(x.ctx)).sort(), normAfter = xn.map((x) => norm(x.ctx)).sort();
    if (sameList(normBefore, normAfter)) continue;
    const e = xn[0] ?? xo[0];
    found.push({ kind: e.kind, what: e.what, before: xo.map((x) => whereText(x.ctx)).sort(), after: xn.map((x) => whereText(x.ctx)).sort(), normBefore, normAfter, ...(e.target ? { target: e.target } : {}) });
  }
  // pair `no longer sets x = 1` with `now sets x = 2`, `no longer branches
  // on A` with `now branches on B` (one each, under the same conditions)
  const group = (c: Found) => (c.kind === 'assign' ? `assign ${c.target}` : c.kind === 'branch' ? 'branch' : null);
  const out: EffectChange[] = [];
  const used = new Set<Found>();
  for (const c of found) {
    if (used.has(c)) continue;
    const g = group(c);
    if (g && c.before.length === 0) {
      const added = found.filter((d) => group(d) === g && d.before.length === 0);
      const gone = found.filter((d) => group(d) === g && d.after.length === 0);
      if (added.length === 1 && gone.length === 1 && sameList(gone[0].normBefore, c.normAfter)) {
        used.add(gone[0]);
        out.push({ kind: c.kind, what: c.what, before: c.after, after: c.after, was: gone[0].what });
        continue;
      }
    }
    out.push({ kind: c.kind, what: c.what, before: c.before, after: c.after });
  }
  // within a kind: what is no longer done, then what is done elsewhere, then what is new
  const rank = (c: EffectChange) => ORDER.indexOf(c.kind) * 3 + (c.after.length === 0 ? 0 : c.before.length === 0 ? 2 : 1);
  return out.sort((x, y) => rank(x) - rank(y));
}
