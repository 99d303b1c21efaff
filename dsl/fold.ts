// Partial evaluation of the IR: constants are already literals in it (they
// are bound before the IR exists), so `if VMA_LOCK == 0` is `if 2 == 0`.
// This pass computes what the literals decide: arithmetic and comparisons on
// literals, `&&`/`||`/`=>` with a literal side, `if true` inlined, dead
// branches dropped, `await true` dropped, `either` branches that start with
// `await false` dropped, `let x = <literal, variable or local> in e`
// substituted.
// It never changes meaning: a subexpression is only dropped when its
// evaluation cannot fail (an evaluation error is part of a spec's meaning),
// and folded specs give the same state counts and verdicts (test/fold.test.ts).
// Node kinds this file does not know (the language grows) are kept as they
// are, unfolded: every match below ends in a default that returns the node.
import { match } from 'ts-pattern';
import type { Expr, LValue, PathStep, Spec, Stmt, Temporal, Type } from './ir.js';

const BOOL: Type = { kind: 'bool' };

function lit(value: number, type: Type, span: Expr['span']): Expr {
  return { op: 'lit', value, type, ...(span ? { span } : {}) };
}

function bool(v: boolean, span: Expr['span']): Expr {
  return lit(v ? 1 : 0, BOOL, span);
}

function intLit(v: number, like: Expr): Expr {
  return lit(v, like.type.kind === 'int' ? { kind: 'int', lo: v, hi: v } : like.type, like.span);
}

const isLit = (e: Expr, v?: number): boolean => e.op === 'lit' && (v === undefined || e.value === v);
const isTrue = (e: Expr) => e.op === 'lit' && e.value !== 0;
const isFalse = (e: Expr) => e.op === 'lit' && e.value === 0;

// ------------------------------------------------------------ can it fail?
// True when evaluating e might raise an evaluation error (map outside its
// domain, index out of bounds, division by zero, head of an empty sequence,
// choose without a witness, case without a matching arm...). Conservative:
// an unknown node kind may fail.
function fits(arg: Type, key: Type): boolean {
  if (arg.kind === 'int' && key.kind === 'int') return arg.lo >= key.lo && arg.hi <= key.hi;
  if (arg.kind === 'enum' && key.kind === 'enum') return arg.name === key.name && arg.members.join() === key.members.join();
  return arg.kind === 'bool' && key.kind === 'bool';
}

export function mayFail(e: Expr): boolean {
  return match(e)
    .with({ op: 'lit' }, { op: 'all' }, { op: 'var' }, { op: 'local' }, () => false)
    .with({ op: 'un' }, (u) => u.fn === 'head' || u.fn === 'tail' || u.fn === 'powerset' || mayFail(u.arg))
    .with({ op: 'bin' }, (b) => {
      if ((b.fn === 'div' || b.fn === 'mod') && !(b.right.op === 'lit' && b.right.value !== 0)) return true;
      if (b.fn === 'range' && !(isLit(b.left) && isLit(b.right))) return true;
      return mayFail(b.left) || mayFail(b.right);
    })
    .with({ op: 'setLit' }, { op: 'seqLit' }, { op: 'tupleLit' }, (x) => x.elems.some(mayFail))
    .with({ op: 'recordLit' }, (x) => x.fields.some((f) => mayFail(f.value)))
    .with({ op: 'recordSet' }, (x) => x.fields.some((f) => mayFail(f.set)))
    .with({ op: 'mapSet' }, (x) => mayFail(x.domain) || mayFail(x.range))
    .with({ op: 'mapBuild' }, { op: 'setMap' }, (x) => mayFail(x.domain) || mayFail(x.body))
    .with({ op: 'setFilter' }, (x) => mayFail(x.domain) || mayFail(x.pred))
    .with({ op: 'quant' }, (x) => mayFail(x.domain) || mayFail(x.body))
    .with({ op: 'apply' }, (x) => {
      const t = x.target.type;
      const safe = (t.kind === 'map' && fits(x.arg.type, t.key))
        || (t.kind === 'tuple' && x.arg.op === 'lit' && x.arg.value >= 1 && x.arg.value <= t.elems.length);
      return !safe || mayFail(x.target) || mayFail(x.arg);
    })
    .with({ op: 'field' }, (x) => mayFail(x.target))
    .with({ op: 'if' }, (x) => mayFail(x.cond) || mayFail(x.then) || mayFail(x.else))
    .with({ op: 'let' }, (x) => mayFail(x.value) || mayFail(x.body))
    // update (a key outside the domain), choose (no witness), case (no arm): may fail
    .otherwise(() => true);
}

