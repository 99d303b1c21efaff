// Strongly connected components of a subgraph, iterative Tarjan (no
// recursion depth limit). `inSub` selects the states; edges are the graph's
// real transitions between selected states. Work arrays are shared between
// calls and reset only where a call touched them.
import type { StateGraph } from './state-graph.js';
import { NONE } from '../store/state-store.js';
import type { StopPoll } from '../store/stop-poll.js';

// The graph shape it needs: the state graph, or the product of product.ts.
export type SccGraph = Pick<StateGraph, 'states' | 'start' | 'to'>;

export class SccFinder {
  private readonly index: Int32Array;
  private readonly low: Int32Array;
  private readonly onStack: Uint8Array;

  constructor(private readonly g: SccGraph, private readonly poll: StopPoll | null = null) {
    this.index = new Int32Array(g.states).fill(-1);
    this.low = new Int32Array(g.states);
    this.onStack = new Uint8Array(g.states);
  }

  components(nodes: Iterable<number>, inSub: (n: number) => boolean): number[][] {
    const { g, index, low, onStack } = this;
    const stack: number[] = [];
    const out: number[][] = [];
    let counter = 0;
    const frames: number[] = []; // pairs (state, next edge)
    for (const root of nodes) {
      if (index[root] >= 0 || !inSub(root)) continue;
      index[root] = low[root] = counter++;
      stack.push(root); onStack[root] = 1;
      frames.push(root, g.start[root]);
      while (frames.length) {
        this.poll?.tick();
        const n = frames[frames.length - 2];
        let j = frames[frames.length - 1];
        const end = g.start[n + 1];
        let descended = false;
        while (j < end) {
          const t = g.to[j++];
          if (t === NONE || t === n || !inSub(t)) continue;
          if (index[t] < 0) {
            frames[frames.length - 1] = j;
            index[t] = low[t] = counter++;
            stack.push(t); onStack[t] = 1;
            frames.push(t, g.start[t]);
            descended = true;
            break;
          } else if (onStack[t]) {
            if (index[t] < low[n]) low[n] = index[t];
          }
        }
        if (descended) continue;
        frames.length -= 2;
        if (frames.length) {
          const parent = frames[frames.length - 2];
          if (low[n] < low[parent]) low[parent] = low[n];
        }
        if (low[n] === index[n]) {
          const comp: number[] = [];
          let m: number;
          do { m = stack.pop()!; onStack[m] = 0; comp.push(m); } while (m !== n);
          out.push(comp);
        }
      }
    }
    for (const comp of out) for (const m of comp) index[m] = -1;
    return out;
  }
}
