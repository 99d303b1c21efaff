// Integer arithmetic in generated code. Where the operands' static bounds
// prove the result a safe integer, the plain JS operator is exact and is
// inlined; elsewhere a call to the exact helpers (dsl/int-arith.ts), which
// fall back to BigInt. The reference model's arithmetic is all inline.
import type { Expr } from '../../dsl/ir.js';
import * as exact from '../../dsl/int-arith.js';
import { isScalar, scalarBounds } from './types.js';

export type Bounds = readonly [number, number];

const MAX = Number.MAX_SAFE_INTEGER;
const UNBOUNDED: Bounds = [-Infinity, Infinity];
const cache = new WeakMap<Expr, Bounds>();

// Bounds every value of x lies within (a declared range, or derived from
// the operands for arithmetic, whose IR type is the unbounded int).
export function intBounds(x: Expr): Bounds {
  const hit = cache.get(x);
  if (hit) return hit;
  const b = compute(x);
  cache.set(x, b);
  return b;
}

function compute(x: Expr): Bounds {
  if (x.op === 'lit') return [x.value, x.value];
  const t = x.type;
  if (isScalar(t) && !(t.kind === 'int' && (!Number.isFinite(t.lo) || !Number.isFinite(t.hi)))) return scalarBounds(t);
  switch (x.op) {
    case 'un': {
      if (x.fn !== 'neg') return UNBOUNDED;
      const [lo, hi] = intBounds(x.arg);
      return [-hi, -lo];
    }
    case 'bin': {
      if (x.fn !== 'add' && x.fn !== 'sub' && x.fn !== 'mul' && x.fn !== 'div' && x.fn !== 'mod') return UNBOUNDED;
      const [a, b] = intBounds(x.left);
      const [c, d] = intBounds(x.right);
      if (x.fn === 'add') return [a + c, b + d];
      if (x.fn === 'sub') return [a - d, b - c];
      if (x.fn === 'mul') {
        const ps = [a * c, a * d, b * c, b * d].map((p) => (Number.isNaN(p) ? Infinity : p)); // 0 * Infinity
        return ps.some((p) => !Number.isFinite(p)) ? UNBOUNDED : [Math.min(...ps), Math.max(...ps)];
      }
      const m = Math.max(Math.abs(c), Math.abs(d));
      if (x.fn === 'mod') return [-m, m];
      const n = Math.max(Math.abs(a), Math.abs(b));
      return [-n, n];
    }
    case 'if': {
      const [a, b] = intBounds(x.then);
      const [c, d] = intBounds(x.else);
      return [Math.min(a, c), Math.max(b, d)];
    }
    case 'let': return intBounds(x.body);
    default: return UNBOUNDED;
  }
}

export function isSafe([lo, hi]: Bounds): boolean {
  return lo >= -MAX && hi <= MAX;
}

// JS source for `a op b` (a, b: the operands' source), exact at any size.
export function emitArith(fn: 'add' | 'sub' | 'mul', x: Expr, a: string, b: string, ref: (v: unknown) => string): string {
  if (isSafe(intBounds(x)) && isSafe(intBounds((x as Extract<Expr, { op: 'bin' }>).left)) && isSafe(intBounds((x as Extract<Expr, { op: 'bin' }>).right))) {
    return `(${a} ${fn === 'add' ? '+' : fn === 'sub' ? '-' : '*'} ${b})`;
  }
  return `${ref(exact[fn])}(${a}, ${b})`;
}

export function emitNeg(x: Expr, a: string, ref: (v: unknown) => string): string {
  return isSafe(intBounds(x)) ? `(-${a})` : `${ref(exact.neg)}(${a})`;
}

// True when `(v - lo) >>> 0 < n` tests lo <= v < lo + n exactly for every
// value of x (the difference stays within int32, so a negative one wraps
// past any n).
export function wrapTestExact(x: Expr, lo: number): boolean {
  const [a, b] = intBounds(x);
  return a - lo >= -(2 ** 31) && b - lo < 2 ** 31;
}