// ------------------------------------------------------------ substitution
// Every local slot mentioned anywhere in x, whatever its node kinds (a generic
// walk, so that a node kind added later is still seen).
function slotsIn(x: unknown, out = new Set<number>()): Set<number> {
  if (x === null || typeof x !== 'object') return out;
  if (Array.isArray(x)) { for (const y of x) slotsIn(y, out); return out; }
  const o = x as Record<string, unknown>;
  if (o.op === 'local' || typeof o.slot === 'number') out.add(o.slot as number);
  for (const [k, v] of Object.entries(o)) if (k !== 'type' && k !== 'span') slotsIn(v, out);
  return out;
}

// The slots bound anywhere in x (let, with, quantifiers, builders, and any
// node kind added later that carries a slot).
function bindersIn(x: unknown, out = new Set<number>()): Set<number> {
  if (x === null || typeof x !== 'object') return out;
  if (Array.isArray(x)) { for (const y of x) bindersIn(y, out); return out; }
  const o = x as Record<string, unknown>;
  if (o.op !== 'local' && typeof o.slot === 'number') out.add(o.slot);
  for (const [k, v] of Object.entries(o)) if (k !== 'type' && k !== 'span') bindersIn(v, out);
  return out;
}

// e with the local `slot` replaced by `value` (a literal, a state variable,
// or a local that no binder in e captures), or null where that cannot be done
// (a node kind this file does not know mentions the slot).
function subst(e: Expr, slot: number, value: Expr): Expr | null {
  if (!slotsIn(e).has(slot)) return e;
  const s = (x: Expr) => subst(x, slot, value);
  const all = (xs: readonly Expr[]): Expr[] | null => { const r = xs.map(s); return r.every((x) => x !== null) ? (r as Expr[]) : null; };
  // a binder of the same slot shadows it: its body is left alone
  const bound = (x: { slot: number }) => x.slot === slot;
  return match(e)
    .with({ op: 'local' }, (x) => (x.slot === slot ? { ...value, ...(x.span ? { span: x.span } : {}) } : x))
    .with({ op: 'un' }, (x) => { const a = s(x.arg); return a && { ...x, arg: a }; })
    .with({ op: 'bin' }, (x) => { const l = s(x.left), r = s(x.right); return l && r && { ...x, left: l, right: r }; })
    .with({ op: 'setLit' }, { op: 'seqLit' }, { op: 'tupleLit' }, (x) => { const el = all(x.elems); return el && { ...x, elems: el }; })
    .with({ op: 'if' }, (x) => { const c = s(x.cond), t = s(x.then), f = s(x.else); return c && t && f && { ...x, cond: c, then: t, else: f }; })
    .with({ op: 'apply' }, (x) => { const t = s(x.target), a = s(x.arg); return t && a && { ...x, target: t, arg: a }; })
    .with({ op: 'field' }, (x) => { const t = s(x.target); return t && { ...x, target: t }; })
    .with({ op: 'let' }, (x) => { const v = s(x.value); const b = bound(x) ? x.body : s(x.body); return v && b && { ...x, value: v, body: b }; })
    .with({ op: 'quant' }, (x) => { const d = s(x.domain); const b = bound(x) ? x.body : s(x.body); return d && b && { ...x, domain: d, body: b }; })
    .with({ op: 'setFilter' }, { op: 'choose' }, (x) => { const d = s(x.domain); const p = bound(x) ? x.pred : s(x.pred); return d && p && { ...x, domain: d, pred: p }; })
    .with({ op: 'mapBuild' }, { op: 'setMap' }, (x) => { const d = s(x.domain); const b = bound(x) ? x.body : s(x.body); return d && b && { ...x, domain: d, body: b }; })
    // any other kind that mentions the slot (records, updates, case, new kinds): give up, keep the let
    .otherwise(() => null);
}

