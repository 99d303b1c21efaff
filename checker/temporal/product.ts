// Any LTL property, as TLC decides it: the Büchi automaton of its negation
// (buchi.ts) times the explored state graph. A reachable product node whose
// automaton node owes nothing more is a finite bad prefix (a safety
// violation); otherwise a violation is an accepting fair cycle: a strongly
// connected part of the product that meets every acceptance set and every
// weak / strong fairness condition, where "enabled" is read in the concrete
// graph (the automaton must not hide an enabled action). Both come back as
// paths of the concrete graph, as liveness.ts shows its own.
import type { Buchi } from './buchi.js';
import { SccFinder } from './scc.js';
import type { StateGraph } from './state-graph.js';
import { NONE } from '../store/state-store.js';

export interface ProductFairness {
  readonly kind: 'weak' | 'strong';
  readonly edge: Uint8Array; // by edge index of the graph: 1 when that step is one of the condition's action (fair-sets.ts)
}

// states[i] -> states[i + 1] is successor ordinal ordinals[i] of states[i].
export interface ConcretePath { readonly states: number[]; readonly ordinals: number[] }

export type LtlRefutation =
  | { readonly kind: 'safety'; readonly path: ConcretePath } // every continuation violates the property
  | { readonly kind: 'lasso'; readonly path: ConcretePath; readonly loopStart: number };

export interface ProductInput {
  readonly g: StateGraph;
  readonly inits: readonly number[]; // the initial states
  readonly fair: readonly ProductFairness[];
  readonly holds: (s: number, atom: number) => boolean; // the formula's state predicate `atom` in state s
}

// A fair behaviour of the graph accepted by `negation` (the automaton of the
// property's negation), or null: the property holds.
export function refuteLtl(input: ProductInput, negation: Buchi): LtlRefutation | null {
  const p = new Product(input, negation);
  return p.badPrefix() ?? p.fairCycle();
}

const STUTTER = -1;

class Product {
  // product node i is (conc[i], aut[i]); its edges are [start[i], start[i + 1])
  private conc: number[] = [];
  private aut: number[] = [];
  private readonly index: Map<number, number> = new Map();
  private startList: number[] = [];
  private toList: number[] = [];
  private edgeList: number[] = []; // the concrete edge index, STUTTER for a stuttering step
  private selfLoop: Uint8Array = new Uint8Array(0);
  private roots: number[] = [];
  private start = new Uint32Array(0);
  private to = new Uint32Array(0);
  private mark = new Uint8Array(0);
  private readonly enabledCache = new Map<number, boolean>();

  constructor(private readonly input: ProductInput, private readonly a: Buchi) {
    this.build();
  }

  private matches(s: number, q: number): boolean {
    for (const l of this.a.nodes[q].lits) if (this.input.holds(s, l.atom) === l.neg) return false;
    return true;
  }

  private node(s: number, q: number): number {
    const key = s * this.a.nodes.length + q;
    let i = this.index.get(key);
    if (i === undefined) { i = this.conc.length; this.conc.push(s); this.aut.push(q); this.index.set(key, i); }
    return i;
  }

  // The reachable product, breadth first; nodes are numbered as found, so
  // each node's edges are appended in order.
  private build(): void {
    const { g, inits } = this.input;
    for (const s of inits) for (const q of this.a.initial) if (this.matches(s, q)) this.roots.push(this.node(s, q));
    this.roots = [...new Set(this.roots)];
    const loops: number[] = [];
    for (let i = 0; i < this.conc.length; i++) {
      this.startList.push(this.toList.length);
      const s = this.conc[i];
      const succ = this.a.nodes[this.aut[i]].succ;
      const step = (t: number, edge: number) => {
        for (const q of succ) {
          if (!this.matches(t, q)) continue;
          const j = this.node(t, q);
          if (j === i) { loops.push(i); continue; }
          this.toList.push(j); this.edgeList.push(edge);
        }
      };
      step(s, STUTTER); // every state may stutter
      for (let j = g.start[s], end = g.start[s + 1]; j < end; j++) {
        const t = g.to[j];
        if (t !== NONE && t !== s) step(t, j);
      }
    }
    this.startList.push(this.toList.length);
    this.start = Uint32Array.from(this.startList);
    this.to = Uint32Array.from(this.toList);
    this.selfLoop = new Uint8Array(this.conc.length);
    for (const i of loops) this.selfLoop[i] = 1;
    this.mark = new Uint8Array(this.conc.length);
    this.startList = []; this.toList = [];
  }

