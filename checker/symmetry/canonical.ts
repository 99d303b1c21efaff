// Symmetry reduction: states equal up to a permutation of the members of
// each `symmetric` set fall into one orbit, and only one state per orbit is
// stored. The fingerprint is taken of the orbit's canonical representative:
// the lexicographically least packed vector over the whole group (product of
// the symmetric groups of every declared set), so the count is exactly the
// number of orbits (TLC's count). Not every permutation is tried: members are
// sorted by a name-independent signature and only orderings of members whose
// signatures tie are compared (exact on ties, usually one candidate). Each
// permutation is compiled once into a gather table (destination slot <- source
// slot, value relabelling); a candidate is abandoned at its first larger slot.
// When members are only map keys, sorting them is the canonical form instead
// (sorted-canonical.ts): no signatures, no candidates.
import { List, Map as IMap, Set as ISet } from 'immutable';
import type { Spec, Type } from '../../dsl/ir.js';
import { slotCount, type StateLayout } from '../compile/layout.js';
import { finiteValues, rank, type Value } from '../compile/types.js';
import { keysFit, SortedCanonical } from './sorted-canonical.js';

type Perm = ReadonlyMap<string, readonly number[]>; // enum name -> member permutation

interface CompiledPerm {
  readonly src: Int32Array; // out[j] = relabel_j(w[src[j]])
  readonly relabel: (Int32Array | null)[]; // per destination slot
}

export class Symmetry {
  private readonly sets: SetInfo[];
  private readonly best: Int32Array;
  private readonly cand: Int32Array;
  private readonly symValued: Uint8Array; // slot holds a member of some symmetric set
  private multiKeyed = false; // some slot is keyed by more than one member
  // members only as map keys: canonical form by sorting (sorted-canonical.ts)
  private readonly sorted: SortedCanonical | null;
  readonly groupSize: number;

  constructor(private readonly spec: Spec, private readonly layout: StateLayout, names: readonly string[]) {
    const enums = new Map<string, number>();
    for (const v of spec.vars) collectEnums(v.type, names, enums);
    // sets that no variable mentions do not act on states
    this.sets = [...enums.entries()].map(([name, k]) => ({ name, k, own: Array.from({ length: k }, () => [] as number[]), values: [], unowned: [] }));
    this.symValued = new Uint8Array(layout.size);
    spec.vars.forEach((v, i) => this.walk(v.type, layout.offsets[i], null));
    this.groupSize = this.sets.reduce((n, st) => n * factorial(st.k), 1);
    this.best = new Int32Array(layout.size);
    this.cand = new Int32Array(layout.size);
    const span = Int32Array.from(layout.hi, (h, j) => h - layout.lo[j]);
    this.sorted = !this.multiKeyed && this.sets.every((st) => st.values.length === 0) && keysFit(this.sets, span)
      ? new SortedCanonical(this.sets, span, layout.size, this.groupSize) : null;
  }

  // Whether the canonical form is taken by sorting (tests).
  get bySorting(): boolean { return this.sorted !== null; }

  // Record, for each symmetric set, which slots belong to one member (the
  // runs keyed by it) and which slots hold a member.
  private walk(t: Type, off: number, owner: { set: SetInfo; m: number } | 'multi' | null): void {
    const info = (name: string) => this.sets.find((st) => st.name === name);
    const own = (o: typeof owner, at: number) => {
      if (o === 'multi') this.multiKeyed = true;
      else if (o) o.set.own[o.m].push(at);
    };
    switch (t.kind) {
      case 'enum': {
        const st = info(t.name);
        if (st) { this.symValued[off] = 1; st.values.push(off); if (owner === null) st.unowned.push(off); }
        own(owner, off);
        return;
      }
      case 'bool': case 'int': case 'rwsem': own(owner, off); return;
      case 'union': { // laid out as its tag, then every variant's fields
        own(owner, off);
        for (const part of unionParts(t)) this.walk(part.type, off + part.at, owner);
        return;
      }
      case 'record': case 'tuple': {
        const parts = t.kind === 'record' ? t.fields.map((f) => f.type) : t.elems;
        for (const part of parts) { this.walk(part, off, owner); off += slotCount(part); }
        return;
      }
      case 'seq': {
        own(owner, off);
        const w = slotCount(t.elem);
        for (let i = 0; i < t.cap; i++) this.walk(t.elem, off + 1 + i * w, owner);
        return;
      }
      case 'set': case 'map': {
        const keyType = t.kind === 'set' ? t.elem : t.key;
        const w = t.kind === 'set' ? 1 : slotCount(t.value);
        const st = keyType.kind === 'enum' ? info(keyType.name) : undefined;
        const keyed = st !== undefined || mentions(keyType, this.sets);
        finiteValues(keyType).forEach((_, r) => {
          const o = !keyed ? owner : owner === null && st ? { set: st, m: r } : 'multi';
          if (t.kind === 'set') own(o, off + r);
          else this.walk(t.value, off + r * w, o);
        });
        return;
      }
      case 'any': return;
    }
  }

