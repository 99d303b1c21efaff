// Finite-type utilities shared by the compiler, the state layout and the
// trace decoder: cardinality, canonical enumeration and ranking of values.
import { List, Map as IMap, Set as ISet } from 'immutable';
import type { Type } from '../../dsl/ir.js';
import { printType } from '../../dsl/ir-print.js';
import { EvalError } from './eval-error.js';

// Types print as the spec writes them (one printer, shared with the spec diff).
export const typeToString = printType;

export type Value = number | List<Value> | ISet<Value> | IMap<Value, Value>;

export function isScalar(t: Type): boolean {
  return t.kind === 'bool' || t.kind === 'int' || t.kind === 'enum' || t.kind === 'rwsem';
}

// Bounds of a scalar type as stored (bool 0..1, enum 0..n-1, rwsem -1..max).
export function scalarBounds(t: Type): [number, number] {
  switch (t.kind) {
    case 'bool': return [0, 1];
    case 'int': return [t.lo, t.hi];
    case 'enum': return [0, t.members.length - 1];
    case 'rwsem': return [-1, t.maxReaders];
    default: throw new Error(`internal: ${t.kind} is not a scalar type`);
  }
}

// Number of values of a finite type (sets and maps included: 2^n, |V|^|K|).
export function cardinality(t: Type): number {
  switch (t.kind) {
    case 'bool': case 'int': case 'enum': case 'rwsem': {
      const [lo, hi] = scalarBounds(t);
      if (!Number.isFinite(lo) || !Number.isFinite(hi)) return Infinity;
      return Math.max(0, hi - lo + 1);
    }
    case 'record': return t.fields.reduce((n, f) => n * cardinality(f.type), 1);
    case 'tuple': return t.elems.reduce((n, e) => n * cardinality(e), 1);
    case 'union': return t.variants.reduce((n, v) => n + v.fields.reduce((m, f) => m * cardinality(f.type), 1), 0);
    case 'set': return 2 ** cardinality(t.elem);
    case 'map': return cardinality(t.value) ** cardinality(t.key);
    case 'seq': {
      const c = cardinality(t.elem);
      let total = 0;
      for (let n = 0; n <= t.cap; n++) total += c ** n;
      return total;
    }
    case 'any': return Infinity;
  }
}

const enumCache = new WeakMap<Type, readonly Value[]>();

// Every value of a finite type in canonical order (scalars ascending;
// compound values in mixed-radix order of their components).
export function finiteValues(t: Type): readonly Value[] {
  const cached = enumCache.get(t);
  if (cached) return cached;
  const n = cardinality(t);
  if (!Number.isFinite(n) || n > 1_000_000) {
    throw new EvalError(`the type ${typeToString(t)} has too many values to enumerate`);
  }
  let out: Value[];
  switch (t.kind) {
    case 'bool': case 'int': case 'enum': case 'rwsem': {
      const [lo, hi] = scalarBounds(t);
      out = [];
      for (let v = lo; v <= hi; v++) out.push(v);
      break;
    }
    case 'record': out = product(t.fields.map((f) => finiteValues(f.type))).map((vs) => List(vs)); break;
    case 'tuple': out = product(t.elems.map((e) => finiteValues(e))).map((vs) => List(vs)); break;
    // variant by variant, each in mixed-radix order of its fields
    case 'union': out = t.variants.flatMap((v, tag) => product(v.fields.map((f) => finiteValues(f.type))).map((vs) => List([tag, ...vs]))); break;
    case 'set': {
      const elems = finiteValues(t.elem);
      out = [];
      for (let mask = 0; mask < 2 ** elems.length; mask++) {
        out.push(ISet(elems.filter((_, i) => (mask >> i) & 1)));
      }
      break;
    }
    case 'map': {
      const keys = finiteValues(t.key);
      out = product(keys.map(() => finiteValues(t.value))).map((vs) => IMap(keys.map((k, i) => [k, vs[i]] as [Value, Value])));
      break;
    }
    case 'seq': {
      out = [];
      const elems = finiteValues(t.elem);
      for (let n = 0; n <= t.cap; n++) {
        for (const vs of product(Array.from({ length: n }, () => elems))) out.push(List(vs));
      }
      break;
    }
    case 'any': throw new EvalError('internal: cannot enumerate an untyped value');
  }
  enumCache.set(t, out);
  return out;
}

