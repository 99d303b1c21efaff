// Resolve `v`, `v[k]`, `v.f`, `v[k].f[j]`... rooted at a state variable to the
// slot where that location starts, so compiled code reads and writes the
// packed state directly instead of decoding whole values.
import type { Expr, PathStep, Type } from '../../dsl/ir.js';
import { EvalError } from './eval-error.js';
import { slotCount } from './layout.js';
import { cardinality, isScalar, rank, scalarBounds, typeToString, type Value } from './types.js';

export type Env = Value[];
export type Eval = (s: Int32Array, e: Env) => any;
export type Offset = (s: Int32Array, e: Env) => number;

export interface SlotPath {
  readonly varIndex: number;
  readonly name: string;
  readonly type: Type;
  readonly offset: Offset;
  readonly staticOffset: number | null; // known at compile time
}

export function rootPath(varIndex: number, name: string, type: Type, base: number): SlotPath {
  return { varIndex, name, type, offset: () => base, staticOffset: base };
}

// One step down a path: map key, sequence index (1-based), tuple index, record field.
export function stepPath(p: SlotPath, step: PathStep, compileKey: (e: Expr) => Eval): SlotPath | null {
  const t = p.type;
  if (step.kind === 'field') {
    if (t.kind !== 'record') return null;
    let add = 0;
    let ft: Type | null = null;
    for (const f of t.fields) {
      if (f.name === step.name) { ft = f.type; break; }
      add += slotCount(f.type);
    }
    if (!ft) return null;
    return shifted(p, `${p.name}.${step.name}`, ft, add);
  }
  const key = step.key;
  if (t.kind === 'tuple') {
    if (key.op !== 'lit') return null;
    const i = key.value;
    if (i < 1 || i > t.elems.length) return null;
    let add = 0;
    for (let j = 0; j < i - 1; j++) add += slotCount(t.elems[j]);
    return shifted(p, `${p.name}[${i}]`, t.elems[i - 1], add);
  }
  if (t.kind === 'map') {
    const stride = slotCount(t.value);
    const n = cardinality(t.key);
    const name = `${p.name}[...]`;
    if (key.op === 'lit' && isScalar(t.key)) {
      const r = rank(t.key, key.value);
      if (r < 0) return null; // leave it to the general evaluator, which reports the error
      return shifted(p, name, t.value, r * stride);
    }
    const k = compileKey(key);
    const keyType = t.key;
    const base = p.offset;
    const where = p.name;
    let rk: (v: Value) => number;
    if (isScalar(keyType)) {
      const lo = scalarBounds(keyType)[0];
      rk = (v) => { if (typeof v !== 'number') return -1; const r = v - lo; return r >= 0 && r < n ? r : -1; }; // a BigInt key is far outside
    } else {
      rk = (v) => rank(keyType, v);
    }
    const offset: Offset = (s, e) => {
      const v = k(s, e);
      const r = rk(v);
      if (r < 0) throw new EvalError(`${where} applied outside its domain: ${String(v)} is not in ${typeToString(keyType)}`, key.span);
      return base(s, e) + r * stride;
    };
    return { varIndex: p.varIndex, name, type: t.value, offset, staticOffset: null };
  }
  if (t.kind === 'seq') {
    const stride = slotCount(t.elem);
    const k = compileKey(key);
    const base = p.offset;
    const where = p.name;
    const offset: Offset = (s, e) => {
      const b = base(s, e);
      const i = k(s, e) as number;
      if (i < 1 || i > s[b]) throw new EvalError(`${where}[${i}] is out of bounds: ${where} has ${s[b]} element(s)`, key.span);
      return b + 1 + (i - 1) * stride;
    };
    return { varIndex: p.varIndex, name: `${p.name}[...]`, type: t.elem, offset, staticOffset: null };
  }
  return null;
}

function shifted(p: SlotPath, name: string, type: Type, add: number): SlotPath {
  if (p.staticOffset !== null) return rootPath(p.varIndex, name, type, p.staticOffset + add);
  const base = p.offset;
  return { varIndex: p.varIndex, name, type, offset: (s, e) => base(s, e) + add, staticOffset: null };
}

export function sameType(a: Type, b: Type): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
