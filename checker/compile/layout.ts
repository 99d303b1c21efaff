// Packed state layout: every variable gets a fixed run of integer slots, each
// slot holding (value - lo) of one scalar, so a state is one small typed array.
//   scalar: 1 slot | record/tuple: its fields | set<E>: one 0/1 slot per value of E
//   map [K -> V]: one run of V per key, in rank order | queue<E, N>: length, then N runs of E
import { List, Map as IMap, Set as ISet } from 'immutable';
import type { Spec, Type } from '../../dsl/ir.js';
import type { ConstraintSlack } from './constraint-slack.js';
import { EvalError } from './eval-error.js';
import { cardinality, finiteValues, rank, scalarBounds, typeToString, type Value } from './types.js';

export function slotCount(t: Type): number {
  switch (t.kind) {
    case 'bool': case 'int': case 'enum': case 'rwsem': return 1;
    case 'record': return t.fields.reduce((n, f) => n + slotCount(f.type), 0);
    case 'tuple': return t.elems.reduce((n, e) => n + slotCount(e), 0);
    // the tag, then every variant's fields (those of the other variants stay 0)
    case 'union': return t.variants.reduce((n, v) => n + v.fields.reduce((m, f) => m + slotCount(f.type), 0), 1);
    case 'set': return cardinality(t.elem);
    case 'map': return cardinality(t.key) * slotCount(t.value);
    case 'seq': return 1 + t.cap * slotCount(t.elem);
    case 'any': throw new Error('internal: untyped variable');
  }
}

export interface StateLayout {
  readonly size: number; // slots per state
  readonly offsets: readonly number[]; // first slot of each variable
  readonly lo: Int32Array; // per slot: the value stored as 0
  readonly hi: Int32Array;
  readonly maxSpan: number; // largest hi - lo over all slots
}

export function layoutOf(spec: Spec): StateLayout {
  const offsets: number[] = [];
  const lo: number[] = [];
  const hi: number[] = [];
  for (const v of spec.vars) {
    offsets.push(lo.length);
    fillBounds(v.type, lo, hi, v.name);
  }
  let maxSpan = 0;
  for (let i = 0; i < lo.length; i++) maxSpan = Math.max(maxSpan, hi[i] - lo[i]);
  return { size: lo.length, offsets, lo: Int32Array.from(lo), hi: Int32Array.from(hi), maxSpan };
}

function fillBounds(t: Type, lo: number[], hi: number[], where: string): void {
  switch (t.kind) {
    case 'bool': case 'int': case 'enum': case 'rwsem': {
      const [l, h] = scalarBounds(t);
      if (!Number.isFinite(l) || !Number.isFinite(h)) throw new EvalError(`variable ${where} has an unbounded type`);
      lo.push(l); hi.push(h);
      return;
    }
    case 'record': for (const f of t.fields) fillBounds(f.type, lo, hi, `${where}.${f.name}`); return;
    case 'tuple': t.elems.forEach((e, i) => fillBounds(e, lo, hi, `${where}[${i + 1}]`)); return;
    case 'union':
      lo.push(0); hi.push(t.variants.length - 1);
      for (const v of t.variants) for (const f of v.fields) fillBounds(f.type, lo, hi, `${where}.${v.tag}.${f.name}`);
      return;
    case 'set': for (let i = 0; i < cardinality(t.elem); i++) { lo.push(0); hi.push(1); } return;
    case 'map': for (let i = 0; i < cardinality(t.key); i++) fillBounds(t.value, lo, hi, `${where}[...]`); return;
    case 'seq':
      lo.push(0); hi.push(t.cap);
      for (let i = 0; i < t.cap; i++) fillBounds(t.elem, lo, hi, `${where}[${i + 1}]`);
      return;
    case 'any': throw new Error('internal: untyped variable');
  }
}

// Read the value of type t stored from slot `off`.
export function decode(t: Type, s: ArrayLike<number>, off: number): Value {
  switch (t.kind) {
    case 'bool': case 'int': case 'enum': case 'rwsem': return s[off] + scalarBounds(t)[0];
    case 'record': case 'tuple': {
      const parts = t.kind === 'record' ? t.fields.map((f) => f.type) : t.elems;
      const out: Value[] = [];
      for (const p of parts) { out.push(decode(p, s, off)); off += slotCount(p); }
      return List(out);
    }
    case 'union': {
      const tag = s[off];
      let at = off + 1 + variantOffset(t, tag);
      const out: Value[] = [tag];
      for (const f of t.variants[tag].fields) { out.push(decode(f.type, s, at)); at += slotCount(f.type); }
      return List(out);
    }
    case 'set': {
      const elems = finiteValues(t.elem);
      return ISet<Value>().withMutations((m) => { elems.forEach((e, i) => { if (s[off + i]) m.add(e); }); });
    }
    case 'map': {
      const keys = finiteValues(t.key);
      const w = slotCount(t.value);
      return IMap<Value, Value>().withMutations((m) => { keys.forEach((k, i) => { m.set(k, decode(t.value, s, off + i * w)); }); });
    }
    case 'seq': {
      const n = s[off];
      const w = slotCount(t.elem);
      const out: Value[] = [];
      for (let i = 0; i < n; i++) out.push(decode(t.elem, s, off + 1 + i * w));
      return List(out);
    }
    case 'any': throw new Error('internal: untyped value');
  }
}

