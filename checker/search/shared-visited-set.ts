// The visited set of the parallel search: 64-bit fingerprints in one
// SharedArrayBuffer that every worker thread inserts into without locks.
// Open addressing with linear probing; a bucket is three Int32 words:
//   a (lane 1, forced nonzero: 0 marks an empty bucket), claimed by
//     compareExchange(0 -> a), so one thread owns a bucket;
//   b (lane 2, forced nonzero): a reader that finds `a` but b == 0 waits
//     until the claimer has written it;
//   owner (+ OWNER_BIAS, so never 0: a reader waits for it too): the number of the parent that first reached this fingerprint, in
//     the BFS numbering (INIT_OWNER for initial states). During a level it is
//     lowered to the smallest parent that reaches it (an atomic min), which
//     is how the workers agree on the sequential search's numbering.
// Buckets never empty during a level, so two inserters of one key meet at
// the same bucket. The table does not grow while workers use it: the
// coordinator sizes it between levels (levels-search.ts).
export const STRIDE = 3;
export const INIT_OWNER = -1;
// owners are stored as parent + OWNER_BIAS, so that 0 means "not yet written"
const OWNER_BIAS = 2;

// Grow before a level when the table would pass this load by its end...
export const TARGET_LOAD = 0.5;
// ...and abort a level (grow, redo it) if it passes this one after all.
export const MAX_LOAD = 0.75;

export interface SharedTable {
  readonly buffer: SharedArrayBuffer;
  readonly capacity: number; // a power of two
}

export function allocTable(capacity: number): SharedTable {
  return { buffer: new SharedArrayBuffer(capacity * STRIDE * 4), capacity };
}

export function tableBytes(capacity: number): number {
  return capacity * STRIDE * 4;
}

// Lanes as stored: int32, both nonzero. A fingerprint with a zero lane is
// folded onto the one with that lane 1 (a 2^-32 narrowing of one lane).
export function laneA(h1: number): number { return (h1 | 0) === 0 ? 1 : h1 | 0; }
export function laneB(h2: number): number { return (h2 | 0) === 0 ? 1 : h2 | 0; }

function home(a: number, b: number, mask: number): number {
  return (a ^ (b >>> 11) ^ (b << 7)) & mask;
}

export const CLAIM_OLD = -1; // found, reached by an earlier level or by a smaller parent

// What claim() did besides its answer: 1 when it inserted the key.
export const claimInfo = { fresh: 0 };

// The parallel search's one question per successor: is (a, b), reached by
// parent p of the level being expanded, new for p? Owners below p are
// earlier levels' parents (or INIT_OWNER) or smaller parents of this level,
// since parents are numbered level by level. Returns the bucket when p
// inserted it or is now its smallest parent (the caller drops later
// successors of p with the same bucket), CLAIM_OLD when an earlier level or a
// smaller parent has it.
//
// Plain reads first (Atomics.load costs several times more here): a word
// only ever goes from 0 to its value (a, b, owner) or down (owner), so a
// plain read sees 0, the value, or a stale larger owner; 0 is re-read
// atomically, and a stale owner is settled by the compareExchange, or by the
// classification after the level's barrier (a candidate kept on a stale
// owner == p is dropped there).
export function claim(t: Int32Array, mask: number, a: number, b: number, p: number): number {
  let i = home(a, b, mask);
  const mine = p + OWNER_BIAS;
  claimInfo.fresh = 0;
  for (;;) {
    const at = i * STRIDE;
    let x = t[at];
    if (x === 0) {
      x = Atomics.compareExchange(t, at, 0, a);
      if (x === 0) {
        // plain stores: a reader waits while either word is still 0, in
        // whichever order they become visible
        t[at + 2] = mine;
        t[at + 1] = b;
        claimInfo.fresh = 1;
        return i;
      }
    }
    if (x === a) {
      let y = t[at + 1];
      while (y === 0) y = Atomics.load(t, at + 1); // the claimer is between its stores
      if (y === b) {
        let o = t[at + 2];
        while (o === 0) o = Atomics.load(t, at + 2);
        for (;;) {
          if (o < mine) return CLAIM_OLD;
          if (o === mine) return i;
          const seen = Atomics.compareExchange(t, at + 2, o, mine);
          if (seen === o) return i;
          o = seen;
        }
      }
    }
    i = (i + 1) & mask;
  }
}

// The parent that owns bucket i (after the level's barrier).
export function ownerOf(t: Int32Array, i: number): number {
  return t[i * STRIDE + 2] - OWNER_BIAS;
}

// Inserts a key known to be absent (rehashing into a bigger table).
export function place(t: Int32Array, mask: number, a: number, b: number, owner: number): void {
  let i = home(a, b, mask);
  for (;;) {
    const at = i * STRIDE;
    if (t[at] === 0 && Atomics.compareExchange(t, at, 0, a) === 0) {
      t[at + 2] = owner + OWNER_BIAS;
      t[at + 1] = b;
      return;
    }
    i = (i + 1) & mask;
  }
}

// Copies the buckets [from, to) of `old` into `t` (several threads may each
// take a range).
export function rehashRange(old: Int32Array, from: number, to: number, t: Int32Array, mask: number): void {
  for (let i = from; i < to; i++) {
    const at = i * STRIDE;
    const a = old[at];
    if (a !== 0) place(t, mask, a, old[at + 1], old[at + 2] - OWNER_BIAS);
  }
}