// ------------------------------------------------------------ expressions
export function foldExpr(e: Expr): Expr {
  return match(e)
    .with({ op: 'un' }, (x) => foldUn({ ...x, arg: foldExpr(x.arg) }))
    .with({ op: 'bin' }, (x) => foldBin({ ...x, left: foldExpr(x.left), right: foldExpr(x.right) }))
    .with({ op: 'setLit' }, { op: 'seqLit' }, { op: 'tupleLit' }, (x) => ({ ...x, elems: x.elems.map(foldExpr) }))
    .with({ op: 'recordLit' }, (x) => ({ ...x, fields: x.fields.map((f) => ({ ...f, value: foldExpr(f.value) })) }))
    .with({ op: 'recordSet' }, (x) => ({ ...x, fields: x.fields.map((f) => ({ ...f, set: foldExpr(f.set) })) }))
    .with({ op: 'mapSet' }, (x) => ({ ...x, domain: foldExpr(x.domain), range: foldExpr(x.range) }))
    .with({ op: 'mapBuild' }, { op: 'setMap' }, (x) => ({ ...x, domain: foldExpr(x.domain), body: foldExpr(x.body) }))
    .with({ op: 'setFilter' }, { op: 'choose' }, (x) => ({ ...x, domain: foldExpr(x.domain), pred: foldExpr(x.pred) }))
    .with({ op: 'quant' }, (x) => ({ ...x, domain: foldExpr(x.domain), body: foldExpr(x.body) }))
    .with({ op: 'apply' }, (x) => ({ ...x, target: foldExpr(x.target), arg: foldExpr(x.arg) }))
    .with({ op: 'field' }, (x) => ({ ...x, target: foldExpr(x.target) }))
    .with({ op: 'update' }, (x) => ({ ...x, target: foldExpr(x.target), path: foldPath(x.path), value: foldExpr(x.value) }))
    .with({ op: 'if' }, (x) => {
      const c = foldExpr(x.cond);
      if (c.op === 'lit') return foldExpr(c.value !== 0 ? x.then : x.else);
      return { ...x, cond: c, then: foldExpr(x.then), else: foldExpr(x.else) };
    })
    .with({ op: 'case' }, (x) => {
      const arms: { cond: Expr; value: Expr }[] = [];
      for (const a of x.arms) {
        const c = foldExpr(a.cond);
        if (isFalse(c)) continue;
        // the first arm whose condition is true wins; later arms never run
        if (isTrue(c) && arms.length === 0) return foldExpr(a.value);
        arms.push({ cond: c, value: foldExpr(a.value) });
        if (isTrue(c)) return { ...x, arms, other: null };
      }
      const other = x.other ? foldExpr(x.other) : null;
      if (arms.length === 0 && other) return other;
      return { ...x, arms, other };
    })
    .with({ op: 'let' }, (x) => {
      const v = foldExpr(x.value);
      const b = foldExpr(x.body);
      // a local may be substituted where nothing in the body binds its slot again
      if (v.op === 'lit' || v.op === 'var' || (v.op === 'local' && !bindersIn(b).has(v.slot))) {
        const r = subst(b, x.slot, v);
        if (r) return foldExpr(r);
      }
      return { ...x, value: v, body: b };
    })
    // lit, all, var, local: nothing to fold; a node kind this file does not know: kept as it is
    .otherwise(() => e);
}

function foldPath(p: readonly PathStep[]): PathStep[] {
  return p.map((st) => (st.kind === 'index' ? { ...st, key: foldExpr(st.key) } : st));
}

