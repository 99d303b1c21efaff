// Exact interning of integer sequences for the behaviour diff: each distinct
// sequence gets a number in the order of first sight. The sequences live in
// one growing typed array, the numbers in an open-addressing table (linear
// probing) keyed by a 32-bit hash; a hit is confirmed by comparing the
// sequence, so unlike a fingerprint set there are no collisions.
export type Pool = Uint8Array | Uint16Array | Int32Array | Uint32Array;

// the narrowest pool for values in 0..maxSpan (packed state slots)
export function poolFor(maxSpan: number): (n: number) => Pool {
  return maxSpan <= 0xff ? (n) => new Uint8Array(n) : maxSpan <= 0xffff ? (n) => new Uint16Array(n) : (n) => new Int32Array(n);
}

// for non-negative numbers below 2^31 (state and set numbers)
export const u32Pool = (n: number): Pool => new Int32Array(n);

// `narrow`: every value is in 0..255, so four are mixed as one word.
export function hashSeq(src: ArrayLike<number>, from: number, len: number, narrow: boolean): number {
  let h = 0x9747b28c ^ len;
  const end = from + len;
  for (let i = from; i < end; ) {
    let v: number;
    if (narrow && i + 3 < end) { v = src[i] | (src[i + 1] << 8) | (src[i + 2] << 16) | (src[i + 3] << 24); i += 4; } else v = src[i++];
    let k = Math.imul(v, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

export class SeqTable {
  count = 0;
  private pool: Pool;
  private used = 0;
  private starts = new Uint32Array(1024); // sequence n is pool[starts[n] .. starts[n + 1])
  private hashes = new Int32Array(1024);
  private slots = new Int32Array(2048); // sequence number + 1, 0: empty
  private mask = 2047;

  private readonly narrow: boolean;

  constructor(private readonly make: (n: number) => Pool = u32Pool) {
    this.pool = make(1 << 12);
    this.narrow = this.pool instanceof Uint8Array;
  }

  get bytes(): number { return this.pool.byteLength + this.starts.byteLength + this.hashes.byteLength + this.slots.byteLength; }

  // The number of src[from .. from + len), or -1 when it is not there.
  find(src: ArrayLike<number>, from: number, len: number): number {
    const h = hashSeq(src, from, len, this.narrow);
    for (let i = h & this.mask; ; i = (i + 1) & this.mask) {
      const e = this.slots[i];
      if (e === 0) return -1;
      if (this.hashes[e - 1] === h && this.equal(e - 1, src, from, len)) return e - 1;
    }
  }

  // The number of src[from .. from + len), added when new (then it is count - 1).
  intern(src: ArrayLike<number>, from: number, len: number): number {
    const h = hashSeq(src, from, len, this.narrow);
    let i = h & this.mask;
    for (; ; i = (i + 1) & this.mask) {
      const e = this.slots[i];
      if (e === 0) break;
      if (this.hashes[e - 1] === h && this.equal(e - 1, src, from, len)) return e - 1;
    }
    const n = this.count;
    if (this.used + len > this.pool.length) {
      let cap = this.pool.length * 2;
      while (cap < this.used + len) cap *= 2;
      const p = this.make(cap);
      p.set(this.pool.subarray(0, this.used));
      this.pool = p;
    }
    for (let j = 0; j < len; j++) this.pool[this.used + j] = src[from + j];
    if (n + 2 > this.starts.length) {
      const s = new Uint32Array(this.starts.length * 2); s.set(this.starts); this.starts = s;
      const hs = new Int32Array(this.hashes.length * 2); hs.set(this.hashes); this.hashes = hs;
    }
    this.starts[n] = this.used;
    this.used += len;
    this.starts[n + 1] = this.used;
    this.hashes[n] = h;
    this.slots[i] = n + 1;
    this.count = n + 1;
    if (this.count * 2 > this.slots.length) this.rehash();
    return n;
  }

  length(n: number): number { return this.starts[n + 1] - this.starts[n]; }

  // A view of sequence n: valid until the next intern().
  view(n: number): Pool { return this.pool.subarray(this.starts[n], this.starts[n + 1]); }

  read(n: number, out: Int32Array): void {
    const lo = this.starts[n], len = this.starts[n + 1] - lo;
    for (let j = 0; j < len; j++) out[j] = this.pool[lo + j];
  }

  private equal(n: number, src: ArrayLike<number>, from: number, len: number): boolean {
    const lo = this.starts[n];
    if (this.starts[n + 1] - lo !== len) return false;
    const p = this.pool;
    for (let j = 0; j < len; j++) if (p[lo + j] !== src[from + j]) return false;
    return true;
  }

  private rehash(): void {
    const cap = this.slots.length * 2;
    const slots = new Int32Array(cap);
    const mask = cap - 1;
    for (let n = 0; n < this.count; n++) {
      let i = this.hashes[n] & mask;
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = n + 1;
    }
    this.slots = slots;
    this.mask = mask;
  }
}

// A growing array of 32-bit integers.
export class IntVec {
  length = 0;
  data: Int32Array;
  constructor(cap = 1024) { this.data = new Int32Array(cap); }
  push(v: number): void {
    if (this.length === this.data.length) { const d = new Int32Array(this.data.length * 2); d.set(this.data); this.data = d; }
    this.data[this.length++] = v;
  }
}
