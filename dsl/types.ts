// Helpers over IR types: construction, display, unification, finiteness.
import type { Expr, Type } from './ir.js';

export const BOOL: Type = { kind: 'bool' };
export const INT: Type = { kind: 'int', lo: -Infinity, hi: Infinity };
export const ANY: Type = { kind: 'any' };
export const tInt = (lo: number, hi: number): Type => ({ kind: 'int', lo, hi });
export const tSet = (elem: Type): Type => ({ kind: 'set', elem });
export const tSeq = (elem: Type, cap = Infinity): Type => ({ kind: 'seq', elem, cap });

export function isIntLike(t: Type): boolean {
  return t.kind === 'int' || t.kind === 'rwsem';
}

export function typeName(t: Type): string {
  switch (t.kind) {
    case 'bool': return 'bool';
    case 'int': return Number.isFinite(t.lo) && Number.isFinite(t.hi) ? (t.lo === t.hi ? `int (${t.lo})` : `${t.lo}..${t.hi}`) : 'int';
    case 'enum': return t.name;
    case 'record': return `[${t.fields.map((f) => `${f.name}: ${typeName(f.type)}`).join(', ')}]`;
    case 'tuple': return `<<${t.elems.map(typeName).join(', ')}>>`;
    case 'set': return `set<${typeName(t.elem)}>`;
    case 'map': return `[${typeName(t.key)} -> ${typeName(t.value)}]`;
    case 'seq': return Number.isFinite(t.cap) ? `queue<${typeName(t.elem)}, ${t.cap}>` : `seq<${typeName(t.elem)}>`;
    case 'rwsem': return 'rwsem';
    case 'union': return t.name;
    case 'any': return 'anything';
  }
}

// The least type holding values of both, or null if they are incompatible.
export function unify(a: Type, b: Type): Type | null {
  if (a.kind === 'any') return b;
  if (b.kind === 'any') return a;
  if (isIntLike(a) && isIntLike(b)) {
    if (a.kind === 'rwsem' && b.kind === 'rwsem') return a.maxReaders >= b.maxReaders ? a : b;
    const ra = a.kind === 'int' ? a : { lo: -1, hi: a.kind === 'rwsem' ? a.maxReaders : 0 };
    const rb = b.kind === 'int' ? b : { lo: -1, hi: b.kind === 'rwsem' ? b.maxReaders : 0 };
    return tInt(Math.min(ra.lo, rb.lo), Math.max(ra.hi, rb.hi));
  }
  switch (a.kind) {
    case 'bool': return b.kind === 'bool' ? a : null;
    case 'enum': return b.kind === 'enum' && b.name === a.name ? a : null;
    case 'union': return b.kind === 'union' && b.name === a.name ? a : null;
    case 'record': {
      if (b.kind !== 'record' || b.fields.length !== a.fields.length) return null;
      const fields: { name: string; type: Type }[] = [];
      for (let i = 0; i < a.fields.length; i++) {
        if (a.fields[i].name !== b.fields[i].name) return null;
        const t = unify(a.fields[i].type, b.fields[i].type);
        if (!t) return null;
        fields.push({ name: a.fields[i].name, type: t });
      }
      return { kind: 'record', fields };
    }
    case 'tuple': {
      if (b.kind !== 'tuple' || b.elems.length !== a.elems.length) return null;
      const elems: Type[] = [];
      for (let i = 0; i < a.elems.length; i++) {
        const t = unify(a.elems[i], b.elems[i]);
        if (!t) return null;
        elems.push(t);
      }
      return { kind: 'tuple', elems };
    }
    case 'set': {
      if (b.kind !== 'set') return null;
      const e = unify(a.elem, b.elem);
      return e ? tSet(e) : null;
    }
    case 'seq': {
      if (b.kind !== 'seq') return null;
      const e = unify(a.elem, b.elem);
      return e ? tSeq(e, Math.max(a.cap, b.cap)) : null;
    }
    case 'map': {
      if (b.kind !== 'map') return null;
      const k = unify(a.key, b.key);
      const v = unify(a.value, b.value);
      return k && v ? { kind: 'map', key: k, value: v } : null;
    }
    default: return null;
  }
}

export function typeEq(a: Type, b: Type): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function isFiniteType(t: Type): boolean {
  switch (t.kind) {
    case 'bool': case 'enum': case 'rwsem': return true;
    case 'int': return Number.isFinite(t.lo) && Number.isFinite(t.hi);
    case 'record': return t.fields.every((f) => isFiniteType(f.type));
    case 'tuple': return t.elems.every(isFiniteType);
    case 'set': return isFiniteType(t.elem);
    case 'map': return isFiniteType(t.key) && isFiniteType(t.value);
    case 'seq': return Number.isFinite(t.cap) && isFiniteType(t.elem);
    case 'union': return t.variants.every((v) => v.fields.every((f) => isFiniteType(f.type)));
    case 'any': return false;
  }
}

export function isScalar(t: Type): boolean {
  return t.kind === 'bool' || t.kind === 'int' || t.kind === 'enum' || t.kind === 'rwsem';
}

