// Specialise an action for one parameter binding: each scalar parameter is
// replaced by a literal, so `pc[t] == idle` compiles to a read of one fixed
// slot (static offsets, constant folding) instead of a lookup per state.
import type { Action, Expr, Param } from '../dsl/ir.js';
import { isScalar, type Value } from './types.js';

export function bindParams(action: Action, args: readonly Value[]): Action {
  const bound = new Map<number, { p: Param; v: number }>();
  action.params.forEach((p, i) => { if (isScalar(p.domain)) bound.set(p.slot, { p, v: args[i] as number }); });
  if (bound.size === 0) return action;
  const sub = (x: unknown): unknown => {
    if (x === null || typeof x !== 'object') return x;
    if (Array.isArray(x)) return x.map(sub);
    const o = x as Record<string, unknown>;
    if (o.op === 'local' && bound.has(o.slot as number)) {
      const e = o as unknown as Expr;
      return { op: 'lit', value: bound.get(o.slot as number)!.v, type: e.type, span: e.span } satisfies Expr;
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) out[k] = k === 'type' || k === 'span' ? v : sub(v);
    return out;
  };
  return { ...action, guard: sub(action.guard) as Expr | null, body: sub(action.body) as Action['body'] };
}
