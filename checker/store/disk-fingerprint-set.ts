// The visited set of a --disk search, as TLC's disk fingerprint set: the
// newest fingerprints in the in-memory set (fingerprint-set.ts) up to a
// budget; when it is full they are sorted and merged with the sorted file of
// all older ones into a new file. A lookup that misses in memory asks a Bloom
// filter of the file (so a new state seldom touches the disk) and then reads
// the one page of the file that can hold the key, found by an in-memory
// index of each page's first key. Records are (h1, h2, state number), 12
// bytes, ordered by (h2, h1) unsigned.
import { FingerprintSet } from './fingerprint-set.js';
import { readAt, writeAt, type SpillArea } from './spill-area.js';

const PAGE = 256; // records per page of the file (3 KiB)
const BLOCK = 1 << 16; // records per read or write while merging
const FLUSH = Symbol('flush');

export class DiskFingerprintSet {
  private mem: FingerprintSet;
  private readonly initialCapacity: number;
  private fd = -1;
  private onDisk = 0; // records in the file
  private generation = 0;
  private idx1 = new Uint32Array(0); // first key of each page
  private idx2 = new Uint32Array(0);
  private bloom = new Uint32Array(0);
  private bloomMask = 0;
  private readonly page = new Uint32Array(PAGE * 3);
  lastId = 0;
  flushes = 0; // merges done (tests, statistics)
  // Search sets this for the in-memory set; here growth past the budget flushes instead
  beforeGrow: ((bytes: number) => void) | null = null;

  // memBytes: what the in-memory part may take; bloomBytes: the Bloom filter's most
  constructor(private readonly area: SpillArea, private readonly memBytes: number, private readonly bloomBytes: number, private readonly withIds: boolean) {
    this.initialCapacity = Math.max(1024, Math.min(1 << 16, 2 ** Math.floor(Math.log2(Math.max(1, memBytes / 24)))));
    this.mem = this.freshMem();
  }

  get size(): number { return this.mem.size + this.onDisk; }

  private freshMem(): FingerprintSet {
    const m = new FingerprintSet(this.initialCapacity, this.withIds);
    m.beforeGrow = (bytes) => { if (m.bytes + bytes > this.memBytes) throw FLUSH; };
    return m;
  }

  // As FingerprintSet.add: true when (h1, h2) was not in the set.
  add(h1: number, h2: number, id = 0): boolean {
    h1 >>>= 0; h2 >>>= 0;
    if (h1 === 0 && h2 === 0) h2 = 1; // as FingerprintSet stores it
    const mem = this.mem;
    if (mem.has(h1, h2)) { this.lastId = mem.lastId; return false; }
    if (this.onDisk && this.onDiskHas(h1, h2)) return false;
    try {
      return mem.add(h1, h2, id);
    } catch (e) {
      if (e !== FLUSH) throw e;
    }
    this.flush();
    return this.mem.add(h1, h2, id);
  }

  forEach(f: (h1: number, h2: number) => void): void {
    this.mem.forEach(f);
    const buf = new Uint32Array(BLOCK * 3);
    for (let at = 0; at < this.onDisk; at += BLOCK) {
      const n = Math.min(BLOCK, this.onDisk - at);
      readAt(this.fd, buf.subarray(0, n * 3), at * 12);
      for (let i = 0; i < n; i++) f(buf[3 * i], buf[3 * i + 1]);
    }
  }

  private bloomHas(h1: number, h2: number): boolean {
    const b = this.bloom, mask = this.bloomMask, step = h2 | 1;
    for (let i = 0; i < 3; i++) {
      const bit = (h1 + Math.imul(i, step)) & mask;
      if ((b[bit >>> 5] & (1 << (bit & 31))) === 0) return false;
    }
    return true;
  }

  private bloomAdd(h1: number, h2: number): void {
    const b = this.bloom, mask = this.bloomMask, step = h2 | 1;
    for (let i = 0; i < 3; i++) {
      const bit = (h1 + Math.imul(i, step)) & mask;
      b[bit >>> 5] |= 1 << (bit & 31);
    }
  }

