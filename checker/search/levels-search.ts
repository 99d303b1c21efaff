// The parallel search: level-synchronous BFS on worker threads that expand,
// deduplicate and number the states themselves, giving exactly the one-thread
// search's numbering, counts, verdicts and counterexamples.
//
// The one-thread search numbers the states of level d+1 in the order it first
// meets them: by (parent number, successor ordinal). Here each parent is
// expanded by one worker, in ordinal order, and the shared visited set keeps,
// per fingerprint, the smallest parent that reached it (an atomic min). After
// the level's barrier a successor is new iff its parent is that owner and it
// is that parent's first successor with the fingerprint: the same states the
// one-thread search would store, found by the same (parent, ordinal). The
// frontier is cut into small chunks taken in any order, each chunk's
// candidates kept in ordinal order; a prefix sum over the chunks' counts then
// gives every new state its one-thread number. Events (invariant violation,
// deadlock, evaluation error) and the --max-states cut carry the
// (parent, ordinal) at which the one-thread search would meet them; the
// smallest wins, so the stop, its statistics and its trace are the same too.
//
// The coordinator does work per level and per chunk, not per state: it sizes
// the table, sums chunk counts, appends the workers' parent/ordinal links to
// the StateStore (a copy) and polls limits and progress while they run.
import { Worker } from 'node:worker_threads';
import { workerScript } from './worker-script.js';
import { EvalError } from '../compile/eval-error.js';
import { C, NO_CHUNK, STAT, eventBefore, packedBytes, packedView, type FromWorker, type LevelEvent, type ToWorker, type WorkerSetup } from './levels-protocol.js';
import type { CheckResult, Limit, Violation } from '../result.js';
import { Stop, type Search } from './one-thread.js';
import { INIT_OWNER, MAX_LOAD, TARGET_LOAD, allocTable, laneA, laneB, place, tableBytes, type SharedTable } from './shared-visited-set.js';
import { nthSuccessor, rebuildTrace, traceAction } from '../store/trace.js';
import { SEQUENTIAL_UNTIL, type ParallelTuning } from './tuning.js';

export interface ParallelInfo {
  levels: number;
  redoneLevels: number; // levels aborted because the table filled up, then redone
  grows: number;
  capacity: number;
  reusedFrontiers: number; // levels written into the buffer of the frontier before theirs
}

class Pool {
  private readonly workers: Worker[];
  private readonly waiting: ((m: FromWorker) => void)[] = [];
  private failure: Error | null = null;
  private onFailure: ((e: Error) => void) | null = null;

  constructor(n: number, setup: Omit<WorkerSetup, 'index'>) {
    const script = workerScript('levels-worker.js');
    this.workers = Array.from({ length: n }, (_, index) => {
      const w = new Worker(script, { workerData: { ...setup, index } });
      w.on('message', (m: FromWorker) => {
        if (m.type === 'fatal') { this.fail(new Error(`parallel search worker: ${m.message}`)); return; }
        const r = this.waiting[index];
        delete this.waiting[index];
        r?.(m);
      });
      w.on('error', (e: unknown) => this.fail(e instanceof Error ? e : new Error(String(e))));
      return w;
    });
  }

  private fail(e: Error): void {
    this.failure ??= e;
    this.onFailure?.(e);
  }

