// The pipelined search: producer threads fire the actions and fingerprint
// the successors; this thread, the consumer, does everything else exactly
// as the one-thread search does, in the same order: visited set, numbering,
// invariants, deadlock, limits. So counts, verdicts and counterexamples are
// the one-thread search's by construction, and memory nearly so (one
// visited set; the rings are a few MiB). The producers write through small
// rings that stay in cache (pipeline-protocol.ts) and leave out what the
// consumer is sure to find already seen (producer.ts), so the consumer reads
// about three successors in ten on fork_copy.
//
// Blocks of parents are claimed in order. The consumer never idles: a block
// no producer has claimed when it gets there it expands itself, and while
// it waits for a producer it claims the next block and produces it into a
// ring of its own. Its share (the visited set, storing) is still the larger
// one, which bounds the speed-up: the pipeline is for 2 or 3 threads; more
// go to the level-synchronous search (levels-search.ts), whose visited
// set is shared by all its threads.
import { Worker } from 'node:worker_threads';
import { workerScript } from './worker-script.js';
import { EvalError } from '../compile/eval-error.js';
import { SEQUENTIAL_UNTIL, type ParallelTuning } from './tuning.js';
import { packedBytes, packedView, type Packed } from './levels-protocol.js';
import { BLOCK, C, CUT_WORDS, END_ERROR, END_WORDS, MAX_PRODUCERS, OWNER_SLOTS, P, PARENT_SLOTS, RING_WORDS, STATE_SLOTS, TAG, controlWords, successorWords, word, type ProducerSetup } from './pipeline-protocol.js';
import type { CheckResult } from '../result.js';
import { Producer } from './producer.js';
import { Stop, type Search } from './one-thread.js';
import { rebuildTrace } from '../store/trace.js';

// Up to this many threads (the consumer and its producers) the pipeline is
// the faster parallel search (docs/performance.md).
export const PIPELINE_MAX_WORKERS = 3;

// The consumer's own ring has no room for an entry.
class RingFull extends Error {}

// Consumer spins this many times on an empty ring before it sleeps.
const SPINS = 200;

// The producers start when a level this large is next: early enough to be
// ready at the hand-over, late enough that small searches never start them.
const START_WORKERS_AT = 2_000;

export class PipelineSearch {
  private readonly control: Int32Array;
  private readonly parents: Packed;
  private readonly rings: Int32Array[];
  private readonly states: Packed[]; // per producer: its successors' states
  private readonly slots: number[]; // per producer: the state slot of its next successor
  private workers: Worker[] = [];
  private readonly reads: number[]; // per producer: ring words consumed
  private failure: Error | null = null;
  // Index `producers` of rings, states, slots and reads is this thread's own
  // ring: blocks it produces ahead while it would otherwise wait.
  private readonly here: number;
  private local: Producer | null = null;
  private readonly localDone = new Int32Array(OWNER_SLOTS); // parents produced, per own block (by block % OWNER_SLOTS)
  private first = 0; // the first parent of block 0
  private block = 0; // the block being consumed

  constructor(private readonly s: Search, private readonly producers: number, private readonly tuning: ParallelTuning = {}) {
    if (producers < 1 || producers >= MAX_PRODUCERS) throw new Error(`internal: ${producers} producers (1 to ${MAX_PRODUCERS - 1})`);
    this.here = producers;
    this.cur = new Int32Array(s.model.layout.size);
    const size = s.model.layout.size;
    const bytes = packedBytes(s.model.layout.maxSpan);
    const packed = (n: number) => packedView(new SharedArrayBuffer(n * size * bytes), s.model.layout.maxSpan);
    this.control = new Int32Array(new SharedArrayBuffer(controlWords(producers) * 4));
    this.parents = packed(PARENT_SLOTS);
    this.states = Array.from({ length: producers + 1 }, () => packed(STATE_SLOTS));
    this.slots = new Array<number>(producers + 1).fill(0);
    this.reads = new Array<number>(producers + 1).fill(0);
    this.rings = Array.from({ length: producers + 1 }, () => new Int32Array(new SharedArrayBuffer(RING_WORDS * 4)));
  }

