// The producer's side of the pipelined search (pipeline-protocol.ts): fires
// the actions on a parent and writes its successors, fingerprinted, as
// entries of a successor ring. Used by the producer threads
// (pipeline-worker.ts) and by the consumer itself, which produces blocks
// ahead into a ring of its own while it would otherwise wait.
import { EvalError } from '../compile/eval-error.js';
import { fingerprint } from '../store/fingerprint-set.js';
import type { Model } from '../compile/model.js';
import type { Packed } from './levels-protocol.js';
import { CUT_WORDS, END_ERROR, END_WORDS, RING_WORDS, SENT_CACHE, STATE_SLOTS, TAG, successorWords } from './pipeline-protocol.js';
import type { Symmetry } from '../symmetry/canonical.js';

const MASK = RING_WORDS - 1;

export class Producer {
  written = 0; // ring words written (int32, wraps)
  slot = 0; // the next successor's state slot
  private ordinal = 0;
  private inst = 0; // the action instance firing
  // fingerprints sent, direct-mapped by a hash of their own ((0, 0): none)
  private readonly sent = new Int32Array(SENT_CACHE * 2);
  private readonly fp = new Uint32Array(2);
  private readonly fpLanes = new Int32Array(this.fp.buffer); // int32 lanes stay small integers in V8
  private readonly emit: (w: Int32Array) => void;

  // room(n): makes room for n more words at `written` (waits, or throws);
  // graph: every successor is an edge of the state graph, sent with its action instance;
  // everyStep: no successor is left out as a duplicate (the consumer checks every step)
  constructor(private readonly model: Model, sym: Symmetry | null, readonly ring: Int32Array, readonly states: Packed, private readonly room: (n: number) => void, graph = false, everyStep = false) {
    const size = model.layout.size;
    const narrow = model.layout.maxSpan <= 0xff;
    const constraints = model.constraints;
    const { sent, fp, fpLanes } = this;
    const entry = successorWords(sym !== null, graph);
    const instAt = entry - 1;
    // Every generated successor comes through here.
    this.emit = (w: Int32Array): void => {
      const ord = this.ordinal++;
      for (let i = 0; i < constraints.length; i++) {
        if (!constraints[i].test(w)) { // counted, not stored
          if (graph) this.cut(ord);
          return;
        }
      }
      fingerprint(sym ? sym.canonical(w) : w, size, fp, narrow);
      const h1 = fpLanes[0], h2 = fpLanes[1];
      if (!graph && !everyStep) {
        const c = ((h1 ^ (h2 >>> 16)) & (SENT_CACHE - 1)) << 1;
        if (sent[c] === h1 && sent[c + 1] === h2 && (h1 | h2) !== 0) return; // sent before: a duplicate by the time it is read
        sent[c] = h1; sent[c + 1] = h2;
      }
      const at = this.reserve(entry);
      const ring = this.ring;
      ring[at] = TAG.SUCCESSOR;
      ring[at + 1] = ord;
      ring[at + 2] = h1;
      ring[at + 3] = h2;
      if (sym) ring[at + 4] = sym.lastOrbitSize;
      if (graph) ring[at + instAt] = this.inst;
      const o = this.slot * size;
      const states = this.states;
      for (let i = 0; i < size; i++) states[o + i] = w[i];
      if (++this.slot === STATE_SLOTS) this.slot = 0;
      this.written = (this.written + entry) | 0;
    };
  }

  // A successor outside the constraints, as an edge of the state graph.
  private cut(ord: number): void {
    const at = this.reserve(CUT_WORDS);
    this.ring[at] = TAG.CUT;
    this.ring[at + 1] = ord;
    this.ring[at + 2] = this.inst;
    this.written = (this.written + CUT_WORDS) | 0;
  }

  // An entry of n words, contiguous in the ring: returns its first index.
  private reserve(n: number): number {
    let at = this.written & MASK;
    if (at + n > RING_WORDS) {
      // not enough before the ring's end: mark the rest unused
      this.room(RING_WORDS - at);
      this.ring[at] = TAG.WRAP;
      this.written = (this.written + RING_WORDS - at) | 0;
      at = 0;
    }
    this.room(n);
    return at;
  }

  // Expands one parent: its successors' entries, then its END entry.
  expand(cur: Int32Array): void {
    const instances = this.model.instances;
    this.ordinal = 0;
    let flag = 0;
    try {
      for (let i = 0; i < instances.length; i++) { this.inst = i; instances[i].fire(cur, this.emit); }
    } catch (e) {
      if (!(e instanceof EvalError)) throw e;
      flag = END_ERROR; // the consumer expands this parent itself, to stop exactly as one thread would
    }
    const at = this.reserve(END_WORDS);
    this.ring[at] = TAG.END;
    this.ring[at + 1] = this.ordinal;
    this.ring[at + 2] = flag;
    this.written = (this.written + END_WORDS) | 0;
  }

  // After an expansion abandoned half-way (room() threw): back to `written`
  // and `slot` as they were before it. The sent cache may name fingerprints
  // of the abandoned entries, so it is emptied.
  rewind(written: number, slot: number): void {
    this.written = written;
    this.slot = slot;
    this.sent.fill(0);
  }
}
