// The visited set: 64-bit fingerprints in typed arrays with open addressing
// (linear probing), no per-state objects. A 32-bit hash would collide after
// about 65 000 states; two independent 32-bit lanes do not. The set is split
// into 64 segments (by the top bits of the second lane) that grow one at a
// time, so growing never holds two copies of the whole table. Robin Hood
// probing keeps lookups short up to a load of 0.85.
const SEGMENT_BITS = 6;
const SEGMENTS = 1 << SEGMENT_BITS;
const MAX_LOAD = 0.85;

class Segment {
  table: Uint32Array;
  ids: Uint32Array | null;
  mask: number;
  size = 0;
  limit: number;

  constructor(cap: number, withIds: boolean) {
    this.table = new Uint32Array(cap * 2);
    this.ids = withIds ? new Uint32Array(cap) : null;
    this.mask = cap - 1;
    this.limit = Math.floor(cap * MAX_LOAD);
  }

  get bytes(): number { return this.table.byteLength + (this.ids ? this.ids.byteLength : 0); }

  grow(): void {
    const old = this.table;
    const oldIds = this.ids;
    const cap = (this.mask + 1) * 2;
    this.table = new Uint32Array(cap * 2);
    this.mask = cap - 1;
    this.limit = Math.floor(cap * MAX_LOAD);
    if (oldIds) this.ids = new Uint32Array(cap);
    for (let j = 0; j < old.length; j += 2) {
      const a = old[j], b = old[j + 1];
      if (a !== 0 || b !== 0) this.place(this.home(a, b), 0, a, b, oldIds ? oldIds[j >>> 1] : 0);
    }
  }

  home(a: number, b: number): number {
    return (a ^ (b >>> 7)) & this.mask;
  }

  // Robin Hood insertion from bucket i, where the entry is `dist` from its
  // home: an entry nearer its home than the one being placed gives way and is
  // carried on. Keeps probe sequences short at high load, and lets a lookup
  // stop at the first entry nearer its home than the key would be.
  place(i: number, dist: number, a: number, b: number, id: number): void {
    const t = this.table, ids = this.ids, mask = this.mask;
    for (;;) {
      const x = t[2 * i], y = t[2 * i + 1];
      if (x === 0 && y === 0) {
        t[2 * i] = a; t[2 * i + 1] = b;
        if (ids) ids[i] = id;
        return;
      }
      const d = (i - ((x ^ (y >>> 7)) & mask)) & mask;
      if (d < dist) {
        t[2 * i] = a; t[2 * i + 1] = b;
        a = x; b = y; dist = d;
        if (ids) { const o = ids[i]; ids[i] = id; id = o; }
      }
      i = (i + 1) & mask;
      dist++;
    }
  }
}

export class FingerprintSet {
  private readonly segments: Segment[];
  size = 0;
  // the number of the state found by the last add() that returned false
  lastId = 0;

  // withIds: also keep each fingerprint's state number (for the state graph)
  constructor(initialCapacity = 1 << 16, withIds = false) {
    let cap = 16;
    while (cap * SEGMENTS < initialCapacity) cap <<= 1;
    this.segments = Array.from({ length: SEGMENTS }, () => new Segment(cap, withIds));
  }

  get bytes(): number { return this.segments.reduce((n, s) => n + s.bytes, 0); }

  forEach(f: (h1: number, h2: number) => void): void {
    for (const seg of this.segments) {
      const t = seg.table;
      for (let j = 0; j < t.length; j += 2) if (t[j] !== 0 || t[j + 1] !== 0) f(t[j], t[j + 1]);
    }
  }

  // Segment i's fingerprints and state numbers (0 without ids), after which
  // the segment is emptied and its table freed (the set is not used again).
  // Segment i holds the keys whose h2 has i as its top SEGMENT_BITS bits.
  static readonly SEGMENTS = SEGMENTS;
  drainSegment(i: number): { h1: Uint32Array; h2: Uint32Array; ids: Uint32Array } {
    const seg = this.segments[i];
    const t = seg.table, ids = seg.ids;
    const out = { h1: new Uint32Array(seg.size), h2: new Uint32Array(seg.size), ids: new Uint32Array(seg.size) };
    let k = 0;
    for (let j = 0; j < t.length; j += 2) {
      if (t[j] !== 0 || t[j + 1] !== 0) { out.h1[k] = t[j]; out.h2[k] = t[j + 1]; out.ids[k] = ids ? ids[j >>> 1] : 0; k++; }
    }
    seg.table = new Uint32Array(0); seg.ids = null;
    return out;
  }

