// Specialise an action for one parameter binding: each scalar parameter is
// replaced by a literal, so `pc[t] == idle` compiles to a read of one fixed
// slot (static offsets, constant folding) instead of a lookup per state.
import type { Action, Expr } from '../../dsl/ir.js';
import { isScalar, type Value } from './types.js';

export function bindParams(action: Action, args: readonly Value[]): Action {
  const bound = new Map<number, number>();
  action.params.forEach((p, i) => { if (isScalar(p.domain)) bound.set(p.slot, args[i] as number); });
  if (bound.size === 0) return action;
  return { ...action, guard: substituteLocals(action.guard, bound), body: substituteLocals(action.body, bound) };
}

// A copy of an IR tree (expression, statements) with the locals in `values`
// (slot -> scalar) replaced by literals; also unrolls quantifiers (codegen.ts).
export function substituteLocals<T>(x: T, values: ReadonlyMap<number, number>): T {
  const sub = (y: unknown): unknown => {
    if (y === null || typeof y !== 'object') return y;
    if (Array.isArray(y)) return y.map(sub);
    const o = y as Record<string, unknown>;
    if (o.op === 'local' && values.has(o.slot as number)) {
      const e = o as unknown as Expr;
      return { op: 'lit', value: values.get(o.slot as number)!, type: e.type, span: e.span } satisfies Expr;
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) out[k] = k === 'type' || k === 'span' ? v : sub(v);
    return out;
  };
  return sub(x) as T;
}