  // A hash of what member m looks like in w that does not depend on the
  // names of members: equal for m in w and for pi(m) in pi(w).
  private signature(st: SetInfo, w: Int32Array, m: number): number {
    let h = 0x811c9dc5;
    const mix = (x: number) => { h = Math.imul(h ^ x, 0x01000193); };
    for (const j of st.own[m]) mix(this.symValued[j] ? -1 : w[j]);
    let count = 0;
    for (const j of st.values) if (w[j] === m) count++;
    mix(count);
    for (const j of st.unowned) if (w[j] === m) mix(j);
    return h >>> 0;
  }

  // Per set: the sorted members and their tie groups, in reused arrays.
  private readonly sig: Uint32Array[] = [];
  private readonly ord: Int32Array[] = [];
  private readonly groupEnd: Int32Array[] = []; // groupEnd[i]: end of the tie group holding position i
  private readonly byCode = new Map<number, CompiledPerm>();
  private readonly permsOf = new Map<number, Int32Array[]>(); // all orderings of 0..n-1
  lastOrbitSize = 1; // orbit size of the state last passed to canonical()

  private sortSet(si: number, w: Int32Array): boolean {
    const st = this.sets[si];
    const sig = (this.sig[si] ??= new Uint32Array(st.k));
    const ord = (this.ord[si] ??= new Int32Array(st.k));
    const end = (this.groupEnd[si] ??= new Int32Array(st.k));
    for (let m = 0; m < st.k; m++) { sig[m] = this.signature(st, w, m); ord[m] = m; }
    for (let i = 1; i < st.k; i++) { // insertion sort: k is small
      const m = ord[i];
      let j = i - 1;
      while (j >= 0 && sig[ord[j]] > sig[m]) { ord[j + 1] = ord[j]; j--; }
      ord[j + 1] = m;
    }
    let ties = false;
    for (let i = st.k - 1; i >= 0; i--) {
      if (i + 1 < st.k && sig[ord[i]] === sig[ord[i + 1]]) { end[i] = end[i + 1]; ties = true; } else end[i] = i + 1;
    }
    return ties;
  }

  private orderings(n: number): Int32Array[] {
    let l = this.permsOf.get(n);
    if (!l) { l = permutations(n).map((p) => Int32Array.from(p)); this.permsOf.set(n, l); }
    return l;
  }

  // The compiled permutation sending member ord[si][pos] of each set to pos.
  private permFor(ords: readonly Int32Array[]): CompiledPerm {
    let code = 0;
    for (let si = 0; si < this.sets.length; si++) for (let i = 0; i < this.sets[si].k; i++) code = code * this.sets[si].k + ords[si][i];
    let c = this.byCode.get(code);
    if (!c) {
      c = compilePerm(this.spec, this.layout, new Map(this.sets.map((st, si) => {
        const pi = new Array<number>(st.k);
        for (let pos = 0; pos < st.k; pos++) pi[ords[si][pos]] = pos;
        return [st.name, pi] as [string, number[]];
      })));
      this.byCode.set(code, c);
    }
    return c;
  }

  // Every ordering of each set that sorts its members by signature (all
  // orders within tie groups), as full member orders per set.
  private candidateOrders(si: number): Int32Array[] {
    const st = this.sets[si];
    const ord = this.ord[si];
    const end = this.groupEnd[si];
    let acc: Int32Array[] = [Int32Array.from(ord)];
    for (let i = 0; i < st.k; i = end[i]) {
      const n = end[i] - i;
      if (n === 1) continue;
      const next: Int32Array[] = [];
      for (const base of acc) {
        for (const p of this.orderings(n)) {
          const o = Int32Array.from(base);
          for (let j = 0; j < n; j++) o[i + j] = ord[i + p[j]];
          next.push(o);
        }
      }
      acc = next;
    }
    return acc;
  }

