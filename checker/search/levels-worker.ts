// A worker thread of the parallel search (coordinator: levels-search.ts,
// messages: levels-protocol.ts). It compiles the spec once, then for each
// BFS level expands the chunks of the frontier it takes, deduplicates the
// successors against the shared visited set, and keeps the candidates that
// may be new (with their states) until the level is numbered and written.
import { parentPort, workerData } from 'node:worker_threads';
import { EvalError } from '../compile/eval-error.js';
import { fingerprint } from '../store/fingerprint-set.js';
import { compileModel } from '../compile/model.js';
import { C, DEADLOCK_ORDINAL, STAT, eventBefore, packedView, type FromWorker, type LevelEvent, type ToWorker, type WorkerSetup } from './levels-protocol.js';
import { CLAIM_OLD, claim, claimInfo, laneA, laneB, ownerOf, rehashRange } from './shared-visited-set.js';
import { Symmetry } from '../symmetry/canonical.js';

const setup = workerData as WorkerSetup;
const model = compileModel(setup.spec, { invariants: setup.invariants });
const spec = setup.spec;
const sym = setup.symmetry && spec.symmetric.length ? new Symmetry(spec, model.layout, spec.symmetric) : null;
const size = model.layout.size;
const maxSpan = model.layout.maxSpan;
const narrow = maxSpan <= 0xff;
const { instances, invariants, constraints } = model;
const control = new Int32Array(setup.control);
const progress = new Float64Array(setup.progress);

// A candidate: a successor that this worker's parent may own. Record
// fields, then the state's slots.
const PARENT = 0, ORDINAL = 1, BUCKET = 2, GEN = 3, ORBIT = 4, NEW = 5, SLOTS = 6;
const S = SLOTS + size;
let rec = new Int32Array(S * 1024);
let len = 0; // records
interface ChunkOut { readonly c: number; readonly from: number; to: number; gen: number }
let chunks: ChunkOut[] = [];
let table: Int32Array<ArrayBufferLike> = new Int32Array(0);

function lowerStopChunk(c: number): void {
  let s = Atomics.load(control, C.STOP_CHUNK);
  while (c < s) {
    const seen = Atomics.compareExchange(control, C.STOP_CHUNK, s, c);
    if (seen === s) return;
    s = seen;
  }
}

function expand(m: Extract<ToWorker, { type: 'expand' }>): LevelEvent | null {
  table = new Int32Array(m.table);
  const t = table;
  const mask = m.capacity - 1;
  const frontier = packedView(m.frontier, maxSpan);
  const cur = new Int32Array(size);
  const fp = new Uint32Array(2);
  chunks = [];
  len = 0;
  let event: LevelEvent | null = null;
  let parent = 0, ordinal = 0, gen = 0, parentFrom = 0, instId = 0;
  // keys this worker added, not yet counted in C.SIZE (at most flushEvery:
  // the coordinator leaves room for every worker's)
  let unflushed = 0;
  const limit = control[C.LIMIT];
  const flush = () => {
    if (Atomics.add(control, C.SIZE, unflushed) + unflushed >= limit) Atomics.store(control, C.ABORT, 1);
    unflushed = 0;
  };

  const emit = (w: Int32Array): void => {
    const ord = ordinal++;
    gen++;
    for (let i = 0; i < constraints.length; i++) if (!constraints[i].test(w)) return; // counted, not stored
    fingerprint(sym ? sym.canonical(w) : w, size, fp, narrow);
    const bucket = claim(t, mask, laneA(fp[0]), laneB(fp[1]), parent);
    if (claimInfo.fresh && ++unflushed >= m.flushEvery) flush();
    if (bucket === CLAIM_OLD) return;
    // an earlier successor of this parent with the same fingerprint wins
    if (!claimInfo.fresh) for (let r = parentFrom; r < len; r++) if (rec[r * S + BUCKET] === bucket) return;
    if ((len + 1) * S > rec.length) { const o = new Int32Array(rec.length * 2); o.set(rec); rec = o; }
    const at = len * S;
    rec[at + PARENT] = parent; rec[at + ORDINAL] = ord; rec[at + BUCKET] = bucket;
    rec[at + GEN] = gen; rec[at + ORBIT] = sym ? sym.lastOrbitSize : 1; rec[at + NEW] = 0;
    rec.set(w, at + SLOTS);
    len++;
  };

  for (let done = false; !done;) {
    const k = Atomics.add(control, C.NEXT, 1);
    if (k >= m.chunks) break;
    const c = m.reverse ? m.chunks - 1 - k : k;
    if (c > Atomics.load(control, C.STOP_CHUNK)) { if (m.reverse) continue; break; }
    const from = c * m.chunkSize, to = Math.min(m.count, from + m.chunkSize);
    const out: ChunkOut = { c, from: len, to: len, gen: 0 };
    gen = 0;
    for (let q = from; q < to; q++) {
      // plain reads: a flag seen one parent late costs nothing
      if (control[C.ABORT] || control[C.HALT]) { done = true; break; }
      if (c > control[C.STOP_CHUNK]) break; // an earlier chunk has an event: this one is not needed
      const base = q * size;
      for (let i = 0; i < size; i++) cur[i] = frontier[base + i];
      parent = m.levelStart + q;
      ordinal = 0;
      parentFrom = len;
      let ev: LevelEvent | null = null;
      try {
        for (let i = 0; i < instances.length; i++) { instId = i; instances[i].fire(cur, emit); }
      } catch (e) {
        if (!(e instanceof EvalError)) throw e;
        ev = { kind: 'eval', parent, ordinal, chunk: c, instance: instId, message: e.message, span: e.span };
      }
      if (!ev && ordinal === 0 && setup.deadlock && !m.noDeadlock && !model.isTerminated(cur)) ev = { kind: 'deadlock', parent, ordinal: DEADLOCK_ORDINAL, chunk: c };
      if (ev) {
        if (eventBefore(ev, event)) event = ev;
        lowerStopChunk(c);
        break; // the rest of this chunk comes after the event
      }
    }
    if (unflushed) flush();
    out.to = len;
    out.gen = gen;
    chunks.push(out);
    progress[setup.index] += gen;
  }
  chunks.sort((x, y) => x.c - y.c);
  return event;
}

