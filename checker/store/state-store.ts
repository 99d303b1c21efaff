// Each distinct state gets a number (BFS order) with its parent's number and
// the ordinal of the successor that reached it (replay recovers the action).
// Whole states live only in the BFS frontier, packed into chunked typed
// arrays that are dropped once the search has moved past them. With a
// spill (--disk), finished pages of links go to a file, and frontier chunks
// past the in-memory budget wait in files of their own until read.
import { readAt, writeAt, type SpillArea } from './spill-area.js';

const CHUNK_BITS = 14;
const PAGE_BITS = 16;

export type Packed = Uint8Array | Uint16Array | Int32Array;

export interface StoreSpill {
  readonly area: SpillArea;
  readonly frontierChunks: number; // frontier chunks kept in memory (at least 3)
  readonly chunkBits?: number; // tests: smaller chunks and pages, to spill on small specs
  readonly pageBits?: number;
}

// Parents and labels live in fixed-size pages: growing never copies them.
class PagedU32 {
  private readonly pages: (Uint32Array | null)[] = [];
  private readonly size: number;
  private fd = -1; // spilled pages, at their place in the file
  private readonly one = new Uint32Array(1);
  constructor(private readonly bits: number, private readonly spill: { area: SpillArea; name: string } | null) {
    this.size = 1 << bits;
  }
  get(n: number): number {
    const page = this.pages[n >>> this.bits];
    if (page) return page[n & (this.size - 1)];
    readAt(this.fd, this.one, n * 4);
    return this.one[0];
  }
  set(n: number, v: number): void {
    const p = n >>> this.bits;
    while (this.pages.length <= p) this.push();
    this.pages[p]![n & (this.size - 1)] = v;
  }
  // values[0..count) at n, n+1, ...
  setRange(n: number, values: Int32Array, count: number): void {
    for (let i = 0; i < count;) {
      const m = n + i;
      const p = m >>> this.bits;
      while (this.pages.length <= p) this.push();
      const k = Math.min(count - i, this.size - (m & (this.size - 1)));
      this.pages[p]!.set(values.subarray(i, i + k), m & (this.size - 1));
      i += k;
    }
  }
  // a new last page; with a spill, the one before it is full: to the file
  private push(): void {
    const last = this.pages.length - 1;
    if (this.spill && last >= 0 && this.pages[last]) {
      if (this.fd < 0) this.fd = this.spill.area.open(this.spill.name);
      writeAt(this.fd, this.pages[last]!, last * this.size * 4);
      this.pages[last] = null;
    }
    this.pages.push(new Uint32Array(this.size));
  }
}

export class StateStore {
  private readonly parentPages: PagedU32;
  private readonly labelPages: PagedU32;
  count = 0;
  private chunks: (Packed | null)[] = [];
  private readonly make: (n: number) => Packed;
  private readonly chunkBits: number;
  private readonly chunk: number; // states per chunk
  // with a spill: chunks written out (read back and deleted when reached)
  private readonly spilled: boolean[] = [];
  private live = 0; // chunks in memory
  spilledChunks = 0; // chunks sent to a file so far (tests, statistics)
  private reading = 0; // the chunk read last

  constructor(readonly slots: number, maxSpan: number, private readonly spill: StoreSpill | null = null) {
    this.make = maxSpan <= 0xff ? (n) => new Uint8Array(n) : maxSpan <= 0xffff ? (n) => new Uint16Array(n) : (n) => new Int32Array(n);
    this.chunkBits = spill?.chunkBits ?? CHUNK_BITS;
    this.chunk = 1 << this.chunkBits;
    const pageBits = spill?.pageBits ?? PAGE_BITS;
    this.parentPages = new PagedU32(pageBits, spill ? { area: spill.area, name: 'parents.bin' } : null);
    this.labelPages = new PagedU32(pageBits, spill ? { area: spill.area, name: 'labels.bin' } : null);
  }

  get bytesPerState(): number { return this.slots * this.make(1).BYTES_PER_ELEMENT; }

  add(w: Int32Array, parent: number, label: number, from = 0): number {
    const n = this.count++;
    this.parentPages.set(n, parent);
    this.labelPages.set(n, label);
    const c = n >>> this.chunkBits;
    let chunk = this.chunks[c];
    if (!chunk) {
      if (this.spill) this.spillBefore(c);
      chunk = this.chunks[c] = this.make(this.chunk * this.slots);
      this.live++;
    }
    const base = (n & (this.chunk - 1)) * this.slots;
    for (let i = 0; i < this.slots; i++) chunk[base + i] = w[from + i];
    return n;
  }

  // Chunk c is about to start: over the budget, the full chunk before it goes
  // to a file, unless it is the next to be read.
  private spillBefore(c: number): void {
    const prev = c - 1;
    const chunk = this.chunks[prev];
    if (!chunk || this.live < this.spill!.frontierChunks || prev <= this.reading + 1) return;
    this.spill!.area.writeFile(`frontier-${prev}.bin`, chunk);
    this.chunks[prev] = null;
    this.spilled[prev] = true;
    this.spilledChunks++;
    this.live--;
  }

  // States numbered elsewhere (the parallel search), known by their links
  // only: their packed states are not kept here.
  appendLinks(parents: Int32Array, labels: Int32Array, count: number): void {
    this.parentPages.setRange(this.count, parents, count);
    this.labelPages.setRange(this.count, labels, count);
    this.count += count;
  }

  private chunkOf(n: number): Packed {
    const c = n >>> this.chunkBits;
    const chunk = this.chunks[c];
    if (chunk) { this.reading = c; return chunk; }
    if (!this.spilled[c]) throw new Error(`internal: state ${n} is no longer in the frontier`);
    const back = this.make(this.chunk * this.slots);
    this.spill!.area.takeFile(`frontier-${c}.bin`, back);
    this.chunks[c] = back;
    this.spilled[c] = false;
    this.live++;
    this.reading = c;
    return back;
  }

  read(n: number, out: Int32Array): void {
    const chunk = this.chunkOf(n);
    const base = (n & (this.chunk - 1)) * this.slots;
    for (let i = 0; i < this.slots; i++) out[i] = chunk[base + i];
  }

  // State n, packed as here, into dst at `at` (dst of the same width).
  copyPacked(n: number, dst: Packed, at: number): void {
    const chunk = this.chunkOf(n);
    const base = (n & (this.chunk - 1)) * this.slots;
    for (let i = 0; i < this.slots; i++) dst[at + i] = chunk[base + i];
  }

  // States below n will not be read again: free their chunks.
  release(n: number): void {
    const last = (n >>> this.chunkBits) - 1;
    for (let c = last; c >= 0 && this.chunks[c]; c--) { this.chunks[c] = null; this.live--; }
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
