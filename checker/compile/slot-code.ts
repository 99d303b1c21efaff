// Small helpers of the generated code for compound values (codegen-compound.ts):
// which types live in slots, and code that reads a value's rank from its slots.
import type { Type } from '../../dsl/ir.js';
import { cardinality, isScalar } from './types.js';

// A type whose values are laid out in slots (every variable's type is).
export function finite(t: Type): boolean {
  switch (t.kind) {
    case 'bool': case 'enum': case 'rwsem': return true;
    case 'int': return Number.isFinite(t.lo) && Number.isFinite(t.hi);
    case 'record': return t.fields.every((f) => finite(f.type));
    case 'tuple': return t.elems.every(finite);
    case 'set': return finite(t.elem) && cardinality(t.elem) <= 4096;
    case 'map': return finite(t.key) && finite(t.value) && cardinality(t.key) <= 4096;
    case 'seq': return Number.isFinite(t.cap) && finite(t.elem);
    // tagged unions are left to the closures (compile-expr.ts / union-expr.ts):
    // their unused variant fields must stay zero, which these emitters do not know
    case 'union': return false;
    case 'any': return false;
  }
}

// Scalars, and records / tuples of scalars: ranked arithmetically (types.ts rank).
export function rankable(t: Type): boolean {
  if (isScalar(t)) return finite(t);
  if (t.kind === 'record') return t.fields.every((f) => isScalar(f.type) && finite(f.type));
  if (t.kind === 'tuple') return t.elems.every((e) => isScalar(e) && finite(e));
  return false;
}

// The rank of the value stored at buf[off...] (slots hold value - lo, so a
// record's rank is its slots read in mixed radix, the first field most significant).
export function rankCode(t: Type, buf: string, off: string): string {
  const parts = t.kind === 'record' ? t.fields.map((f) => f.type) : t.kind === 'tuple' ? t.elems : [t];
  let code = '';
  parts.forEach((p, i) => {
    const slot = `${buf}[${plusCode(off, i)}]`;
    code = i === 0 ? slot : `(${code}) * ${cardinality(p)} + ${slot}`;
  });
  return code;
}

export function plusCode(code: string, add: number): string {
  if (add === 0) return code;
  return /^\d+$/.test(code) ? String(Number(code) + add) : `${code} + ${add}`;
}