export function product<T>(lists: readonly (readonly T[])[]): T[][] {
  let acc: T[][] = [[]];
  for (const l of lists) {
    const next: T[][] = [];
    for (const prefix of acc) for (const x of l) next.push([...prefix, x]);
    acc = next;
  }
  return acc;
}

// Position of a value in finiteValues(t), or -1 when it is not a value of t.
// Scalars and tuples/records of scalars are ranked arithmetically (hot path).
export function rank(t: Type, v: Value): number {
  switch (t.kind) {
    case 'bool': case 'int': case 'enum': case 'rwsem': {
      const [lo, hi] = scalarBounds(t);
      const n = v as number;
      return n >= lo && n <= hi ? n - lo : -1;
    }
    case 'record': case 'tuple': {
      const parts = t.kind === 'record' ? t.fields.map((f) => f.type) : t.elems;
      const l = v as List<Value>;
      let r = 0;
      for (let i = 0; i < parts.length; i++) {
        const ri = rank(parts[i], l.get(i) as Value);
        if (ri < 0) return -1;
        r = r * cardinality(parts[i]) + ri;
      }
      return r;
    }
    case 'union': {
      const l = v as List<Value>;
      const tag = l.get(0) as number;
      if (typeof tag !== 'number' || tag < 0 || tag >= t.variants.length) return -1;
      let r = 0;
      for (let i = 0; i < tag; i++) r += t.variants[i].fields.reduce((m, f) => m * cardinality(f.type), 1);
      let within = 0;
      const fields = t.variants[tag].fields;
      for (let i = 0; i < fields.length; i++) {
        const ri = rank(fields[i].type, l.get(i + 1) as Value);
        if (ri < 0) return -1;
        within = within * cardinality(fields[i].type) + ri;
      }
      return r + within;
    }
    default: {
      const all = finiteValues(t);
      for (let i = 0; i < all.length; i++) if (valueEquals(all[i], v)) return i;
      return -1;
    }
  }
}

export function valueEquals(a: Value, b: Value): boolean {
  if (typeof a !== 'object' || typeof b !== 'object') return a === b; // numbers (and a BigInt past 2^53)
  return a.equals(b as never);
}

// Total order on values of one type, used for deterministic CHOOSE and for
// printing sets and maps in a stable order.
export function compareValues(a: Value, b: Value): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  // an integer past 2^53 is a BigInt (dsl/int-arith.ts); < compares it exactly
  if (typeof a !== 'object' && typeof b !== 'object') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a !== 'object') return -1;
  if (typeof b !== 'object') return 1;
  if (ISet.isSet(a) && ISet.isSet(b)) {
    const sa = sortValues([...(a as ISet<Value>)]);
    const sb = sortValues([...(b as ISet<Value>)]);
    return compareArrays(sa, sb);
  }
  if (IMap.isMap(a) && IMap.isMap(b)) {
    const ea = sortValues([...(a as IMap<Value, Value>).keys()]).map((k) => List([k, (a as IMap<Value, Value>).get(k) as Value]));
    const eb = sortValues([...(b as IMap<Value, Value>).keys()]).map((k) => List([k, (b as IMap<Value, Value>).get(k) as Value]));
    return compareArrays(ea, eb);
  }
  return compareArrays([...(a as List<Value>)], [...(b as List<Value>)]);
}

function compareArrays(a: readonly Value[], b: readonly Value[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = compareValues(a[i], b[i]);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

export function sortValues(vs: Value[]): Value[] {
  return vs.sort(compareValues);
}

