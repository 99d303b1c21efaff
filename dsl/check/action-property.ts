// Action properties, TLA+'s [][A]_v: a condition on every step (s, t), where
// x' reads the next state. Lowered to one boolean over the pair state, whose
// variables are this spec's twice: index i reads s, vars.length + i reads t.
import type { ActionProperty, Expr } from '../ir.js';
import type { AExpr } from '../ast.js';
import { printExpr } from '../print.js';
import { BOOL } from '../types.js';
import { binE, type DeclOf, type Env, lit, type Scope } from './scope.js';

// the expression lowering as seen from here (lower-expr.ts imports this file)
interface Exprs {
  expr(a: AExpr, env: Env): Expr | null;
  boolExpr(a: AExpr, env: Env, where: string): Expr | null;
}

export const ACTION_PROPERTY_FORM = 'property Name: [][A]_v';

// The same IR with every state variable read in the next state instead.
export function shiftVars<T>(x: T, by: number): T {
  if (Array.isArray(x)) return x.map((e) => shiftVars(e, by)) as unknown as T;
  if (!x || typeof x !== 'object') return x;
  const o = x as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) out[k] = k === 'type' || k === 'span' ? v : shiftVars(v, by);
  if (o.op === 'var' && typeof o.index === 'number') out.index = o.index + by;
  return out as T;
}

// x' (any state expression primed): only inside an action property, never twice.
export function lowerPrime(s: Scope, lower: (a: AExpr, env: Env) => Expr | null, a: Extract<AExpr, { k: 'un' }>, env: Env): Expr | null {
  if (!env.step) return s.err(a.span, `${printExpr(a)}: a primed expression (the value after a step) is only allowed in an action property, ${ACTION_PROPERTY_FORM}`);
  if (env.primed) return s.err(a.span, 'an expression that is already primed cannot be primed again');
  const e = lower(a.arg, { ...env, primed: true });
  if (!e) return null;
  if (env.constOnly) return e;
  return shiftVars(e, s.vars.length);
}

export function lowerActionProperty(s: Scope, exprs: Exprs, d: DeclOf<'property'>): ActionProperty | null {
  const box = d.expr;
  if (box.k !== 'actionBox') return null;
  const env: Env = { ...s.newEnv(), step: true };
  const action = exprs.boolExpr(box.action, env, 'the action A of [][A]_v');
  // v is a state expression or a tuple of them: unchanged means each part equal
  const parts = box.sub.k === 'tuple' ? box.sub.elems : [box.sub];
  if (parts.length === 0) return s.err(box.sub.span, 'the subscript v of [][A]_v names the variables a step may change: write a variable or <<x, y>>');
  const same: Expr[] = [];
  for (const p of parts) {
    const e = exprs.expr(p, { ...s.newEnv(), frame: env.frame });
    if (!e) return null;
    same.push(binE('eq', shiftVars(e, s.vars.length), e, BOOL, p.span));
  }
  if (!action) return null;
  const unchanged = same.reduce((acc, x) => binE('and', acc, x, BOOL, box.sub.span), lit(1, BOOL));
  return { name: d.name, expr: binE('or', action, unchanged, BOOL, box.span), frameSize: env.frame.n, span: d.span };
}