function foldUn(x: Extract<Expr, { op: 'un' }>): Expr {
  const a = x.arg;
  if (a.op !== 'lit') {
    // !!e is e (a boolean is 0 or 1 either way)
    if (x.fn === 'not' && a.op === 'un' && a.fn === 'not') return a.arg;
    return x;
  }
  if (x.fn === 'not') return bool(a.value === 0, x.span);
  if (x.fn === 'neg') return intLit(-a.value, x);
  return x;
}

const ARITH: Record<string, ((l: number, r: number) => number | null) | undefined> = {
  add: (l, r) => l + r,
  sub: (l, r) => l - r,
  mul: (l, r) => l * r,
  // as the checker computes them (checker/compile/compile-expr.ts): floor division, non-negative modulo
  div: (l, r) => (r === 0 ? null : Math.floor(l / r)),
  mod: (l, r) => { if (r === 0) return null; const m = l % r; return m < 0 ? m + Math.abs(r) : m; },
};
const CMP: Record<string, ((l: number, r: number) => boolean) | undefined> = {
  eq: (l, r) => l === r, ne: (l, r) => l !== r, lt: (l, r) => l < r, le: (l, r) => l <= r, gt: (l, r) => l > r, ge: (l, r) => l >= r,
  iff: (l, r) => (l !== 0) === (r !== 0),
};

function not(e: Expr, span: Expr['span']): Expr {
  return foldUn({ op: 'un', fn: 'not', arg: e, type: BOOL, ...(span ? { span } : {}) });
}

function foldBin(x: Extract<Expr, { op: 'bin' }>): Expr {
  const { left: l, right: r } = x;
  if (l.op === 'lit' && r.op === 'lit') {
    const ar = ARITH[x.fn];
    if (ar) { const v = ar(l.value, r.value); return v === null ? x : intLit(v, x); }
    const cmp = CMP[x.fn];
    // scalar literals of one type: ints, enum indices, booleans 0/1
    if (cmp) return bool(cmp(l.value, r.value), x.span);
  }
  // the checker evaluates && || => left to right and stops early (compile-expr.ts):
  // a literal on the left decides alone; one on the right may drop the left
  // side only when evaluating it cannot fail
  switch (x.fn) {
    case 'and':
      if (isFalse(l)) return l;
      if (isTrue(l)) return r;
      if (isTrue(r)) return l;
      if (isFalse(r) && !mayFail(l)) return r;
      return x;
    case 'or':
      if (isTrue(l)) return l;
      if (isFalse(l)) return r;
      if (isFalse(r)) return l;
      if (isTrue(r) && !mayFail(l)) return r;
      return x;
    case 'implies':
      if (isFalse(l)) return bool(true, x.span);
      if (isTrue(l)) return r;
      if (isTrue(r) && !mayFail(l)) return bool(true, x.span);
      if (isFalse(r)) return not(l, x.span);
      return x;
    default:
      return x;
  }
}

// ------------------------------------------------------------ statements
const isAwaitFalse = (s: Stmt | undefined) => s !== undefined && s.op === 'await' && isFalse(s.cond);

// The statements of `branch` may stand in the enclosing block only when no
// local they bind is read by what follows there (slots are unique per action
// in the front end, but the IR does not promise it); a node kind this file
// does not know is never spliced out of its branch.
function canSplice(branch: readonly Stmt[], rest: readonly Stmt[]): boolean {
  const KNOWN = new Set(['assign', 'await', 'if', 'with', 'either', 'let', 'assert']);
  if (branch.some((s) => !KNOWN.has(s.op))) return false;
  const binds = branch.flatMap((s) => (s.op === 'let' ? [s.slot] : []));
  if (binds.length === 0) return true;
  const used = slotsIn(rest);
  return binds.every((b) => !used.has(b));
}

export function foldStmts(body: readonly Stmt[]): Stmt[] {
  const out: Stmt[] = [];
  for (let i = 0; i < body.length; i++) {
    const rest = body.slice(i + 1);
    const folded = foldStmt(body[i], rest);
    out.push(...folded);
    // a path that reaches `await false` is blocked: nothing after it runs
    if (isAwaitFalse(out[out.length - 1])) break;
  }
  return out;
}

