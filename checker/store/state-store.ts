// Each distinct state gets a number (BFS order) with its parent's number and
// the ordinal of the successor that reached it (replay recovers the action).
// Whole states live only in the BFS frontier, packed into chunked typed
// arrays that are dropped once the search has moved past them.
const CHUNK = 1 << 14;

export type Packed = Uint8Array | Uint16Array | Int32Array;

// Parents and labels live in fixed-size pages: growing never copies them.
class PagedU32 {
  private readonly pages: Uint32Array[] = [];
  get(n: number): number { return this.pages[n >>> 16][n & 0xffff]; }
  set(n: number, v: number): void {
    const p = n >>> 16;
    while (this.pages.length <= p) this.pages.push(new Uint32Array(1 << 16));
    this.pages[p][n & 0xffff] = v;
  }
  // values[0..count) at n, n+1, ...
  setRange(n: number, values: Int32Array, count: number): void {
    for (let i = 0; i < count;) {
      const m = n + i;
      const p = m >>> 16;
      while (this.pages.length <= p) this.pages.push(new Uint32Array(1 << 16));
      const k = Math.min(count - i, (1 << 16) - (m & 0xffff));
      this.pages[p].set(values.subarray(i, i + k), m & 0xffff);
      i += k;
    }
  }
}

export class StateStore {
  private readonly parentPages = new PagedU32();
  private readonly labelPages = new PagedU32();
  count = 0;
  private chunks: (Packed | null)[] = [];
  private readonly make: (n: number) => Packed;

  constructor(readonly slots: number, maxSpan: number) {
    this.make = maxSpan <= 0xff ? (n) => new Uint8Array(n) : maxSpan <= 0xffff ? (n) => new Uint16Array(n) : (n) => new Int32Array(n);
  }

  get bytesPerState(): number { return this.slots * this.make(1).BYTES_PER_ELEMENT; }

  add(w: Int32Array, parent: number, label: number, from = 0): number {
    const n = this.count++;
    this.parentPages.set(n, parent);
    this.labelPages.set(n, label);
    const c = n >>> 14;
    let chunk = this.chunks[c];
    if (!chunk) chunk = this.chunks[c] = this.make(CHUNK * this.slots);
    const base = (n & (CHUNK - 1)) * this.slots;
    for (let i = 0; i < this.slots; i++) chunk[base + i] = w[from + i];
    return n;
  }

  // States numbered elsewhere (the parallel search), known by their links
  // only: their packed states are not kept here.
  appendLinks(parents: Int32Array, labels: Int32Array, count: number): void {
    this.parentPages.setRange(this.count, parents, count);
    this.labelPages.setRange(this.count, labels, count);
    this.count += count;
  }

  read(n: number, out: Int32Array): void {
    const chunk = this.chunks[n >>> 14];
    if (!chunk) throw new Error(`internal: state ${n} is no longer in the frontier`);
    const base = (n & (CHUNK - 1)) * this.slots;
    for (let i = 0; i < this.slots; i++) out[i] = chunk[base + i];
  }

  // State n, packed as here, into dst at `at` (dst of the same width).
  copyPacked(n: number, dst: Packed, at: number): void {
    const chunk = this.chunks[n >>> 14];
    if (!chunk) throw new Error(`internal: state ${n} is no longer in the frontier`);
    const base = (n & (CHUNK - 1)) * this.slots;
    for (let i = 0; i < this.slots; i++) dst[at + i] = chunk[base + i];
  }

  // States below n will not be read again: free their chunks.
  release(n: number): void {
    const last = (n >>> 14) - 1;
    for (let c = last; c >= 0 && this.chunks[c]; c--) this.chunks[c] = null;
  }

  parent(n: number): number { return this.parentPages.get(n); }
  label(n: number): number { return this.labelPages.get(n); }

  pathTo(n: number): number[] {
    const out: number[] = [];
    for (let m = n; m !== NONE; m = this.parent(m)) out.push(m);
    return out.reverse();
  }
}

export const NONE = 0xffffffff;