  // Sends m to every worker; resolves when all have answered (the barrier).
  all<T extends FromWorker>(m: ToWorker): Promise<T[]> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<T[]>((resolve, reject) => {
      this.onFailure = reject;
      const out: T[] = [];
      let left = this.workers.length;
      this.workers.forEach((w, i) => {
        this.waiting[i] = (r) => { out[i] = r as T; if (--left === 0) { this.onFailure = null; resolve(out); } };
        w.postMessage(m);
      });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

export class ParallelSearch {
  readonly info: ParallelInfo = { levels: 0, redoneLevels: 0, grows: 0, capacity: 0, reusedFrontiers: 0 };
  private readonly control = new Int32Array(new SharedArrayBuffer(C.WORDS * 4));
  private readonly progress: Float64Array;
  private table!: SharedTable;
  private halt: Stop | null = null; // a limit the poll found while the workers ran
  private committed = 0; // distinct states of the finished levels
  private nextProgress = 0;
  // Buffers kept from level to level: fresh memory costs a page fault per
  // page on first touch (about 12 us each on a VM, 40% of the write
  // round), so the frontier before the current one and the links are reused.
  private spareFrontier: SharedArrayBuffer | null = null;
  private linkBuffers: { parents: SharedArrayBuffer; labels: SharedArrayBuffer } | null = null;

  constructor(private readonly s: Search, private readonly workers: number, private readonly tuning: ParallelTuning = {}) {
    this.progress = new Float64Array(new SharedArrayBuffer(workers * 8));
  }

  async run(): Promise<CheckResult> {
    const s = this.s;
    // --disk: one thread; the state graph of temporal checking: the pipelined search (checkWith)
    if (!s.parallelizable || s.buildsGraph) return s.runYielding();
    let stop: Stop | null = null;
    let pool: Pool | null = null;
    try {
      // the initial states and the small first levels, on this thread
      if (!(await s.exploreUntilFrontier(this.tuning.sequentialUntil ?? SEQUENTIAL_UNTIL))) return s.result(null);
      pool = new Pool(this.workers, {
        spec: s.model.spec, invariants: s.opts.invariants, symmetry: s.symmetry !== null, deadlock: s.opts.deadlock ?? true,
        control: this.control.buffer as SharedArrayBuffer, progress: this.progress.buffer as SharedArrayBuffer,
      });
      await this.levels(pool);
    } catch (e) {
      if (e instanceof Stop) stop = e;
      else throw e;
    } finally {
      await pool?.close();
    }
    return s.result(stop);
  }

  private async levels(pool: Pool): Promise<void> {
    const { s, control, tuning } = this;
    const { model, store, opts } = s;
    const size = model.layout.size;
    const maxSpan = model.layout.maxSpan;
    const bytes = packedBytes(maxSpan);
    const maxStates = opts.maxStates ?? Infinity;
    const maxDepth = opts.maxDepth ?? Infinity;
    const maxMemory = s.maxMemory;

    // what the one-thread search found: every fingerprint into the table
    // (owned by no parent of this level or later), its frontier into shared memory
    let levelStart = s.head;
    let levelEnd = store.count;
    let capacity = tuning.tableCapacity ?? 1 << 20; // 12 MiB, touched only where used
    while (levelEnd > capacity * TARGET_LOAD) capacity *= 2;
    this.table = allocTable(capacity);
    let frontier = this.allocFrontier((levelEnd - levelStart) * size * bytes, maxMemory);
    {
      const t = new Int32Array(this.table.buffer);
      s.forEachFingerprint((h1, h2) => place(t, capacity - 1, laneA(h1), laneB(h2), INIT_OWNER));
      const packed = packedView(frontier, maxSpan);
      const view = new Int32Array(size);
      for (let n = levelStart; n < levelEnd; n++) {
        store.read(n, view);
        packed.set(view, (n - levelStart) * size);
      }
      Atomics.store(control, C.SIZE, levelEnd);
    }
    this.committed = levelEnd;
    let perParent = 4; // new states per parent, for sizing the table (updated per level)

    while (levelEnd > levelStart) {
      const count = levelEnd - levelStart;
      if (s.depth >= maxDepth) throw new Stop(null, { kind: 'max-depth', value: maxDepth });
      this.poll(true);
      if (tuning.presize !== false) {
        const need = Atomics.load(control, C.SIZE) + Math.ceil(count * perParent * 1.5) + 64;
        if (need > this.table.capacity * TARGET_LOAD) await this.grow(pool, need, maxMemory);
      }
      const chunkSize = tuning.chunkSize ?? Math.max(8, Math.min(512, Math.ceil(count / (this.workers * 64))));
      const chunks = Math.ceil(count / chunkSize);
      let expanded: Extract<FromWorker, { type: 'expanded' }>[];
      let statsBuf: SharedArrayBuffer;
      let event: LevelEvent | null;
      for (;;) {
        Atomics.store(control, C.NEXT, 0);
        Atomics.store(control, C.STOP_CHUNK, NO_CHUNK);
        Atomics.store(control, C.ABORT, 0);
        // each worker counts the keys it adds in batches of flushEvery: room for them all
        const flushEvery = Math.max(1, Math.min(64, Math.floor(this.table.capacity * (1 - MAX_LOAD) / (4 * this.workers))));
        Atomics.store(control, C.LIMIT, Math.floor(this.table.capacity * MAX_LOAD));
        this.progress.fill(0);
        expanded = await this.round(pool, {
          type: 'expand', table: this.table.buffer, capacity: this.table.capacity, frontier, levelStart, count, chunkSize, chunks, reverse: tuning.reverse ?? false, flushEvery,
          noDeadlock: s.reported('deadlock'),
        });
        if (Atomics.load(control, C.ABORT)) {
          // the table filled up: grow it and redo the level (the states this
          // attempt claimed stay, with owners no smaller than the true ones)
          this.info.redoneLevels++;
          await this.grow(pool, Math.max(this.table.capacity, Math.ceil(Atomics.load(control, C.SIZE) / TARGET_LOAD)), maxMemory);
          continue;
        }
        statsBuf = new SharedArrayBuffer(Math.max(1, chunks) * STAT.WORDS * 8);
        const off = model.invariants.flatMap((inv, i) => (s.reported(`invariant ${inv.name}`) ? [i] : []));
        const classified = await this.round<Extract<FromWorker, { type: 'classified' }>>(pool, { type: 'classify', stats: statsBuf, off });
        event = null;
        for (const r of [...expanded, ...classified]) if (r.event && eventBefore(r.event, event)) event = r.event;
        // --continue: keep the violation and redo the level without it (at most
        // once per invariant and for deadlock in the whole search)
        if (!event || !s.opts.continue || (event.kind !== 'invariant' && event.kind !== 'deadlock')) break;
        this.keep(event);
      }
      this.info.levels++;

      // number the new states: chunk c's k-th is base[c] + k in this level
      const stats = new Float64Array(statsBuf);
      const lastChunk = event ? event.chunk : chunks - 1;
      const baseBuf = new SharedArrayBuffer(Math.max(1, chunks) * 4);
      const base = new Int32Array(baseBuf);
      const fresh = (c: number) => (c === lastChunk && event && event.fresh !== undefined ? event.fresh : stats[c * STAT.WORDS + STAT.NEW]);
      let total = 0;
      for (let c = 0; c <= lastChunk; c++) { base[c] = total; total += fresh(c); }
      const sumUpTo = (end: number, field: number) => { let x = 0; for (let c = 0; c < end; c++) x += stats[c * STAT.WORDS + field]; return x; };

      // --max-states: the one-thread search stops right after storing state
      // number maxStates - 1, unless an event comes first (or at that state)
      if (levelEnd + total >= maxStates) {
        const m = maxStates - 1 - levelEnd;
        let cm = 0;
        while (cm < lastChunk && base[cm + 1] <= m) cm++;
        const atEventState = event && (event.kind === 'invariant' || event.kind === 'invariant-error') ? 1 : 0;
        if (!event || cm < lastChunk || m - base[cm] < fresh(cm) - atEventState) {
          const links = this.links(m + 1, maxMemory);
          const written = await this.round<Extract<FromWorker, { type: 'written' }>>(pool, {
            type: 'write', base: baseBuf, lastChunk: cm, limit: m + 1, at: m, next: null, parents: links.parents, labels: links.labels,
          });
          const at = written.find((w) => w.at)!.at!;
          store.appendLinks(new Int32Array(links.parents), new Int32Array(links.labels), m + 1);
          s.generated += sumUpTo(cm, STAT.GEN) + at.gen;
          s.unreduced += sumUpTo(cm, STAT.ORBIT) + at.orbit;
          s.head = store.parent(levelEnd + m) + 1;
          throw new Stop(null, { kind: 'max-states', value: maxStates });
        }
      }

      if (event) {
        // the level up to the event: its links (for the count and the trace)
        const links = this.links(total, maxMemory);
        await this.round(pool, { type: 'write', base: baseBuf, lastChunk, limit: total, at: -1, next: null, parents: links.parents, labels: links.labels });
        store.appendLinks(new Int32Array(links.parents), new Int32Array(links.labels), total);
        const own = event.gen !== undefined;
        s.generated += sumUpTo(lastChunk, STAT.GEN) + (own ? event.gen! : stats[lastChunk * STAT.WORDS + STAT.GEN]);
        s.unreduced += sumUpTo(lastChunk, STAT.ORBIT) + (own ? event.orbit! : stats[lastChunk * STAT.WORDS + STAT.ORBIT]);
        s.head = event.parent + 1;
        throw new Stop(this.violation(event, levelEnd + total - 1), null);
      }

      // the whole level: the next frontier (into the one before the current
      // one, when it is large enough) and the links
      const nextBuf = this.reuse(this.spareFrontier, total * size * bytes, maxMemory);
      if (nextBuf === this.spareFrontier) this.info.reusedFrontiers++;
      const links = this.links(total, maxMemory);
      await this.round(pool, { type: 'write', base: baseBuf, lastChunk, limit: total, at: -1, next: nextBuf, parents: links.parents, labels: links.labels });
      store.appendLinks(new Int32Array(links.parents), new Int32Array(links.labels), total);
      s.generated += sumUpTo(chunks, STAT.GEN);
      s.unreduced += sumUpTo(chunks, STAT.ORBIT);
      perParent = Math.max(1, total / count);
      this.spareFrontier = frontier;
      frontier = nextBuf;
      levelStart = levelEnd;
      levelEnd += total;
      this.committed = levelEnd;
      s.head = levelStart;
      if (total > 0) s.depth++;
    }
  }

  // A violation the search goes on after (--continue), its trace through the
  // event's parent, which is numbered already (the event's state is not yet).
  private keep(e: LevelEvent): void {
    const { model, store } = this.s;
    const upTo = () => rebuildTrace(model, store, e.parent);
    if (e.kind === 'deadlock') { this.s.report('deadlock', () => ({ kind: 'deadlock', trace: upTo() })); return; }
    const name = model.invariants[e.invariant!].name;
    this.s.report(`invariant ${name}`, () => {
      const t = upTo();
      const { inst, state, picks } = nthSuccessor(model, t.steps[t.steps.length - 1].state, e.ordinal);
      return { kind: 'invariant', name, trace: { ...t, steps: [...t.steps, { action: traceAction(inst, picks), state }] } };
    });
  }

  private violation(e: LevelEvent, newest: number): Violation {
    const { s } = this;
    const { model, store } = s;
    switch (e.kind) {
      case 'deadlock': return { kind: 'deadlock', trace: rebuildTrace(model, store, e.parent) };
      case 'eval': return s.evalStop(new EvalError(e.message!, e.span), model.instances[e.instance!], e.parent, 'action').violation!;
      case 'invariant': return { kind: 'invariant', name: model.invariants[e.invariant!].name, trace: rebuildTrace(model, store, newest) };
      case 'invariant-error': return s.evalStop(new EvalError(e.message!, e.span), null, newest, 'invariant').violation!;
    }
  }

  // One round of messages; meanwhile poll the limits and report progress.
  private async round<T extends FromWorker>(pool: Pool, m: ToWorker): Promise<T[]> {
    const timer = setInterval(() => this.poll(false), 50);
    try {
      const out = await pool.all<T>(m);
      if (this.halt) throw this.halt;
      return out;
    } finally {
      clearInterval(timer);
    }
  }

  // The one-thread search's checks (time, memory, interruption, progress).
  // At a level's start a limit stops at once; while workers run it asks
  // them to halt, and the search stops with the levels finished so far.
  private poll(atLevelStart: boolean): void {
    const { s } = this;
    const opts = s.opts;
    const now = Date.now();
    let limit: Limit | null = null;
    const maxMemory = s.maxMemory;
    if (opts.timeLimitSeconds !== undefined && now >= s.start + opts.timeLimitSeconds * 1000) limit = { kind: 'time-limit', value: opts.timeLimitSeconds };
    else if (process.memoryUsage.rss() > maxMemory) limit = { kind: 'max-memory', value: maxMemory };
    else { const why = opts.shouldStop?.(); if (why) limit = { kind: 'interrupted', value: why }; }
    if (limit) {
      const stop = new Stop(null, limit);
      if (atLevelStart) throw stop;
      this.halt ??= stop;
      Atomics.store(this.control, C.HALT, 1);
      return;
    }
    const every = (opts.progressEverySeconds ?? 3) * 1000;
    if (this.nextProgress === 0) this.nextProgress = s.start + every;
    if (now >= this.nextProgress && opts.onProgress) {
      const seconds = (now - s.start) / 1000;
      let generated = s.generated;
      for (let i = 0; i < this.progress.length; i++) generated += this.progress[i];
      // keys claimed so far: the distinct states once this level is done
      const distinct = Math.max(this.committed, Atomics.load(this.control, C.SIZE));
      opts.onProgress({ distinct, initial: s.initial, generated, queue: Math.max(0, distinct - s.head), depth: s.depth, seconds, statesPerSecond: seconds > 0 ? distinct / seconds : distinct });
      this.nextProgress = now + every;
    }
  }

  // A table with room for `need` keys at TARGET_LOAD; the workers rehash.
  private async grow(pool: Pool, need: number, maxMemory: number): Promise<void> {
    let capacity = this.table.capacity * 2;
    while (need > capacity * TARGET_LOAD) capacity *= 2;
    if (process.memoryUsage.rss() + tableBytes(capacity) > maxMemory) throw new Stop(null, { kind: 'max-memory', value: maxMemory });
    const next = allocTable(capacity);
    Atomics.store(this.control, C.NEXT, 0);
    await this.round(pool, { type: 'rehash', old: this.table.buffer, oldCapacity: this.table.capacity, table: next.buffer, capacity, chunk: 1 << 14 });
    this.table = next;
    this.info.grows++;
    this.info.capacity = capacity;
  }

  private allocFrontier(bytes: number, maxMemory: number): SharedArrayBuffer {
    if (process.memoryUsage.rss() + bytes > maxMemory) throw new Stop(null, { kind: 'max-memory', value: maxMemory });
    return new SharedArrayBuffer(Math.max(8, bytes));
  }

  // A buffer of at least `bytes`: `buf` when large enough, else a new one
  // with room to spare (levels grow), or just enough near the memory limit.
  private reuse(buf: SharedArrayBuffer | null, bytes: number, maxMemory: number): SharedArrayBuffer {
    if (buf && buf.byteLength >= bytes) return buf;
    const roomy = Math.ceil(bytes * 1.5 / 8) * 8;
    return this.allocFrontier(process.memoryUsage.rss() + roomy <= maxMemory ? roomy : bytes, maxMemory);
  }

  // Parent and label buffers for n states (reused: appendLinks copies them).
  private links(n: number, maxMemory: number): { parents: SharedArrayBuffer; labels: SharedArrayBuffer } {
    const old = this.linkBuffers;
    this.linkBuffers = { parents: this.reuse(old?.parents ?? null, n * 4, maxMemory), labels: this.reuse(old?.labels ?? null, n * 4, maxMemory) };
    return this.linkBuffers;
  }
}