  get size(): number { return this.conc.length; }

  badPrefix(): LtlRefutation | null {
    if (!this.a.nodes.some((n) => n.final)) return null;
    const found = this.shortest(this.roots, () => true, (i) => this.a.nodes[this.aut[i]].final);
    return found ? { kind: 'safety', path: this.project(found) } : null;
  }

  fairCycle(): LtlRefutation | null {
    const comp = new Int32Array(this.size).fill(-1);
    const comps: number[][] = [];
    const scc = new SccFinder({ states: this.size, start: this.start, to: this.to });
    const all = Array.from({ length: this.size }, (_, i) => i);
    for (const c of scc.components(all, () => true)) {
      for (const fairPart of this.refine(c, scc)) {
        if (!this.a.accepting.every((F) => fairPart.some((i) => F[this.aut[i]] === 1))) continue;
        for (const i of fairPart) comp[i] = comps.length;
        comps.push(fairPart);
      }
    }
    if (comps.length === 0) return null;
    const prefix = this.shortest(this.roots, () => true, (i) => comp[i] >= 0);
    if (!prefix) return null;
    const entry = prefix.nodes[prefix.nodes.length - 1];
    const cycle = this.cycle(entry, comps[comp[entry]]);
    const head = this.project(prefix);
    const loop = this.project(cycle);
    return { kind: 'lasso', path: { states: [...head.states, ...loop.states.slice(1)], ordinals: [...head.ordinals, ...loop.ordinals] }, loopStart: head.states.length - 1 };
  }

  private enabled(s: number, f: number): boolean {
    const key = s * this.input.fair.length + f;
    let e = this.enabledCache.get(key);
    if (e === undefined) {
      const { g } = this.input;
      const edge = this.input.fair[f].edge;
      e = false;
      for (let j = g.start[s], end = g.start[s + 1]; j < end && !e; j++) e = edge[j] === 1 && g.to[j] !== NONE && g.to[j] !== s;
      this.enabledCache.set(key, e);
    }
    return e;
  }

  private takes(e: number, f: number): boolean {
    const j = this.edgeList[e];
    return j !== STUTTER && this.input.fair[f].edge[j] === 1;
  }

  // The parts of a component where some cycle meets every fairness
  // condition (liveness.ts's refinement, over product nodes): weak fails when
  // the action is enabled at every node and never taken inside; strong drops
  // the nodes where it is enabled and splits again. One node without a
  // stuttering self-loop is no cycle at all.
  private refine(comp: number[], scc: SccFinder): number[][] {
    const out: number[][] = [];
    const work = [comp];
    while (work.length) {
      const x = work.pop()!;
      if (x.length === 1 && !this.selfLoop[x[0]]) continue;
      for (const i of x) this.mark[i] = 1;
      let verdict: 'fair' | 'unfair' | number[][] = 'fair';
      for (let f = 0; f < this.input.fair.length; f++) {
        let taken = false, some = false, every = true;
        for (const i of x) {
          if (this.enabled(this.conc[i], f)) some = true; else every = false;
          for (let e = this.start[i], end = this.start[i + 1]; e < end && !taken; e++) if (this.mark[this.to[e]] && this.takes(e, f)) taken = true;
          if (taken) break;
        }
        if (taken || !some) continue;
        if (this.input.fair[f].kind === 'weak') { if (every) { verdict = 'unfair'; break; } continue; }
        const rest = x.filter((i) => !this.enabled(this.conc[i], f));
        const inRest = new Set(rest);
        verdict = scc.components(rest, (i) => inRest.has(i));
        break;
      }
      for (const i of x) this.mark[i] = 0;
      if (verdict === 'fair') out.push(x);
      else if (verdict !== 'unfair') work.push(...verdict);
    }
    return out;
  }