  private onDiskHas(h1: number, h2: number): boolean {
    if (!this.bloomHas(h1, h2)) return false;
    const i1 = this.idx1, i2 = this.idx2;
    // the last page whose first key is <= the key
    let lo = 0, hi = i1.length - 1;
    if (less(h1, h2, i1[0], i2[0])) return false;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (less(h1, h2, i1[mid], i2[mid])) hi = mid - 1; else lo = mid;
    }
    const n = Math.min(PAGE, this.onDisk - lo * PAGE);
    const pg = this.page;
    readAt(this.fd, pg.subarray(0, n * 3), lo * PAGE * 12);
    let a = 0, b = n - 1;
    while (a <= b) {
      const m = (a + b) >>> 1;
      const x = pg[3 * m], y = pg[3 * m + 1];
      if (x === h1 && y === h2) { this.lastId = pg[3 * m + 2]; return true; }
      if (less(h1, h2, x, y)) b = m - 1; else a = m + 1;
    }
    return false;
  }

  // The in-memory fingerprints, sorted, merged with the file into a new file;
  // the in-memory set starts again empty. The file is ordered by (h2, h1), so
  // the in-memory set's segments (by the top bits of h2) come in file order:
  // each is drained and sorted alone, which keeps the merge's extra memory
  // to one segment's copy.
  private flush(): void {
    const full = this.mem;
    const total = this.onDisk + full.size;
    this.mem = new FingerprintSet(16);
    const pages = Math.ceil(total / PAGE);
    const idx1 = new Uint32Array(pages), idx2 = new Uint32Array(pages);
    // 16 bits a key, within the budget and 2^31 bits; a larger filter is
    // filled from the whole merge, else only the new keys are added
    let bits = 1 << 16;
    while (bits < total * 16 && bits * 2 <= this.bloomBytes * 8 && bits < 2 ** 31) bits *= 2;
    const rebuild = bits > this.bloomMask + 1;
    if (rebuild) {
      this.bloom = new Uint32Array(0); // the old one can go before the new one is taken
      this.bloom = new Uint32Array(bits / 32);
      this.bloomMask = bits - 1;
    }
    const out = this.area.open(`visited-${++this.generation}.bin`);
    const inBuf = new Uint32Array(BLOCK * 3), outBuf = new Uint32Array(BLOCK * 3);
    let inN = 0, inI = 0, inAt = 0; // records in inBuf, next one, next record of the old file
    let outN = 0, written = 0;
    let s1: Uint32Array = new Uint32Array(0), s2 = s1, sid = s1;
    let seg = 0, i = 0;
    const emit = (a: number, b: number, id: number) => {
      const r = written + outN;
      if (r % PAGE === 0) { idx1[r / PAGE] = a; idx2[r / PAGE] = b; }
      outBuf[3 * outN] = a; outBuf[3 * outN + 1] = b; outBuf[3 * outN + 2] = id;
      if (++outN === BLOCK) { writeAt(out, outBuf, written * 12); written += outN; outN = 0; }
    };
    for (;;) {
      if (inI === inN && inAt < this.onDisk) {
        inN = Math.min(BLOCK, this.onDisk - inAt);
        readAt(this.fd, inBuf.subarray(0, inN * 3), inAt * 12);
        inAt += inN; inI = 0;
      }
      while (i === s1.length && seg < FingerprintSet.SEGMENTS) {
        const d = full.drainSegment(seg++);
        [s1, s2, sid] = sortByKey(d.h1, d.h2, d.ids);
        i = 0;
      }
      const haveOld = inI < inN, haveNew = i < s1.length;
      if (!haveOld && !haveNew) break;
      if (haveOld && (!haveNew || less(inBuf[3 * inI], inBuf[3 * inI + 1], s1[i], s2[i]))) {
        if (rebuild) this.bloomAdd(inBuf[3 * inI], inBuf[3 * inI + 1]);
        emit(inBuf[3 * inI], inBuf[3 * inI + 1], inBuf[3 * inI + 2]); inI++;
      } else {
        this.bloomAdd(s1[i], s2[i]);
        emit(s1[i], s2[i], sid[i]); i++;
      }
    }
    if (outN) writeAt(out, outBuf.subarray(0, outN * 3), written * 12);
    if (this.fd >= 0) { this.area.close(this.fd); this.area.removeFile(`visited-${this.generation - 1}.bin`); }
    this.fd = out;
    this.onDisk = total;
    this.idx1 = idx1; this.idx2 = idx2;
    this.flushes++;
    this.mem = this.freshMem();
  }
}

// (a1, a2) before (b1, b2) in the file's order: by the second lane, then the first
function less(a1: number, a2: number, b1: number, b2: number): boolean {
  return a2 !== b2 ? a2 < b2 : a1 < b1;
}

// LSD radix sort of (k1, k2, id) by (k2, k1), 16 bits a pass.
function sortByKey(k1: Uint32Array, k2: Uint32Array, ids: Uint32Array): [Uint32Array, Uint32Array, Uint32Array] {
  const n = k1.length;
  let a1: Uint32Array = k1, a2: Uint32Array = k2, ai: Uint32Array = ids;
  let b1: Uint32Array = new Uint32Array(n), b2: Uint32Array = new Uint32Array(n), bi: Uint32Array = new Uint32Array(n);
  const count = new Uint32Array(1 << 16);
  for (let pass = 0; pass < 4; pass++) {
    const digit = (r: number) => ((pass < 2 ? a1[r] : a2[r]) >>> ((pass & 1) * 16)) & 0xffff;
    count.fill(0);
    for (let r = 0; r < n; r++) count[digit(r)]++;
    let sum = 0;
    for (let d = 0; d < count.length; d++) { const c = count[d]; count[d] = sum; sum += c; }
    for (let r = 0; r < n; r++) {
      const at = count[digit(r)]++;
      b1[at] = a1[r]; b2[at] = a2[r]; bi[at] = ai[r];
    }
    [a1, b1] = [b1, a1]; [a2, b2] = [b2, a2]; [ai, bi] = [bi, ai];
  }
  return [a1, a2, ai];
}