  // Called with the bytes a segment is about to allocate; may throw to stop.
  beforeGrow: ((bytes: number) => void) | null = null;

  // Is (h1, h2) in the set? (If so, lastId is its state number.)
  has(h1: number, h2: number): boolean {
    h1 >>>= 0; h2 >>>= 0;
    if (h1 === 0 && h2 === 0) h2 = 1;
    const seg = this.segments[h2 >>> (32 - SEGMENT_BITS)];
    const t = seg.table;
    const mask = seg.mask;
    let i = (h1 ^ (h2 >>> 7)) & mask;
    for (let dist = 0; ; dist++) {
      const a = t[2 * i], b = t[2 * i + 1];
      if (a === 0 && b === 0) return false;
      if (a === h1 && b === h2) {
        if (seg.ids) this.lastId = seg.ids[i];
        return true;
      }
      if (((i - ((a ^ (b >>> 7)) & mask)) & mask) < dist) return false;
      i = (i + 1) & mask;
    }
  }

  // Adds the fingerprint (h1, h2) of state number `id`; returns true when it
  // was not there (else lastId is the number of the state that has it).
  add(h1: number, h2: number, id = 0): boolean {
    h1 >>>= 0; h2 >>>= 0;
    if (h1 === 0 && h2 === 0) h2 = 1; // (0, 0) marks an empty bucket
    const seg = this.segments[h2 >>> (32 - SEGMENT_BITS)];
    if (seg.size + 1 > seg.limit) {
      // only a new fingerprint grows the segment: look first, then ask
      if (this.has(h1, h2)) return false;
      this.beforeGrow?.(seg.bytes * 2);
      seg.grow();
    }
    const t = seg.table;
    const mask = seg.mask;
    let i = (h1 ^ (h2 >>> 7)) & mask;
    let dist = 0;
    for (;;) {
      const a = t[2 * i], b = t[2 * i + 1];
      if (a === 0 && b === 0) break;
      if (a === h1 && b === h2) {
        if (seg.ids) this.lastId = seg.ids[i];
        return false;
      }
      // Robin Hood: had the key been here, it would sit before this entry
      if (((i - ((a ^ (b >>> 7)) & mask)) & mask) < dist) break;
      i = (i + 1) & mask;
      dist++;
    }
    seg.place(i, dist, h1, h2, id);
    seg.size++; this.size++;
    return true;
  }
}

// Two 32-bit murmur-style lanes with different constants over the slots.
// `narrow`: every slot holds 0..255, so four slots are mixed as one word.
export function fingerprint(w: Int32Array, n: number, out: Uint32Array, narrow: boolean): void {
  let h1 = 0x9747b28c ^ n, h2 = 0x2545f491 ^ n;
  const words = narrow ? (n + 3) >>> 2 : n;
  for (let i = 0; i < words; i++) {
    let k: number;
    if (narrow) {
      const j = i << 2;
      k = w[j] | (j + 1 < n ? w[j + 1] << 8 : 0) | (j + 2 < n ? w[j + 2] << 16 : 0) | (j + 3 < n ? w[j + 3] << 24 : 0);
    } else {
      k = w[i];
    }
    let k1 = Math.imul(k, 0xcc9e2d51); k1 = (k1 << 15) | (k1 >>> 17); k1 = Math.imul(k1, 0x1b873593);
    h1 ^= k1; h1 = (h1 << 13) | (h1 >>> 19); h1 = (Math.imul(h1, 5) + 0xe6546b64) | 0;
    let k2 = Math.imul(k ^ 0x5bd1e995, 0x85ebca77); k2 = (k2 << 17) | (k2 >>> 15); k2 = Math.imul(k2, 0xc2b2ae3d);
    h2 ^= k2; h2 = (h2 << 11) | (h2 >>> 21); h2 = (Math.imul(h2, 9) + 0x27d4eb2f) | 0;
  }
  out[0] = fmix(h1 ^ Math.imul(h2, 0x165667b1));
  out[1] = fmix(h2 + h1);
}

function fmix(h: number): number {
  h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