  async run(): Promise<CheckResult> {
    const s = this.s;
    if (!s.pipelineable) return s.runYielding(); // --disk: one thread
    let stop: Stop | null = null;
    try {
      // the small first levels on this thread; the producers start (and
      // compile the spec) meanwhile, once a level suggests that the search
      // will get to the hand-over
      const handover = this.tuning.sequentialUntil ?? SEQUENTIAL_UNTIL;
      let started = false;
      const more = await s.exploreUntilFrontier(handover, (states) => { if (!started && states >= Math.min(handover, START_WORKERS_AT)) { started = true; this.start(); } });
      if (more) {
        if (!started) this.start();
        for (const _ of this.consume()) await new Promise<void>((r) => setImmediate(r));
      }
      await s.finishTemporalYielding();
    } catch (e) {
      if (e instanceof Stop) stop = e;
      else throw e;
    } finally {
      await this.close();
    }
    return s.result(stop);
  }

  private start(): void {
    const s = this.s;
    if (this.tuning.noProducers) return;
    const script = workerScript('pipeline-worker.js');
    this.workers = Array.from({ length: this.producers }, (_, index) => {
      const setup: ProducerSetup = {
        spec: s.model.spec, symmetry: s.symmetry !== null, graph: s.buildsGraph, control: this.control.buffer as SharedArrayBuffer,
        parents: this.parents.buffer as SharedArrayBuffer, ring: this.rings[index].buffer as SharedArrayBuffer,
        states: this.states[index].buffer as SharedArrayBuffer, index, everyStep: s.everyStep,
      };
      const w = new Worker(script, { workerData: setup });
      w.on('message', (m: { type: string; message: string }) => { if (m.type === 'fatal') this.failure ??= new Error(`parallel search worker: ${m.message}`); });
      w.on('error', (e: unknown) => { this.failure ??= e instanceof Error ? e : new Error(String(e)); });
      return w;
    });
  }