function foldLValue(t: LValue): LValue {
  return t.path.length ? { ...t, path: foldPath(t.path) } : t;
}

// One statement as the statements it folds to (none, itself, or a branch spliced in).
function foldStmt(s: Stmt, rest: readonly Stmt[]): Stmt[] {
  return match(s)
    .with({ op: 'assign' }, (x): Stmt[] => [{ ...x, target: foldLValue(x.target), value: foldExpr(x.value) }])
    .with({ op: 'await' }, (x): Stmt[] => { const c = foldExpr(x.cond); return isTrue(c) ? [] : [{ ...x, cond: c }]; })
    .with({ op: 'assert' }, (x): Stmt[] => { const c = foldExpr(x.cond); return isTrue(c) ? [] : [{ ...x, cond: c }]; })
    .with({ op: 'let' }, (x): Stmt[] => [{ ...x, value: foldExpr(x.value) }])
    .with({ op: 'with' }, (x): Stmt[] => [{ ...x, domain: foldExpr(x.domain), body: foldStmts(x.body) }])
    .with({ op: 'if' }, (x): Stmt[] => {
      const c = foldExpr(x.cond);
      if (c.op === 'lit') {
        const taken = foldStmts(c.value !== 0 ? x.then : x.else);
        return canSplice(taken, rest) ? taken : [{ ...x, cond: c, then: c.value !== 0 ? taken : [], else: c.value !== 0 ? [] : taken }];
      }
      const then = foldStmts(x.then), els = foldStmts(x.else);
      if (then.length === 0 && els.length === 0 && !mayFail(c)) return [];
      return [{ ...x, cond: c, then, else: els }];
    })
    .with({ op: 'either' }, (x): Stmt[] => {
      // a branch that starts blocked never yields a successor: dropping it changes nothing
      const live = x.branches.map(foldStmts).filter((b) => !isAwaitFalse(b[0]));
      if (live.length === 0) return [{ op: 'await', cond: bool(false, x.span), ...(x.span ? { span: x.span } : {}) }];
      if (live.length === 1 && canSplice(live[0], rest)) return live[0];
      return [{ ...x, branches: live }];
    })
    // a statement kind this file does not know: kept as it is, unfolded
    .otherwise(() => [s]);
}

// ------------------------------------------------------------ declarations
function foldTemporal(f: Temporal): Temporal {
  return match(f)
    .with({ op: 'state' }, (x): Temporal => ({ ...x, expr: foldExpr(x.expr) }))
    .with({ op: 'always' }, { op: 'eventually' }, { op: 'not' }, (x): Temporal => ({ ...x, arg: foldTemporal(x.arg) }))
    .with({ op: 'leadsto' }, { op: 'and' }, { op: 'or' }, { op: 'implies' }, (x): Temporal => ({ ...x, left: foldTemporal(x.left), right: foldTemporal(x.right) }))
    // a temporal operator this file does not know: kept as it is
    .otherwise(() => f);
}

// The whole spec folded: guards (a guard that folds to true is no guard),
// bodies, init, invariants, constraints, properties and fairness arguments.
export function foldSpec(spec: Spec): Spec {
  return {
    ...spec,
    init: foldStmts(spec.init),
    actions: spec.actions.map((a) => {
      const g = a.guard ? foldExpr(a.guard) : null;
      return { ...a, guard: g && isTrue(g) ? null : g, body: foldStmts(a.body) };
    }),
    invariants: spec.invariants.map((i) => ({ ...i, expr: foldExpr(i.expr) })),
    constraints: spec.constraints.map((i) => ({ ...i, expr: foldExpr(i.expr) })),
    properties: spec.properties.map((p) => ({ ...p, formula: foldTemporal(p.formula) })),
    fairness: spec.fairness.map((f) => (f.args ? { ...f, args: f.args.map(foldExpr) } : f)),
  };
}
