// Values in the Informal Trace Format (Apalache ADR-015), guided by the
// spec's types, both ways: ints as JSON numbers ({"#bigint": "..."} beyond
// 2^53), bools as JSON booleans, enum members and model values as strings,
// sets {"#set": [...]}, maps {"#map": [[k, v], ...]}, tuples {"#tup": [...]},
// queues (sequences) as arrays, records as objects, variants of a tagged
// union as {"tag": T, "value": {fields}}. Sets and maps are listed
// in the canonical value order, so the same value always prints the same.
import { List, Map as IMap, Set as ISet } from 'immutable';
import type { Type } from '../dsl/ir.js';
import { sortValues, type Value } from '../checker/compile/types.js';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export function toItf(t: Type, v: Value): Json {
  switch (t.kind) {
    case 'bool': return v !== 0;
    case 'int': case 'rwsem': {
      const n = v as number;
      return Number.isSafeInteger(n) ? n : { '#bigint': String(n) };
    }
    case 'enum': return t.members[v as number] ?? String(v);
    case 'record': {
      const l = v as List<Value>;
      const o: { [k: string]: Json } = {};
      t.fields.forEach((f, i) => { o[f.name] = toItf(f.type, l.get(i) as Value); });
      return o;
    }
    case 'tuple': return { '#tup': t.elems.map((e, i) => toItf(e, (v as List<Value>).get(i) as Value)) };
    case 'seq': return [...(v as List<Value>)].map((e) => toItf(t.elem, e));
    case 'set': return { '#set': sortValues([...(v as ISet<Value>)]).map((e) => toItf(t.elem, e)) };
    case 'map': {
      const m = v as IMap<Value, Value>;
      return { '#map': sortValues([...m.keys()]).map((k) => [toItf(t.key, k), toItf(t.value, m.get(k) as Value)]) };
    }
    // as Apalache's variants: {"tag": "Prepared", "value": {"rm": "r1"}}
    case 'union': {
      const l = v as List<Value>;
      const variant = t.variants[l.get(0) as number];
      const o: { [k: string]: Json } = {};
      variant.fields.forEach((f, i) => { o[f.name] = toItf(f.type, l.get(i + 1) as Value); });
      return { tag: variant.tag, value: o };
    }
    case 'any': return String(v);
  }
}

// A value that does not fit the type: the message says where and why.
export class ItfValueError extends Error {}

function describe(j: unknown): string {
  const s = JSON.stringify(j);
  return s === undefined ? String(j) : s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

function isObj(j: unknown): j is { [k: string]: unknown } {
  return typeof j === 'object' && j !== null && !Array.isArray(j);
}

function int(j: unknown, where: string): number {
  if (typeof j === 'number' && Number.isInteger(j)) return j;
  if (isObj(j) && typeof j['#bigint'] === 'string' && /^-?\d+$/.test(j['#bigint'] as string)) {
    const n = Number(j['#bigint']);
    if (Number.isSafeInteger(n)) return n;
  }
  throw new ItfValueError(`${where}: expected an integer, got ${describe(j)}`);
}

function arrayOf(j: unknown, tag: string, where: string): unknown[] {
  if (isObj(j) && Array.isArray(j[tag])) return j[tag] as unknown[];
  if (tag === '#tup' && Array.isArray(j)) return j;
  throw new ItfValueError(`${where}: expected {"${tag}": [...]}, got ${describe(j)}`);
}

// The inverse of toItf. Range checks (ints within their bounds, maps total)
// are left to checker/compile/layout.ts encode().
export function fromItf(t: Type, j: unknown, where: string): Value {
  switch (t.kind) {
    case 'bool':
      if (typeof j === 'boolean') return j ? 1 : 0;
      throw new ItfValueError(`${where}: expected true or false, got ${describe(j)}`);
    case 'int': case 'rwsem': return int(j, where);
    case 'enum': {
      const i = typeof j === 'string' ? t.members.indexOf(j) : -1;
      if (i < 0) throw new ItfValueError(`${where}: expected one of ${t.members.join(', ')}, got ${describe(j)}`);
      return i;
    }
    case 'record': {
      if (!isObj(j)) throw new ItfValueError(`${where}: expected a record, got ${describe(j)}`);
      const extra = Object.keys(j).filter((k) => !t.fields.some((f) => f.name === k));
      if (extra.length) throw new ItfValueError(`${where}: the record has no field ${extra[0]}`);
      return List(t.fields.map((f) => {
        if (!(f.name in j)) throw new ItfValueError(`${where}: the record lacks field ${f.name}`);
        return fromItf(f.type, j[f.name], `${where}.${f.name}`);
      }));
    }
    case 'tuple': {
      const a = arrayOf(j, '#tup', where);
      if (a.length !== t.elems.length) throw new ItfValueError(`${where}: expected a ${t.elems.length}-tuple, got ${a.length} elements`);
      return List(t.elems.map((e, i) => fromItf(e, a[i], `${where}[${i + 1}]`)));
    }
    case 'seq': {
      if (!Array.isArray(j)) throw new ItfValueError(`${where}: expected a sequence (JSON array), got ${describe(j)}`);
      return List(j.map((e, i) => fromItf(t.elem, e, `${where}[${i + 1}]`)));
    }
    case 'set': return ISet(arrayOf(j, '#set', where).map((e) => fromItf(t.elem, e, `${where} element`)));
    case 'map': {
      const pairs = arrayOf(j, '#map', where);
      return IMap<Value, Value>().withMutations((m) => {
        for (const p of pairs) {
          if (!Array.isArray(p) || p.length !== 2) throw new ItfValueError(`${where}: a #map entry must be [key, value], got ${describe(p)}`);
          m.set(fromItf(t.key, p[0], `${where} key`), fromItf(t.value, p[1], `${where}[${describe(p[0])}]`));
        }
      });
    }
    case 'union': {
      const tag = isObj(j) && typeof j.tag === 'string' ? t.variants.findIndex((v) => v.tag === j.tag) : -1;
      if (!isObj(j) || tag < 0) throw new ItfValueError(`${where}: expected {"tag": ${t.variants.map((v) => v.tag).join(' | ')}, "value": {...}}, got ${describe(j)}`);
      const fields = t.variants[tag].fields;
      const val = j.value ?? {};
      if (!isObj(val)) throw new ItfValueError(`${where}: the value of variant ${t.variants[tag].tag} must be a record, got ${describe(val)}`);
      return List<Value>([tag, ...fields.map((f) => {
        if (!(f.name in val)) throw new ItfValueError(`${where}: variant ${t.variants[tag].tag} lacks field ${f.name}`);
        return fromItf(f.type, val[f.name], `${where}.${f.name}`);
      })]);
    }
    case 'any': throw new ItfValueError(`${where}: untyped value`);
  }
}