  // A cycle through `entry` inside its fair accepting component that visits
  // every acceptance set and meets every fairness condition, nearest first.
  private cycle(entry: number, comp: number[]): Walk {
    const inComp = new Uint8Array(this.size);
    for (const i of comp) inComp[i] = 1;
    type Req = { edge: (e: number) => boolean; node: (i: number) => boolean };
    const reqs: Req[] = [];
    this.input.fair.forEach((fc, f) => {
      const enabledAt = comp.filter((i) => this.enabled(this.conc[i], f));
      if (enabledAt.length === 0) return;
      const canDisable = fc.kind === 'weak' && enabledAt.length < comp.length;
      reqs.push({ edge: (e) => this.takes(e, f), node: (i) => canDisable && !this.enabled(this.conc[i], f) });
    });
    for (const F of this.a.accepting) reqs.push({ edge: () => false, node: (i) => F[this.aut[i]] === 1 });
    let unmet = reqs.filter((r) => !r.node(entry));
    const walk: Walk = { nodes: [entry], edges: [] };
    let cur = entry;
    while (unmet.length) {
      const step = this.shortest([cur], (i) => inComp[i] === 1, null, (e, t) => unmet.some((r) => r.edge(e) || r.node(t)));
      if (!step) break; // cannot happen in a fair accepting component
      for (let k = 0; k < step.edges.length; k++) unmet = unmet.filter((r) => !(r.edge(step.edges[k]) || r.node(step.nodes[k + 1])));
      walk.nodes.push(...step.nodes.slice(1)); walk.edges.push(...step.edges);
      cur = step.nodes[step.nodes.length - 1];
    }
    // back to the entry, by at least one product step (the automaton must move)
    if (cur !== entry || walk.edges.length === 0) {
      if (cur === entry && this.selfLoop[entry]) return walk; // stutters at the entry forever
      const back = this.shortest([cur], (i) => inComp[i] === 1, null, (_e, t) => t === entry)!;
      walk.nodes.push(...back.nodes.slice(1)); walk.edges.push(...back.edges);
    }
    return walk;
  }

  // Fewest concrete steps (stuttering steps are free) from `from` through
  // allowed nodes to a node with goalNode, or along an edge with goalEdge.
  private shortest(from: readonly number[], allowed: (i: number) => boolean, goalNode: ((i: number) => boolean) | null, goalEdge?: (e: number, t: number) => boolean): Walk | null {
    const dist = new Map<number, number>();
    const pred = new Map<number, number>(); // node -> edge into it
    const src = new Map<number, number>(); // node -> node it came from
    let front: number[] = [];
    for (const i of from) if (!dist.has(i)) { dist.set(i, 0); front.push(i); }
    let best: { d: number; from: number; edge: number } | null = null;
    // layers by concrete steps; within a layer, stuttering steps are followed first
    for (let d = 0; front.length; d++) {
      if (best && best.d <= d) break;
      const layer: number[] = [];
      for (let k = 0; k < front.length; k++) {
        const i = front[k];
        if (dist.get(i) !== d) continue;
        layer.push(i);
        if (goalNode?.(i)) return this.walkTo(i, pred, src);
        for (let e = this.start[i], end = this.start[i + 1]; e < end; e++) {
          const t = this.to[e];
          if (!allowed(t) || this.edgeList[e] !== STUTTER) continue;
          if (goalEdge?.(e, t) && (!best || best.d > d)) best = { d, from: i, edge: e };
          if (!dist.has(t)) { dist.set(t, d); pred.set(t, e); src.set(t, i); front.push(t); }
        }
      }
      const next: number[] = [];
      for (const i of layer) {
        for (let e = this.start[i], end = this.start[i + 1]; e < end; e++) {
          const t = this.to[e];
          if (!allowed(t) || this.edgeList[e] === STUTTER) continue;
          if (goalEdge?.(e, t) && (!best || best.d > d + 1)) best = { d: d + 1, from: i, edge: e };
          if (!dist.has(t)) { dist.set(t, d + 1); pred.set(t, e); src.set(t, i); next.push(t); }
        }
      }
      if (goalEdge && best) {
        const w = this.walkTo(best.from, pred, src);
        w.nodes.push(this.to[best.edge]); w.edges.push(best.edge);
        if (best.d <= d + 1) return w;
      }
      front = next;
    }
    return null;
  }

  private walkTo(i: number, pred: Map<number, number>, src: Map<number, number>): Walk {
    const nodes = [i];
    const edges: number[] = [];
    for (let m = i; pred.has(m); m = src.get(m)!) { edges.push(pred.get(m)!); nodes.push(src.get(m)!); }
    return { nodes: nodes.reverse(), edges: edges.reverse() };
  }

  // The concrete path a product walk stands for: stuttering steps vanish.
  private project(w: Walk): ConcretePath {
    const { g } = this.input;
    const states = [this.conc[w.nodes[0]]];
    const ordinals: number[] = [];
    w.edges.forEach((e, k) => {
      const j = this.edgeList[e];
      if (j === STUTTER) return;
      ordinals.push(j - g.start[this.conc[w.nodes[k]]]);
      states.push(this.conc[w.nodes[k + 1]]);
    });
    return { states, ordinals };
  }
}

interface Walk { nodes: number[]; edges: number[] }