  private async close(): Promise<void> {
    const control = this.control;
    Atomics.store(control, C.DONE, 1);
    Atomics.notify(control, C.ISSUED);
    for (let p = 0; p < this.producers; p++) Atomics.notify(control, word(p, P.READ));
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  // The one-thread search's loop, with each parent's successors read from
  // the ring of the producer that claimed its block (or generated here, for
  // a block this thread claimed). Yields when the event loop is due a turn
  // (signals, worker errors). The work per parent is in plain methods: V8
  // optimises a generator's own loop poorly.
  private *consume(): Generator<void, void, void> {
    const { s, control, parents } = this;
    const { model, store } = s;
    const size = model.layout.size;
    const deadlock = s.opts.deadlock ?? true;
    const cur = new Int32Array(size);
    const expander = s.expander();
    const here = this.here;
    const full = new RingFull();
    this.local = new Producer(model, s.symmetry, this.rings[here], this.states[here], (n) => {
      if (((this.local!.written - this.reads[here]) | 0) + n > RING_WORDS) throw full;
    }, s.buildsGraph, s.everyStep);

    // parents [start, issued) have been handed out
    const start = (this.first = s.head);
    let issued = start;
    const issue = (): void => {
      // parent m goes where parent m - PARENT_SLOTS was, which every parent
      // before the next one to consume has been read
      const end = Math.min(store.count, s.head + PARENT_SLOTS);
      for (; issued < end; issued++) store.copyPacked(issued, parents, (issued % PARENT_SLOTS) * size);
      Atomics.store(control, C.ISSUED, issued);
      if (Atomics.load(control, C.PRODUCER_WAITS)) {
        Atomics.store(control, C.PRODUCER_WAITS, 0);
        Atomics.notify(control, C.ISSUED);
      }
    };
    Atomics.store(control, C.START, start);
    issue();
    Atomics.notify(control, C.ISSUED);

    let owner = -1; // the producer of the current block; -1: expanded here
    let produced = 0; // the current block, when this thread produced it ahead: its first parents it did
    while (s.head < store.count) {
      if (s.yieldNow()) yield;
      if (this.failure) throw this.failure;
      const n = s.advance();
      if ((n - start) % BLOCK === 0) {
        const block = (this.block = (n - start) / BLOCK);
        if (this.tuning.aheadAtBlockStart) this.produceAhead();
        // unclaimed: the producers lag, so this thread expands it
        if (Atomics.load(control, C.NEXT_BLOCK) === block && Atomics.compareExchange(control, C.NEXT_BLOCK, block, block + 1) === block) {
          owner = -1;
          this.stolen++;
        } else {
          const slot = C.OWNERS + (block % OWNER_SLOTS);
          let v = Atomics.load(control, slot);
          // the claimer is about to write it
          for (let spins = 0; Math.floor(v / MAX_PRODUCERS) !== block; spins++) {
            if (spins > 1e8) throw new Error(`internal: block ${block} claimed but its owner never written`);
            v = Atomics.load(control, slot);
          }
          owner = v % MAX_PRODUCERS;
          if (owner === here) produced = this.localDone[block % OWNER_SLOTS];
        }
      }
      if (owner < 0 || (owner === here && (n - start) % BLOCK >= produced)) {
        expander.expand(n);
      } else {
        this.generatedBefore = s.generated;
        s.graphBegin(n);
        while (!this.take(n, owner)) {
          yield; // the producer is slow to answer: let worker errors and signals through
          if (this.failure) throw this.failure;
        }
        this.fromRings++;
        if (this.flag === END_ERROR) {
          // expand it here: the one-thread search's error, instance and trace
          // (the END entry counted the successors up to and including one
          // that failed in a constraint, as one thread counts them)
          store.read(n, cur);
          const constraints = model.constraints;
          const emit = (w: Int32Array): void => { for (let i = 0; i < constraints.length; i++) if (!constraints[i].test(w)) return; };
          for (const inst of model.instances) {
            try {
              inst.fire(cur, emit);
            } catch (e) {
              if (e instanceof EvalError) throw s.evalStop(e, inst, n, 'action');
              throw e;
            }
          }
          throw new Error(`internal: parent ${n} failed in a producer but not here`);
        }
        if (this.ordinal === 0 && deadlock) {
          store.read(n, cur);
          if (!model.isTerminated(cur)) s.report('deadlock', () => ({ kind: 'deadlock', trace: rebuildTrace(model, store, n) }));
        }
      }
      if (issued < store.count && (issued - s.head < PARENT_SLOTS / 2 || Atomics.load(control, C.PRODUCER_WAITS))) issue();
    }
  }

  // blocks this thread expanded itself, and produced ahead (for tests and the benchmark)
  stolen = 0;
  producedAhead = 0;
  fromRings = 0; // parents whose successors were read from a ring

  // While the producer of the block being consumed lags: claim the next
  // unclaimed block and produce it into this thread's own ring, as far as
  // its parents are known and the ring has room. True when it did.
  private produceAhead(): boolean {
    const { control, s } = this;
    const store = s.store;
    const here = this.here;
    const local = this.local!;
    const b = Atomics.load(control, C.NEXT_BLOCK);
    if (b - this.block >= OWNER_SLOTS / 2) return false; // its OWNERS slot is still the current one's
    const first = this.first + b * BLOCK;
    if (first >= store.count) return false; // its parents are not known yet
    if (((local.written - this.reads[here]) | 0) > RING_WORDS / 2) return false;
    if (Atomics.compareExchange(control, C.NEXT_BLOCK, b, b + 1) !== b) return false;
    Atomics.store(control, C.OWNERS + (b % OWNER_SLOTS), b * MAX_PRODUCERS + here);
    const cur = this.cur;
    const end = Math.min(first + BLOCK, store.count);
    let done = 0;
    for (let n = first; n < end; n++, done++) {
      const written = local.written, slot = local.slot;
      try {
        store.read(n, cur);
        local.expand(cur);
      } catch (e) {
        if (!(e instanceof RingFull)) throw e;
        local.rewind(written, slot); // the rest is expanded when consumed
        break;
      }
    }
    this.localDone[b % OWNER_SLOTS] = done;
    this.producedAhead++;
    return true;
  }
  private readonly cur: Int32Array;

  // the parent being consumed: transitions before it; at its END entry, its
  // successors generated and the flag
  private generatedBefore = 0;
  private ordinal = 0;
  private flag = 0;

  // Reads parent n's entries from its producer's ring up to its END entry
  // (true), or until the ring has stayed empty for a while (false; the
  // entries read so far are done and not read again).
  private take(n: number, p: number): boolean {
    const { s, control } = this;
    const size = s.model.layout.size;
    const MASK = RING_WORDS - 1;
    const ring = this.rings[p];
    const states = this.states[p];
    const graph = s.buildsGraph;
    const entry = successorWords(s.symmetry !== null, graph);
    const everyStep = s.everyStep;
    let slot = this.slots[p];
    const WRITTEN = word(p, P.WRITTEN), DATA_WAIT = word(p, P.DATA_WAIT);
    let r = this.reads[p];
    let written = p === this.here ? this.local!.written : Atomics.load(control, WRITTEN);
    for (;;) {
      // wait for the next entry: produce ahead, spin, then sleep until the producer notifies
      for (let spins = 0; ((written - r) | 0) <= 0; spins++) {
        if (p === this.here) throw new Error(`internal: parent ${n} missing from the consumer's own ring`);
        if (this.produceAhead()) { spins = 0; written = Atomics.load(control, WRITTEN); continue; }
        if (spins < SPINS) { written = Atomics.load(control, WRITTEN); continue; }
        Atomics.store(control, DATA_WAIT, 1);
        written = Atomics.load(control, WRITTEN);
        if (((written - r) | 0) <= 0) Atomics.wait(control, WRITTEN, written, 20);
        Atomics.store(control, DATA_WAIT, 0);
        written = Atomics.load(control, WRITTEN);
        if (((written - r) | 0) <= 0) { this.reads[p] = r; this.slots[p] = slot; return false; }
      }
      const at = r & MASK;
      const tag = ring[at];
      if (tag === TAG.SUCCESSOR) {
        s.generated = this.generatedBefore + ring[at + 1] + 1; // as one thread counts: up to and including this one
        const from = slot * size;
        if (++slot === STATE_SLOTS) slot = 0;
        r = (r + entry) | 0;
        this.reads[p] = r; this.slots[p] = slot; // before accept(): it may stop the search
        if (everyStep) s.checkStepFrom(n, states, from, ring[at + 1]);
        s.accept(ring[at + 2], ring[at + 3], states, from, n, ring[at + 1], s.symmetry ? ring[at + 4] : 1, graph ? ring[at + entry - 1] : -1);
      } else if (tag === TAG.CUT) {
        s.generated = this.generatedBefore + ring[at + 1] + 1;
        r = (r + CUT_WORDS) | 0;
        this.reads[p] = r;
        s.graphCut(ring[at + 2]);
      } else if (tag === TAG.END) {
        this.ordinal = ring[at + 1];
        s.generated = this.generatedBefore + this.ordinal;
        this.flag = ring[at + 2];
        r = (r + END_WORDS) | 0;
        break;
      } else {
        r = (r + RING_WORDS - at) | 0; // TAG.WRAP
      }
    }
    this.reads[p] = r;
    this.slots[p] = slot;
    if (p === this.here) return true;
    Atomics.store(control, word(p, P.READ), r);
    if (Atomics.load(control, word(p, P.ROOM_WAIT))) Atomics.notify(control, word(p, P.READ));
    return true;
  }
}
