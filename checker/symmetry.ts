// Symmetry reduction: states equal up to a permutation of the members of
// each `symmetric` set fall into one orbit, and only one state per orbit is
// stored. The fingerprint is taken of the orbit's canonical representative:
// the lexicographically least packed vector over the whole group (product of
// the symmetric groups of every declared set), so the count is exactly the
// number of orbits (TLC's count). Each permutation is precompiled into a
// gather table (destination slot <- source slot, value relabelling), and the
// search for the least image abandons a permutation at its first larger slot.
import { List, Map as IMap, Set as ISet } from 'immutable';
import type { Spec, Type } from '../dsl/ir.js';
import { slotCount, type StateLayout } from './layout.js';
import { finiteValues, product, rank, type Value } from './types.js';

type Perm = ReadonlyMap<string, readonly number[]>; // enum name -> member permutation

interface CompiledPerm {
  readonly src: Int32Array; // out[j] = relabel_j(w[src[j]])
  readonly relabel: (Int32Array | null)[]; // per destination slot
}

export class Symmetry {
  private readonly perms: CompiledPerm[];
  private readonly best: Int32Array;
  private readonly cand: Int32Array;
  readonly groupSize: number;

  constructor(spec: Spec, layout: StateLayout, readonly sets: readonly string[]) {
    const enums = new Map<string, number>();
    for (const v of spec.vars) collectEnums(v.type, sets, enums);
    // sets that no variable mentions do not act on states
    const groups = [...enums.entries()].map(([name, k]) => permutations(k).map((p) => [name, p] as const));
    const all: Perm[] = product(groups).map((choice) => new Map(choice));
    this.groupSize = all.length;
    this.perms = all.filter((p) => ![...p.values()].every(isIdentity)).map((p) => compilePerm(spec, layout, p));
    this.best = new Int32Array(layout.size);
    this.cand = new Int32Array(layout.size);
  }

  // Size of w's orbit: |G| / |stabiliser of w|. Summed over the stored
  // representatives it gives the size of the unreduced state space.
  orbitSize(w: Int32Array): number {
    let stab = 1; // the identity
    const n = w.length;
    for (const { src, relabel } of this.perms) {
      let j = 0;
      for (; j < n; j++) {
        const m = relabel[j];
        if ((m ? m[w[src[j]]] : w[src[j]]) !== w[j]) break;
      }
      if (j === n) stab++;
    }
    return this.groupSize / stab;
  }

  // The canonical representative of w's orbit, written into the returned buffer.
  canonical(w: Int32Array): Int32Array {
    const best = this.best;
    best.set(w);
    const n = w.length;
    for (const p of this.perms) {
      const { src, relabel } = p;
      let j = 0;
      let less = false;
      for (; j < n; j++) {
        const m = relabel[j];
        const v = m ? m[w[src[j]]] : w[src[j]];
        if (v !== best[j]) {
          if (v > best[j]) break;
          less = true;
          this.cand[j] = v;
          break;
        }
        this.cand[j] = v;
      }
      if (!less) continue;
      for (j++; j < n; j++) {
        const m = relabel[j];
        this.cand[j] = m ? m[w[src[j]]] : w[src[j]];
      }
      best.set(this.cand);
    }
    return best;
  }
}

function isIdentity(p: readonly number[]): boolean {
  return p.every((x, i) => x === i);
}

function permutations(k: number): number[][] {
  if (k === 0) return [[]];
  const out: number[][] = [];
  for (const rest of permutations(k - 1)) {
    for (let i = 0; i <= rest.length; i++) out.push([...rest.slice(0, i), k - 1, ...rest.slice(i)]);
  }
  return out.sort((a, b) => a.join(',').localeCompare(b.join(',')));
}

function collectEnums(t: Type, sets: readonly string[], out: Map<string, number>): void {
  switch (t.kind) {
    case 'enum': if (sets.includes(t.name)) out.set(t.name, t.members.length); return;
    case 'record': t.fields.forEach((f) => collectEnums(f.type, sets, out)); return;
    case 'tuple': t.elems.forEach((e) => collectEnums(e, sets, out)); return;
    case 'set': collectEnums(t.elem, sets, out); return;
    case 'map': collectEnums(t.key, sets, out); collectEnums(t.value, sets, out); return;
    case 'seq': collectEnums(t.elem, sets, out); return;
    default: return;
  }
}

// Apply a permutation to a value of type t.
export function permuteValue(t: Type, v: Value, p: Perm): Value {
  switch (t.kind) {
    case 'enum': { const m = p.get(t.name); return m ? m[v as number] : v; }
    case 'record': return (v as List<Value>).map((x, i) => permuteValue(t.fields[i].type, x, p));
    case 'tuple': return (v as List<Value>).map((x, i) => permuteValue(t.elems[i], x, p));
    case 'seq': return (v as List<Value>).map((x) => permuteValue(t.elem, x, p));
    case 'set': return (v as ISet<Value>).map((x) => permuteValue(t.elem, x, p));
    case 'map': return IMap<Value, Value>([...(v as IMap<Value, Value>)].map(([k, x]) => [permuteValue(t.key, k, p), permuteValue(t.value, x, p)]));
    default: return v;
  }
}

function compilePerm(spec: Spec, layout: StateLayout, p: Perm): CompiledPerm {
  const src = new Int32Array(layout.size);
  const relabel: (Int32Array | null)[] = new Array(layout.size).fill(null);
  const place = (t: Type, from: number, to: number): void => {
    switch (t.kind) {
      case 'enum': {
        src[to] = from;
        const m = p.get(t.name);
        if (m) relabel[to] = Int32Array.from(m);
        return;
      }
      case 'bool': case 'int': case 'rwsem': src[to] = from; return;
      case 'record': case 'tuple': {
        const parts = t.kind === 'record' ? t.fields.map((f) => f.type) : t.elems;
        let off = 0;
        for (const part of parts) { place(part, from + off, to + off); off += slotCount(part); }
        return;
      }
      case 'set': {
        finiteValues(t.elem).forEach((e, r) => { src[to + rank(t.elem, permuteValue(t.elem, e, p))] = from + r; });
        return;
      }
      case 'map': {
        const w = slotCount(t.value);
        finiteValues(t.key).forEach((k, r) => place(t.value, from + r * w, to + rank(t.key, permuteValue(t.key, k, p)) * w));
        return;
      }
      case 'seq': {
        src[to] = from;
        const w = slotCount(t.elem);
        for (let i = 0; i < t.cap; i++) place(t.elem, from + 1 + i * w, to + 1 + i * w);
        return;
      }
      case 'any': throw new Error('internal: untyped variable');
    }
  };
  spec.vars.forEach((v, i) => place(v.type, layout.offsets[i], layout.offsets[i]));
  return { src, relabel };
}