// Give a literal (set, sequence, tuple, record, map builder...) the type of
// the place it flows into, so `{}` assigned to a set<PAGES> is a set<PAGES>.
export function coerce(e: Expr, t: Type): Expr {
  if (t.kind === 'any' || isScalar(t)) return e;
  switch (e.op) {
    case 'setLit':
      return t.kind === 'set' ? { ...e, elems: e.elems.map((x) => coerce(x, t.elem)), type: t } : e;
    case 'seqLit':
    case 'tupleLit':
      if (t.kind === 'seq') return { op: 'seqLit', elems: e.elems.map((x) => coerce(x, t.elem)), type: t, ...(e.span ? { span: e.span } : {}) };
      if (t.kind === 'tuple' && e.op === 'tupleLit' && t.elems.length === e.elems.length) return { ...e, elems: e.elems.map((x, i) => coerce(x, t.elems[i])), type: t };
      return e;
    case 'recordLit':
      if (t.kind !== 'record') return e;
      return { ...e, fields: e.fields.map((f) => ({ name: f.name, value: coerce(f.value, t.fields.find((g) => g.name === f.name)?.type ?? ANY) })), type: t };
    case 'if':
      return { ...e, then: coerce(e.then, t), else: coerce(e.else, t), type: t };
    case 'case':
      return { ...e, arms: e.arms.map((a) => ({ cond: a.cond, value: coerce(a.value, t) })), other: e.other ? coerce(e.other, t) : null, type: t };
    case 'let':
      return { ...e, body: coerce(e.body, t), type: t };
    case 'mapBuild':
      return t.kind === 'map' ? { ...e, body: coerce(e.body, t.value), type: t } : e;
    default:
      return e;
  }
}

// Values of a finite scalar type, encoded (for fairness expansion).
export function scalarValues(t: Type): number[] | null {
  switch (t.kind) {
    case 'bool': return [0, 1];
    case 'enum': return t.members.map((_, i) => i);
    case 'int':
      if (!Number.isFinite(t.lo) || !Number.isFinite(t.hi) || t.hi - t.lo > 100000) return null;
      return Array.from({ length: t.hi - t.lo + 1 }, (_, i) => t.lo + i);
    default: return null;
  }
}

// Limits that keep every spec inside what the checker can represent: a state
// slot is an Int32, and a domain that is enumerated (a map's keys, a set's
// possible elements, a parameter, a type used as a set) is materialised.
export const INT_MIN = -(2 ** 31);
export const INT_MAX = 2 ** 31 - 1;
export const MAX_ENUMERATED = 1_000_000; // values of one enumerated domain
export const MAX_STATE_SLOTS = 1_000_000; // integer slots of one state
// model values of one set: each is a name of the spec, so a count past this
// only costs seconds and memory before another limit refuses it
export const MAX_MODEL_VALUES = 1_000;

export function inInt32(v: number): boolean {
  return Number.isSafeInteger(v) && v >= INT_MIN && v <= INT_MAX;
}

// Number of values of a type (Infinity when unbounded); saturates at Infinity.
export function cardinalityOf(t: Type): number {
  const cap = (x: number) => (x > Number.MAX_SAFE_INTEGER || Number.isNaN(x) ? Infinity : x);
  switch (t.kind) {
    case 'bool': return 2;
    case 'enum': return t.members.length;
    case 'rwsem': return t.maxReaders + 2;
    case 'int': return Number.isFinite(t.lo) && Number.isFinite(t.hi) ? cap(t.hi - t.lo + 1) : Infinity;
    case 'record': return cap(t.fields.reduce((n, f) => n * cardinalityOf(f.type), 1));
    case 'tuple': return cap(t.elems.reduce((n, e) => n * cardinalityOf(e), 1));
    case 'union': return cap(t.variants.reduce((n, v) => n + v.fields.reduce((m, f) => m * cardinalityOf(f.type), 1), 0));
    case 'set': { const n = cardinalityOf(t.elem); return n > 1000 ? Infinity : cap(2 ** n); }
    case 'map': { const k = cardinalityOf(t.key); const v = cardinalityOf(t.value); return k > 1e6 ? Infinity : cap(v ** k); }
    case 'seq': {
      const e = cardinalityOf(t.elem);
      if (!Number.isFinite(t.cap) || t.cap > 1e6) return Infinity;
      let sum = 0;
      let p = 1;
      for (let i = 0; i <= t.cap && sum < Infinity; i++) { sum = cap(sum + p); p = cap(p * e); }
      return sum;
    }
    case 'any': return Infinity;
  }
}

// Integer slots a value of this type takes in a packed state (as the
// checker's layout), saturating at Infinity.
export function slotsOf(t: Type): number {
  const cap = (x: number) => (x > Number.MAX_SAFE_INTEGER || Number.isNaN(x) ? Infinity : x);
  switch (t.kind) {
    case 'bool': case 'int': case 'enum': case 'rwsem': return 1;
    case 'record': return cap(t.fields.reduce((n, f) => n + slotsOf(f.type), 0));
    case 'tuple': return cap(t.elems.reduce((n, e) => n + slotsOf(e), 0));
    case 'union': return cap(t.variants.reduce((n, v) => n + v.fields.reduce((m, f) => m + slotsOf(f.type), 0), 1));
    case 'set': return cardinalityOf(t.elem);
    case 'map': return cap(cardinalityOf(t.key) * slotsOf(t.value));
    case 'seq': return cap(1 + t.cap * slotsOf(t.elem));
    case 'any': return Infinity;
  }
}
