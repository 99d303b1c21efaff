// Constant folding for the checker: the value of a constant scalar
// expression, or the elements of a constant finite set.
import type { Expr } from '../ir.js';
import { add, div, type Int, mod, mul, neg, sub } from '../int-arith.js';
import { scalarValues, tInt } from '../types.js';

// Evaluate a constant scalar expression (ints / bools / enum literals), or
// null. Exact: a result past 2^53 is returned rounded, so it still fails
// every int32 check with a message that shows its magnitude.
export function evalConst(e: Expr): number | null {
  const v = evalExact(e);
  return v === null ? null : Number(v);
}

function evalExact(e: Expr): Int | null {
  switch (e.op) {
    case 'lit': return e.value;
    case 'un': {
      if (e.fn === 'card') {
        const xs = constElems(e.arg);
        return xs ? xs.length : null;
      }
      const a = evalExact(e.arg);
      if (a === null) return null;
      if (e.fn === 'neg') return neg(a);
      if (e.fn === 'not') return a ? 0 : 1;
      return null;
    }
    case 'bin': {
      const l = evalExact(e.left);
      const r = evalExact(e.right);
      if (l === null || r === null) return null;
      switch (e.fn) {
        case 'add': return add(l, r);
        case 'sub': return sub(l, r);
        case 'mul': return mul(l, r);
        case 'div': return r === 0 ? null : div(l, r);
        case 'mod': return r === 0 ? null : mod(l, r);
        case 'eq': return l === r ? 1 : 0;
        case 'ne': return l !== r ? 1 : 0;
        case 'lt': return l < r ? 1 : 0;
        case 'le': return l <= r ? 1 : 0;
        case 'gt': return l > r ? 1 : 0;
        case 'ge': return l >= r ? 1 : 0;
        case 'and': return l && r ? 1 : 0;
        case 'or': return l || r ? 1 : 0;
        case 'implies': return !l || r ? 1 : 0;
        case 'iff': return !!l === !!r ? 1 : 0;
        default: return null;
      }
    }
    case 'if': {
      const c = evalExact(e.cond);
      if (c === null) return null;
      return evalExact(c ? e.then : e.else);
    }
    default: return null;
  }
}

// The elements of a constant finite set expression, or null.
export function constElems(e: Expr): number[] | null {
  if (e.op === 'all') return scalarValues(e.of);
  if (e.op === 'bin' && e.fn === 'range') {
    const lo = evalConst(e.left);
    const hi = evalConst(e.right);
    if (lo === null || hi === null) return null;
    return scalarValues(tInt(lo, hi)) ?? null;
  }
  if (e.op === 'setLit') {
    const out: number[] = [];
    for (const x of e.elems) {
      const v = evalConst(x);
      if (v === null) return null;
      if (!out.includes(v)) out.push(v);
    }
    return out.sort((a, b) => a - b);
  }
  return null;
}