  // Generators of the group: for each set, swapping its first two members and
  // rotating all of them. Used to check that the initial states are symmetric.
  generators(): { readonly label: string; apply(w: Int32Array): Int32Array }[] {
    const out: { label: string; apply(w: Int32Array): Int32Array }[] = [];
    this.sets.forEach((st, si) => {
      if (st.k < 2) return;
      const ident = (i: number) => Int32Array.from({ length: this.sets[i].k }, (_, m) => m);
      const swap = ident(si); swap[0] = 1; swap[1] = 0;
      const rot = Int32Array.from({ length: st.k }, (_, m) => (m + 1) % st.k);
      for (const [label, o] of [[`swapping two members of ${st.name}`, swap], [`rotating the members of ${st.name}`, rot]] as const) {
        const ords = this.sets.map((_, i) => (i === si ? o : ident(i)));
        const { src, relabel } = this.permFor(ords);
        out.push({ label, apply: (w) => Int32Array.from({ length: w.length }, (_, j) => { const m = relabel[j]; return m ? m[w[src[j]]] : w[src[j]]; }) });
      }
    });
    return out;
  }

  // Size of w's orbit, |G| / |stabiliser of w|, as found by the last call of
  // canonical(w). Summed over the stored representatives it gives the size of
  // the unreduced state space.
  orbitSize(w: Int32Array): number {
    this.canonical(w);
    return this.lastOrbitSize;
  }

  // The canonical representative of w's orbit: the least image of w over the
  // permutations that sort members by signature. Every state of an orbit has
  // the same set of such images, so the least one is a canonical form; the
  // number of candidates reaching it is the stabiliser's size.
  canonical(w: Int32Array): Int32Array {
    const sorted = this.sorted;
    if (sorted) {
      const out = sorted.canonical(w);
      this.lastOrbitSize = sorted.lastOrbitSize;
      return out;
    }
    let ties = false;
    for (let si = 0; si < this.sets.length; si++) if (this.sortSet(si, w)) ties = true;
    const best = this.best;
    const n = w.length;
    if (!ties) {
      const { src, relabel } = this.permFor(this.ord);
      for (let j = 0; j < n; j++) { const m = relabel[j]; best[j] = m ? m[w[src[j]]] : w[src[j]]; }
      this.lastOrbitSize = this.groupSize;
      return best;
    }
    const perSet = this.sets.map((_, si) => this.candidateOrders(si));
    const idx = new Array<number>(perSet.length).fill(0);
    const ords = perSet.map((l) => l[0]);
    const cand = this.cand;
    let first = true;
    let equal = 0;
    for (;;) {
      const { src, relabel } = this.permFor(ords);
      let j = 0;
      let cmp = first ? -1 : 0;
      if (!first) {
        for (; j < n; j++) {
          const m = relabel[j];
          const v = m ? m[w[src[j]]] : w[src[j]];
          cand[j] = v;
          if (v !== best[j]) { cmp = v < best[j] ? -1 : 1; j++; break; }
        }
      }
      if (cmp === 0) equal++;
      else if (cmp < 0) {
        for (; j < n; j++) { const m = relabel[j]; cand[j] = m ? m[w[src[j]]] : w[src[j]]; }
        best.set(cand);
        equal = 1;
        first = false;
      }
      // next combination (odometer over the sets)
      let si = 0;
      for (; si < perSet.length; si++) {
        if (++idx[si] < perSet[si].length) { ords[si] = perSet[si][idx[si]]; break; }
        idx[si] = 0; ords[si] = perSet[si][0];
      }
      if (si === perSet.length) break;
    }
    this.lastOrbitSize = this.groupSize / equal;
    return best;
  }
}

interface SetInfo {
  readonly name: string;
  readonly k: number;
  readonly own: number[][]; // per member: the slots keyed by it alone, in corresponding order
  readonly values: number[]; // slots holding a member of this set
  readonly unowned: number[]; // ... that no symmetric key moves
}

function mentions(t: Type, sets: readonly SetInfo[]): boolean {
  const found = new Map<string, number>();
  collectEnums(t, sets.map((s) => s.name), found);
  return found.size > 0;
}

function factorial(k: number): number {
  return k <= 1 ? 1 : k * factorial(k - 1);
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
    case 'union': t.variants.forEach((v) => v.fields.forEach((f) => collectEnums(f.type, sets, out))); return;
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
    case 'union': {
      const fields = t.variants[(v as List<Value>).get(0) as number].fields;
      return (v as List<Value>).map((x, i) => (i === 0 ? x : permuteValue(fields[i - 1].type, x, p)));
    }
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
      case 'union': src[to] = from; for (const part of unionParts(t)) place(part.type, from + part.at, to + part.at); return;
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

// The fields of every variant of a union with their slot offsets (after the tag), as layout.ts lays them out.
function unionParts(t: Extract<Type, { kind: 'union' }>): { type: Type; at: number }[] {
  const out: { type: Type; at: number }[] = [];
  let at = 1;
  for (const v of t.variants) for (const f of v.fields) { out.push({ type: f.type, at }); at += slotCount(f.type); }
  return out;
}
