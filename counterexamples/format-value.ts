// Values printed in the spec's own notation, guided by their type:
// enum members by name, sets and maps in canonical order, records by field.
import { List, Map as IMap, Set as ISet } from 'immutable';
import type { Type } from '../dsl/ir.js';
import { sortValues, type Value } from '../checker/compile/types.js';

export function formatValue(t: Type, v: Value): string {
  switch (t.kind) {
    case 'bool': return v ? 'true' : 'false';
    case 'int': return String(v);
    case 'rwsem': return formatRwsem(v as number);
    case 'enum': return t.members[v as number] ?? `?${String(v)}`;
    case 'record': {
      const l = v as List<Value>;
      return `[${t.fields.map((f, i) => `${f.name} |-> ${formatValue(f.type, l.get(i) as Value)}`).join(', ')}]`;
    }
    case 'tuple': {
      const l = v as List<Value>;
      return `<<${t.elems.map((e, i) => formatValue(e, l.get(i) as Value)).join(', ')}>>`;
    }
    case 'seq': return `<<${[...(v as List<Value>)].map((e) => formatValue(t.elem, e)).join(', ')}>>`;
    case 'set': return `{${sortValues([...(v as ISet<Value>)]).map((e) => formatValue(t.elem, e)).join(', ')}}`;
    case 'map': {
      const m = v as IMap<Value, Value>;
      return `[${sortValues([...m.keys()]).map((k) => `${formatValue(t.key, k)} |-> ${formatValue(t.value, m.get(k) as Value)}`).join(', ')}]`;
    }
    case 'union': {
      const l = v as List<Value>;
      const variant = t.variants[l.get(0) as number];
      if (!variant) return `?${String(l.get(0))}`;
      return variant.fields.length ? `${variant.tag}(${variant.fields.map((f, i) => formatValue(f.type, l.get(i + 1) as Value)).join(', ')})` : variant.tag;
    }
    case 'any': return String(v);
  }
}

// A rwsem is easier to read as its state than as -1 / 0 / n.
export function formatRwsem(v: number): string {
  return v < 0 ? 'write-locked' : v === 0 ? 'free' : `${v} reader${v > 1 ? 's' : ''}`;
}