// Store value v of type t from slot `off`, checking it fits the declared domain.
// With `slack` (a variable a constraint reads), an out-of-range integer is kept for the constraints to judge.
export function encode(t: Type, v: Value, s: Int32Array, off: number, where: string, slack?: ConstraintSlack | null): void {
  switch (t.kind) {
    case 'bool': case 'int': case 'enum': case 'rwsem': {
      const [lo, hi] = scalarBounds(t);
      const n = v as number;
      if ((n < lo || n > hi) && slack) { s[off] = slack.miss(off, n, lo, hi, where); return; }
      if (n < lo || n > hi) throw new EvalError(`value ${n} is outside the declared range ${lo}..${hi} of ${where}`);
      s[off] = n - lo;
      return;
    }
    case 'record': case 'tuple': {
      const parts = t.kind === 'record' ? t.fields.map((f) => f.type) : t.elems;
      const l = v as List<Value>;
      parts.forEach((p, i) => { encode(p, l.get(i) as Value, s, off, where, slack); off += slotCount(p); });
      return;
    }
    case 'union': {
      const l = v as List<Value>;
      const tag = l.get(0) as number;
      s.fill(0, off, off + slotCount(t)); // the other variants' fields: one encoding per value
      s[off] = tag;
      let at = off + 1 + variantOffset(t, tag);
      t.variants[tag].fields.forEach((f, i) => { encode(f.type, l.get(i + 1) as Value, s, at, where, slack); at += slotCount(f.type); });
      return;
    }
    case 'set': {
      const n = cardinality(t.elem);
      for (let i = 0; i < n; i++) s[off + i] = 0;
      for (const e of v as ISet<Value>) {
        const r = rank(t.elem, e);
        if (r < 0) throw new EvalError(`a set stored in ${where} holds a value outside ${typeToString(t.elem)}`);
        s[off + r] = 1;
      }
      return;
    }
    case 'map': {
      const m = v as IMap<Value, Value>;
      const keys = finiteValues(t.key);
      if (m.size !== keys.length) throw new EvalError(`a map stored in ${where} must be defined on all of ${typeToString(t.key)} (it has ${m.size} of ${keys.length} keys)`);
      const w = slotCount(t.value);
      keys.forEach((k, i) => {
        if (!m.has(k)) throw new EvalError(`a map stored in ${where} is not defined on every key of ${typeToString(t.key)}`);
        encode(t.value, m.get(k) as Value, s, off + i * w, `${where}`, slack);
      });
      return;
    }
    case 'seq': {
      const l = v as List<Value>;
      if (l.size > t.cap) throw new EvalError(`${where} would hold ${l.size} elements, over its capacity ${t.cap}`);
      const w = slotCount(t.elem);
      s[off] = l.size;
      for (let i = 0; i < t.cap * w; i++) s[off + 1 + i] = 0; // unused slots stay 0: one encoding per value
      l.forEach((e, i) => encode(t.elem, e, s, off + 1 + i * w, where, slack));
      return;
    }
    case 'any': throw new Error('internal: untyped value');
  }
}

// The all-default state: bool false, int 0 if in range else lo, enum first
// member, set and queue empty, rwsem free. Slots hold value - lo.
export function defaultState(spec: Spec, layout: StateLayout): Int32Array {
  const s = new Int32Array(layout.size);
  spec.vars.forEach((v, i) => encode(v.type, defaultValue(v.type), s, layout.offsets[i], v.name));
  return s;
}

export function defaultValue(t: Type): Value {
  switch (t.kind) {
    case 'bool': return 0;
    case 'int': return t.lo <= 0 && 0 <= t.hi ? 0 : t.lo;
    case 'enum': return 0;
    case 'rwsem': return 0;
    case 'record': return List(t.fields.map((f) => defaultValue(f.type)));
    case 'tuple': return List(t.elems.map(defaultValue));
    case 'union': return List([0, ...t.variants[0].fields.map((f) => defaultValue(f.type))]);
    case 'set': return ISet();
    case 'map': return IMap(finiteValues(t.key).map((k) => [k, defaultValue(t.value)] as [Value, Value]));
    case 'seq': return List();
    case 'any': throw new Error('internal: untyped value');
  }
}

// Slots of the fields of the variants before `tag` (after the tag slot).
function variantOffset(t: Extract<Type, { kind: 'union' }>, tag: number): number {
  let n = 0;
  for (let i = 0; i < tag; i++) for (const f of t.variants[i].fields) n += slotCount(f.type);
  return n;
}