// A candidate is new iff its parent is still the fingerprint's owner: no
// smaller parent reached it (and the parent's first such successor is the
// only one kept). Count the new ones per chunk; check invariants on them.
function classify(m: Extract<ToWorker, { type: 'classify' }>): LevelEvent | null {
  const stats = new Float64Array(m.stats);
  const t = table;
  const off = new Uint8Array(invariants.length);
  for (const i of m.off) off[i] = 1;
  for (const ch of chunks) {
    if (ch.c > Atomics.load(control, C.STOP_CHUNK)) break;
    let fresh = 0, orbit = 0;
    for (let r = ch.from; r < ch.to; r++) {
      const at = r * S;
      if (ownerOf(t, rec[at + BUCKET]) !== rec[at + PARENT]) continue;
      rec[at + NEW] = 1;
      fresh++;
      orbit += rec[at + ORBIT];
      if (invariants.length) {
        const s = rec.subarray(at + SLOTS, at + SLOTS + size);
        for (let i = 0; i < invariants.length; i++) {
          if (off[i]) continue;
          let ok: boolean;
          let failure: { message: string; span: EvalError['span'] } | null = null;
          try {
            ok = invariants[i].test(s);
          } catch (e) {
            if (!(e instanceof EvalError)) throw e;
            ok = false;
            failure = { message: `while evaluating invariant ${invariants[i].name}: ${e.message}`, span: e.span };
          }
          if (!ok) {
            lowerStopChunk(ch.c);
            const where = { parent: rec[at + PARENT], ordinal: rec[at + ORDINAL], chunk: ch.c, invariant: i, gen: rec[at + GEN], fresh, orbit };
            return failure ? { kind: 'invariant-error', ...where, message: failure.message, span: failure.span } : { kind: 'invariant', ...where };
          }
        }
      }
    }
    stats[ch.c * STAT.WORDS + STAT.GEN] = ch.gen;
    stats[ch.c * STAT.WORDS + STAT.NEW] = fresh;
    stats[ch.c * STAT.WORDS + STAT.ORBIT] = orbit;
  }
  return null;
}

// Number the new states: the k-th new one of chunk c is base[c] + k in this
// level. Writes those below `limit`; reports the counts up to state `at`.
function write(m: Extract<ToWorker, { type: 'write' }>): { gen: number; orbit: number } | null {
  const base = new Int32Array(m.base);
  const parents = new Int32Array(m.parents);
  const labels = new Int32Array(m.labels);
  const next = m.next ? packedView(m.next, maxSpan) : null;
  let found: { gen: number; orbit: number } | null = null;
  for (const ch of chunks) {
    if (ch.c > m.lastChunk) break;
    let k = base[ch.c];
    let orbit = 0;
    for (let r = ch.from; r < ch.to && k < m.limit; r++) {
      const at = r * S;
      if (rec[at + NEW] !== 1) continue;
      parents[k] = rec[at + PARENT];
      labels[k] = rec[at + ORDINAL];
      orbit += rec[at + ORBIT];
      if (next) {
        const o = k * size;
        for (let i = 0; i < size; i++) next[o + i] = rec[at + SLOTS + i];
      }
      if (k === m.at) found = { gen: rec[at + GEN], orbit };
      k++;
    }
  }
  return found;
}

function rehash(m: Extract<ToWorker, { type: 'rehash' }>): void {
  const old = new Int32Array(m.old);
  const t = new Int32Array(m.table);
  for (;;) {
    const from = Atomics.add(control, C.NEXT, 1) * m.chunk;
    if (from >= m.oldCapacity) return;
    rehashRange(old, from, Math.min(m.oldCapacity, from + m.chunk), t, m.capacity - 1);
  }
}

parentPort!.on('message', (m: ToWorker) => {
  let reply: FromWorker;
  try {
    switch (m.type) {
      case 'expand': reply = { type: 'expanded', event: expand(m) }; break;
      case 'classify': reply = { type: 'classified', event: classify(m) }; break;
      case 'write': reply = { type: 'written', at: write(m) }; break;
      case 'rehash': rehash(m); reply = { type: 'rehashed' }; break;
    }
  } catch (e) {
    reply = { type: 'fatal', message: e instanceof Error ? e.stack ?? e.message : String(e) };
  }
  parentPort!.postMessage(reply);
});
