// The explored state graph, kept only when temporal properties are checked:
// every successor of each state in generation order (so edge j of state n is
// successor ordinal j, replayable), with the action instance that made it,
// and one bit per state predicate the properties use.
import { NONE } from '../store/state-store.js';
import type { FairArgs } from './fair-sets.js';

export class StateGraph {
  start = new Uint32Array(1 << 16); // edges of state n: [start[n], start[n + 1])
  to = new Uint32Array(1 << 18); // NONE: a successor cut off by a constraint
  inst = new Uint32Array(1 << 18);
  bits = new Uint32Array(1 << 16); // predicate bits per state
  edges = 0;
  states = 0;

  // fairness arguments read from the state, recorded as each state is found
  constructor(readonly fairArgs: FairArgs | null = null) {}

  ensureState(n: number): void {
    if (n + 1 >= this.start.length) {
      const s = new Uint32Array(Math.max(n + 2, this.start.length * 2)); s.set(this.start); this.start = s;
      const b = new Uint32Array(s.length); b.set(this.bits); this.bits = b;
    }
  }

  // Called in order n = 0, 1, 2... as states are expanded.
  begin(n: number): void {
    this.ensureState(n);
    this.start[n] = this.edges;
    this.states = n + 1;
  }

  add(target: number, inst: number): void {
    if (this.edges === this.to.length) {
      const t = new Uint32Array(this.edges * 2); t.set(this.to); this.to = t;
      const i = new Uint32Array(this.edges * 2); i.set(this.inst); this.inst = i;
    }
    this.to[this.edges] = target;
    this.inst[this.edges] = inst;
    this.edges++;
  }

  finish(count: number): void {
    for (let n = this.states; n < count; n++) this.begin(n); // unexpanded: no edges
    this.ensureState(count);
    this.start[count] = this.edges;
    this.states = count;
  }

  // Real transitions only: a step to the same state is stuttering.
  *successors(n: number): Generator<[number, number, number]> {
    for (let j = this.start[n]; j < this.start[n + 1]; j++) {
      const t = this.to[j];
      if (t !== NONE && t !== n) yield [t, this.inst[j], j - this.start[n]];
    }
  }
}
