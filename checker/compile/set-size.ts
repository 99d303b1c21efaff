// Sizes of the sets the evaluator builds by multiplying (sets of maps, sets of
// records, powersets, types used as sets), known before they are built: a set
// past MAX_BUILT is an evaluation error that names its size instead of an
// out-of-memory death, and card() of one is computed without building it.
import type { Expr } from '../../dsl/ir.js';
import { norm, type Int } from '../../dsl/int-arith.js';
import { EvalError } from './eval-error.js';
import type { Eval } from './slot-path.js';
import { cardinality } from './types.js';

export const MAX_BUILT = 1_000_000;

// Elements of a set of maps / records / subsets, exactly (a BigInt past 2^53).
export function mapSetSize(domain: number, range: number): Int {
  return norm(BigInt(range) ** BigInt(domain));
}
export function productSize(sizes: readonly number[]): Int {
  return norm(sizes.reduce((n, k) => n * BigInt(k), 1n));
}
export function powersetSize(n: number): Int {
  return norm(2n ** BigInt(n));
}

// Refuse to build a set of n elements past the limit.
export function ensureBuildable(n: Int, x: Expr): void {
  if (n > MAX_BUILT) throw new EvalError(`the set has ${n.toLocaleString('en-US')} elements, too many to build (at most ${MAX_BUILT}); card() of it is computed without building it`, x.span);
}

// card(x) for a set x that is a product of smaller sets, without building
// x; null for any other x. `sizeOf` evaluates a sub-expression's size.
export function cardWithoutBuilding(x: Expr, sizeOf: (e: Expr) => Eval): Eval | null {
  switch (x.op) {
    case 'all': { const n = cardinality(x.of); return Number.isSafeInteger(n) ? () => n : null; }
    case 'mapSet': {
      const d = sizeOf(x.domain), r = sizeOf(x.range);
      return (s, e) => mapSetSize(d(s, e), r(s, e));
    }
    case 'recordSet': {
      const fs = x.fields.map((f) => sizeOf(f.set));
      return (s, e) => productSize(fs.map((f) => f(s, e)));
    }
    case 'un': {
      if (x.fn !== 'powerset') return null;
      const a = sizeOf(x.arg);
      return (s, e) => powersetSize(a(s, e));
    }
    default: return null;
  }
}
