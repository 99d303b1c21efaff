// Temporal properties on the explored state graph, TLA+ semantics: every
// state may stutter forever, a terminal state does, and only behaviours that
// satisfy the declared weak / strong fairness count. A property fails when a
// fair behaviour refutes it; that behaviour is a lasso (prefix + cycle) found
// through strongly connected components, fair-SCC refinement for strong
// fairness, a shortest prefix and a greedy short cycle.
import type { Model } from '../compile/model.js';
import type { PropertyVerdict, Violation } from '../result.js';
import { SccFinder } from './scc.js';
import { StopPoll } from '../store/stop-poll.js';
import type { StateGraph } from './state-graph.js';
import { NONE, type StateStore } from '../store/state-store.js';
import type { MappedFairness, Obligation, TemporalPlan } from './temporal-plan.js';
import { nthInit, nthSuccessor, traceAction, type Trace, type TraceStep } from '../store/trace.js';
import { refuteLtl } from './product.js';
import { FairArgs, fairSets, type FairSet } from './fair-sets.js';


// The states of the fair SCCs found, each mapped to its component.
class FairRegion {
  private readonly comp: Int32Array;
  private readonly comps: number[][] = [];
  size = 0;
  constructor(n: number) { this.comp = new Int32Array(n).fill(-1); }
  add(c: number[]): void {
    for (const s of c) this.comp[s] = this.comps.length;
    this.comps.push(c);
    this.size += c.length;
  }
  has(s: number): boolean { return this.comp[s] >= 0; }
  get(s: number): number[] { return this.comps[this.comp[s]]; }
}

// A path through the graph: states[i] -> states[i + 1] is successor ordinal ordinals[i].
interface Path { states: number[]; ordinals: number[] }
// loopStart undefined: a safety violation, shown like an invariant's (the path to the bad state)
interface Lasso extends Path { loopStart?: number }

export interface LivenessOutcome {
  readonly verdicts: PropertyVerdict[];
  readonly violation: Violation | null;
  readonly violations: Violation[]; // one per violated property checked (all of them with `all`)
  readonly warnings: string[];
}

// all: check every property (check --continue), not only up to the first violated one
// poll: the check's stop conditions, polled in every loop over states (a
// stop throws LimitReached out of here).
export function checkTemporal(model: Model, store: StateStore, g: StateGraph, plan: TemporalPlan, all = false, poll: StopPoll | null = null): LivenessOutcome {
  const steps = checkTemporalSteps(model, store, g, plan, all, poll);
  for (;;) { const r = steps.next(); if (r.done) return r.value; }
}

// The same, pausing after each obligation so that a caller can give the event
// loop (a signal handler) a turn.
export function checkTemporalSteps(model: Model, store: StateStore, g: StateGraph, plan: TemporalPlan, all = false, poll: StopPoll | null = null): Generator<void, LivenessOutcome> {
  return new Liveness(model, store, g, plan, poll ?? new StopPoll({ start: Date.now(), maxMemory: Infinity })).run(all);
}

class Liveness {
  private readonly n: number;
  private readonly fair: FairSet[];
  private scc: SccFinder;
  // the edges a cycle may take (NONE: not one): the graph's, or fewer for the abstract spec's fairness
  private cycleTo: Uint32Array;
  private readonly depth: Uint32Array;
  private readonly mark: Uint8Array;

  constructor(readonly model: Model, readonly store: StateStore, readonly g: StateGraph, readonly plan: TemporalPlan, readonly poll: StopPoll) {
    this.n = store.count;
    this.fair = fairSets(model, g, g.fairArgs ?? new FairArgs(model));
    this.scc = new SccFinder(g, poll);
    this.cycleTo = g.to;
    this.depth = new Uint32Array(this.n);
    for (let i = 0; i < this.n; i++) { poll.tick(); const p = store.parent(i); this.depth[i] = p === NONE ? 0 : this.depth[p] + 1; }
    this.mark = new Uint8Array(this.n);
  }

  *run(all: boolean): Generator<void, LivenessOutcome> {
    const verdicts: PropertyVerdict[] = [];
    const warnings: string[] = [];
    const violations: Violation[] = [];
    let violation: Violation | null = null;
    const anyFair = this.plan.active ? this.hasFairBehaviour() : true;
    if (!anyFair) warnings.push('no behaviour satisfies the declared fairness: every temporal property holds vacuously');
    const vacuous: string[] = []; // one warning for all: a scenario that switches events off makes several
    for (const prop of this.plan.properties) {
      if (!prop.obligations) { verdicts.push({ name: prop.name, kind: 'property', verdict: 'not-checked', note: prop.unsupported }); continue; }
      if (violation && !all) { verdicts.push({ name: prop.name, kind: 'property', verdict: 'unknown', note: 'not checked after the first violation' }); continue; }
      let found: { lasso: Lasso; explanation: string; instance?: string } | null = null;
      for (const ob of prop.obligations) {
        if (ob.kind === 'leadsto' && !this.someState((s) => this.holds(s, ob.p))) {
          if (!vacuous.includes(prop.name)) vacuous.push(prop.name);
        }
        yield;
        const lasso = this.refute(ob);
        if (lasso) { found = { lasso, explanation: this.explain(lasso, ob), instance: ob.instance }; break; }
      }
      if (found) {
        const v: Violation = { kind: 'property', name: prop.name, trace: this.trace(found.lasso), explanation: found.explanation, ...(found.instance === undefined ? {} : { instance: found.instance }) };
        violation ??= v;
        violations.push(v);
        verdicts.push({ name: prop.name, kind: 'property', verdict: 'violated' });
      } else {
        verdicts.push({ name: prop.name, kind: 'property', verdict: 'holds', note: anyFair ? undefined : 'vacuously: no fair behaviour' });
      }
    }
    const mf = this.plan.mappedFairness;
    if (mf) {
      const name = `${mf.name} (its fairness)`;
      if (violation && !all) verdicts.push({ name, kind: 'refinement', verdict: 'unknown', note: 'not checked after the first violation' });
      else {
        const v = this.refuteMapped(mf);
        if (v) { violation ??= v; violations.push(v); }
        verdicts.push({ name, kind: 'refinement', verdict: v ? 'violated' : 'holds', note: v || anyFair ? undefined : 'vacuously: no fair behaviour' });
      }
    }
    if (vacuous.length === 1) warnings.push(`property ${vacuous[0]}: the left side of ~> never holds in a reachable state, so it holds vacuously`);
    else if (vacuous.length > 1) warnings.push(`properties ${vacuous.join(', ')}: the left side of ~> never holds in a reachable state, so they hold vacuously`);
    return { verdicts, violation, violations, warnings };
  }

  private holds(s: number, p: number): boolean {
    return (this.g.bits[s] & (1 << p)) !== 0;
  }

  private someState(f: (s: number) => boolean): boolean {
    for (let s = 0; s < this.n; s++) if (f(s)) return true;
    return false;
  }

  private inits(): number[] {
    const out: number[] = [];
    for (let s = 0; s < this.n && this.store.parent(s) === NONE; s++) out.push(s);
    return out;
  }

  private all(): number[] {
    return Array.from({ length: this.n }, (_, i) => i);
  }

  // A fair behaviour that refutes the obligation, or null.
  private refute(ob: Obligation): Lasso | null {
    const not = (p: number) => (s: number) => !this.holds(s, p);
    switch (ob.kind) {
      case 'init': {
        const bad = this.inits().find(not(ob.p));
        return bad === undefined ? null : { states: [bad], ordinals: [] };
      }
      case 'always': {
        for (let s = 0; s < this.n; s++) if ((this.poll.tick(), !this.holds(s, ob.p))) return this.bfsPath(s);
        return null;
      }
      case 'eventually': return this.fairLasso(this.inits().filter(not(ob.p)), not(ob.p), null);
      case 'infOften': return this.fairLasso(this.all().filter(not(ob.p)), not(ob.p), null);
      case 'eventuallyAlways': return this.fairLasso(this.inits(), () => true, not(ob.p));
      case 'leadsto': {
        const roots = this.all().filter((s) => this.holds(s, ob.p) && !this.holds(s, ob.q));
        return this.fairLasso(roots, not(ob.q), null);
      }
      case 'ltl': {
        const r = refuteLtl({ g: this.g, inits: this.inits(), fair: this.fair, holds: (s, atom) => this.holds(s, ob.atoms[atom]) }, ob.negation);
        if (!r) return null;
        return r.kind === 'safety' ? r.path : { ...r.path, loopStart: r.loopStart };
      }
    }
  }

  // The abstract spec's fairness (a refinement's): a fair lasso of this spec
  // whose cycle keeps a condition's action enabled at the mapped states
  // (weak: at every state; strong: at some) and has no step that maps to one
  // of its steps; those steps are taken out of the graph for the cycle.
  private refuteMapped(mf: MappedFairness): Violation | null {
    if (mf.count < this.n) throw new Error(`internal: ${this.n - mf.count} states were not mapped to ${mf.name}`);
    const { start, to } = this.g;
    for (let c = 0; c < mf.conditions.length; c++) {
      const cond = mf.conditions[c];
      const en = new Uint8Array(this.n);
      for (let s = 0; s < this.n; s++) en[s] = mf.enabled(c, s) ? 1 : 0;
      const cycleTo = to.slice(0, this.g.edges);
      for (let s = 0; s < this.n; s++) {
        for (let j = start[s], end = start[s + 1]; j < end; j++) if (to[j] !== NONE && to[j] !== s && mf.step(c, s, to[j])) cycleTo[j] = NONE;
      }
      const saved = { scc: this.scc, cycleTo: this.cycleTo };
      this.cycleTo = cycleTo;
      this.scc = new SccFinder({ states: this.g.states, start, to: cycleTo });
      let lasso: Lasso | null;
      try {
        const enabled = (s: number) => en[s] === 1;
        lasso = cond.kind === 'weak' ? this.fairLasso(this.all().filter(enabled), enabled, null) : this.fairLasso(this.all(), () => true, enabled);
      } finally {
        this.scc = saved.scc; this.cycleTo = saved.cycleTo;
      }
      if (!lasso) continue;
      const where = lasso.loopStart === lasso.states.length - 1 ? `The behaviour stops at state ${lasso.loopStart} and stutters forever` : `The cycle from state ${lasso.loopStart} repeats forever`;
      const action = cond.label.slice(cond.kind.length + 1, -1);
      const keeps = cond.kind === 'weak' ? `keeps ${mf.name}'s ${action} enabled forever` : `enables ${mf.name}'s ${action} again and again`;
      const trace = this.trace(lasso);
      const abstract: Trace = { spec: mf.abstract.spec, layout: mf.abstract.layout, steps: lasso.states.map((s) => ({ action: null, state: mf.mapped(s) })), loopStart: lasso.loopStart };
      return { kind: 'refinement', name: mf.name, trace, abstract, fairness: `${where}: the mapped behaviour ${keeps} but never takes it: ${mf.name}'s ${cond.label} is violated.` };
    }
    return null;
  }

  private bfsPath(s: number): Path {
    const states = this.store.pathTo(s);
    return { states, ordinals: states.slice(1).map((m) => this.store.label(m)) };
  }

  private hasFairBehaviour(): boolean {
    // Stuttering forever where no fair action is enabled is a fair behaviour
    // (a one-state fair SCC below): a linear scan usually settles it.
    const { start, to } = this.g;
    for (let s = 0; s < this.n; s++) {
      this.poll.tick();
      let fairEnabled = false;
      for (let j = start[s], end = start[s + 1]; j < end && !fairEnabled; j++) {
        if (to[j] === NONE || to[j] === s) continue;
        for (const f of this.fair) if (f.edge[j]) { fairEnabled = true; break; }
      }
      if (!fairEnabled) return true;
    }
    return this.fairRegion(this.inits(), () => true, null).size > 0;
  }

  // Fair SCCs reachable from roots inside `allowed`; with `must`, only those
  // whose cycle can visit a `must` state. Maps each good state to its SCC.
  private fairRegion(roots: number[], allowed: (s: number) => boolean, must: ((s: number) => boolean) | null): FairRegion {
    const region: number[] = [];
    const inRegion = new Uint8Array(this.n);
    for (const r of roots) if (allowed(r) && !inRegion[r]) { inRegion[r] = 1; region.push(r); }
    const { start } = this.g;
    const to = this.cycleTo;
    for (let i = 0; i < region.length; i++) {
      this.poll.tick();
      const n = region[i];
      for (let j = start[n], end = start[n + 1]; j < end; j++) {
        const t = to[j];
        if (t !== NONE && !inRegion[t] && allowed(t)) { inRegion[t] = 1; region.push(t); }
      }
    }
    const good = new FairRegion(this.n);
    for (const comp of this.scc.components(region, (s) => inRegion[s] === 1)) {
      for (const fairComp of this.refine(comp)) {
        if (must && !fairComp.some(must)) continue;
        good.add(fairComp);
      }
    }
    return good;
  }

  private enabled(s: number, f: FairSet): boolean {
    const { start, to } = this.g;
    for (let j = start[s], end = start[s + 1]; j < end; j++) if (f.edge[j] && to[j] !== NONE && to[j] !== s) return true;
    return false;
  }

  // Split an SCC into the parts where some cycle satisfies every fairness
  // condition: weak fairness fails when the action is enabled everywhere and
  // never taken inside; strong fairness drops the states where it is enabled.
  private refine(comp: number[]): number[][] {
    const { start, to } = this.g;
    const cycleTo = this.cycleTo;
    const out: number[][] = [];
    const work = [comp];
    while (work.length) {
      const x = work.pop()!;
      for (const s of x) this.mark[s] = 1;
      let verdict: 'fair' | 'unfair' | number[][] = 'fair';
      for (const f of this.fair) {
        let taken = false, some = false, every = true;
        for (const s of x) {
          this.poll.tick();
          let en = false;
          for (let j = start[s], end = start[s + 1]; j < end; j++) {
            const t = to[j];
            if (t === NONE || t === s || !f.edge[j]) continue;
            en = true;
            if (this.mark[t] && cycleTo[j] === t) { taken = true; break; }
          }
          if (en) some = true; else every = false;
          if (taken) break;
        }
        if (taken || !some) continue;
        if (f.kind === 'weak') { if (every) { verdict = 'unfair'; break; } continue; }
        const rest = x.filter((s) => !this.enabled(s, f));
        const inRest = new Set(rest);
        verdict = this.scc.components(rest, (s) => inRest.has(s));
        break;
      }
      for (const s of x) this.mark[s] = 0;
      if (verdict === 'fair') out.push(x);
      else if (verdict !== 'unfair') work.push(...verdict);
    }
    return out;
  }

  // Shortest prefix from the roots (each reached by its own shortest path from
  // an initial state) through `allowed` states to a fair SCC, then a short cycle.
  private fairLasso(roots: number[], allowed: (s: number) => boolean, must: ((s: number) => boolean) | null): Lasso | null {
    const okRoots = roots.filter(allowed);
    if (okRoots.length === 0) return null;
    const good = this.fairRegion(okRoots, allowed, must);
    if (good.size === 0) return null;
    okRoots.sort((a, b) => this.depth[a] - this.depth[b] || a - b);
    const pred = new Int32Array(this.n).fill(-2);
    const predOrd = new Int32Array(this.n);
    let layer: number[] = [];
    let level = this.depth[okRoots[0]];
    let ri = 0;
    for (;;) {
      while (ri < okRoots.length && this.depth[okRoots[ri]] <= level) {
        const r = okRoots[ri++];
        if (pred[r] === -2) { pred[r] = -1; layer.push(r); }
      }
      if (layer.length === 0 && ri >= okRoots.length) return null;
      for (const s of layer) {
        if (!good.has(s)) continue;
        const tail: number[] = [s];
        const ords: number[] = [];
        for (let m = s; pred[m] !== -1; m = pred[m]) { ords.push(predOrd[m]); tail.push(pred[m]); }
        tail.reverse(); ords.reverse();
        const head = this.bfsPath(tail[0]);
        const prefix: Path = { states: [...head.states, ...tail.slice(1)], ordinals: [...head.ordinals, ...ords] };
        return this.closeCycle(prefix, good.get(s), must);
      }
      const next: number[] = [];
      for (const s of layer) {
        this.poll.tick();
        for (const [t, , ord] of this.g.successors(s)) {
          if (pred[t] === -2 && allowed(t)) { pred[t] = s; predOrd[t] = ord; next.push(t); }
        }
      }
      layer = next;
      level++;
    }
  }

  // From the entry state, visit what fairness (and `must`) requires, nearest
  // first, then return to the entry. Nothing required: stutter at the entry.
  private closeCycle(prefix: Path, comp: number[], must: ((s: number) => boolean) | null): Lasso {
    const entry = prefix.states[prefix.states.length - 1];
    const inComp = new Set(comp);
    type Req = { edge: (j: number) => boolean; state: (s: number) => boolean }; // j: an edge index
    const reqs: Req[] = [];
    for (const f of this.fair) {
      const enabledAt = comp.filter((s) => this.enabled(s, f));
      if (enabledAt.length === 0) continue;
      const canDisable = f.kind === 'weak' && enabledAt.length < comp.length;
      reqs.push({ edge: (j) => f.edge[j] === 1, state: (s) => canDisable && !this.enabled(s, f) });
    }
    if (must) reqs.push({ edge: () => false, state: must });
    let unmet = reqs.filter((r) => !r.state(entry));
    const cycle: Path = { states: [entry], ordinals: [] };
    let cur = entry;
    while (unmet.length) {
      const step = this.bfsWithin(cur, inComp, (j, t) => unmet.some((r) => r.edge(j) || r.state(t)));
      if (!step) break; // cannot happen in a fair SCC; keep what we have
      for (let i = 0; i < step.ordinals.length; i++) {
        const j = this.g.start[step.states[i]] + step.ordinals[i];
        const t = step.states[i + 1];
        unmet = unmet.filter((r) => !(r.edge(j) || r.state(t)));
      }
      cycle.states.push(...step.states.slice(1));
      cycle.ordinals.push(...step.ordinals);
      cur = step.states[step.states.length - 1];
    }
    if (cur !== entry) {
      const back = this.bfsWithin(cur, inComp, (_i, t) => t === entry)!;
      cycle.states.push(...back.states.slice(1));
      cycle.ordinals.push(...back.ordinals);
    }
    const loopStart = prefix.states.length - 1;
    return { states: [...prefix.states, ...cycle.states.slice(1)], ordinals: [...prefix.ordinals, ...cycle.ordinals], loopStart };
  }

  // Shortest path inside the component from `from` whose last edge (by index) satisfies `goal`.
  private bfsWithin(from: number, inComp: Set<number>, goal: (j: number, t: number) => boolean): Path | null {
    const pred = new Map<number, [number, number]>([[from, [-1, -1]]]);
    let layer = [from];
    while (layer.length) {
      const next: number[] = [];
      for (const s of layer) {
        this.poll.tick();
        for (const [t, , ord] of this.g.successors(s)) {
          if (!inComp.has(t) || this.cycleTo[this.g.start[s] + ord] === NONE) continue;
          if (goal(this.g.start[s] + ord, t)) {
            const states = [t, s];
            const ords = [ord];
            for (let m = s; pred.get(m)![0] !== -1; m = pred.get(m)![0]) { ords.push(pred.get(m)![1]); states.push(pred.get(m)![0]); }
            return { states: states.reverse(), ordinals: ords.reverse() };
          }
          if (!pred.has(t)) { pred.set(t, [s, ord]); next.push(t); }
        }
      }
      layer = next;
    }
    return null;
  }

  // Which action stays enabled along the cycle and is never taken: the
  // fairness assumption that would exclude this behaviour.
  private explain(l: Lasso, ob: Obligation): string {
    if (l.loopStart === undefined) {
      const last = l.states.length - 1;
      return ob.kind === 'init' ? 'The initial state shown does not satisfy it.'
        : ob.kind === 'always' ? `State ${last} does not satisfy it: a safety violation, shown by the shortest path there; fairness plays no part.`
        : `No behaviour that starts ${last === 0 ? 'in this initial state' : `with these ${last} step${last === 1 ? '' : 's'}`} satisfies it: a safety violation, shown by the shortest such prefix; fairness plays no part.`;
    }
    const cycleStates = l.states.slice(l.loopStart);
    const stutter = l.loopStart === l.states.length - 1;
    // taken by transition, not by label: every instance that makes a step of
    // the cycle is taken, also when the trace names another that makes it too
    const taken = new Set<number>();
    for (let i = l.loopStart; i < l.ordinals.length; i++) {
      for (const [t, inst] of this.g.successors(l.states[i])) if (t === l.states[i + 1]) taken.add(inst);
    }
    const always = new Set<number>();
    const sometimes = new Set<number>();
    cycleStates.forEach((s, i) => {
      const here = new Set<number>();
      for (const [, inst] of this.g.successors(s)) here.add(inst);
      for (const x of here) sometimes.add(x);
      if (i === 0) for (const x of here) always.add(x);
      else for (const x of [...always]) if (!here.has(x)) always.delete(x);
    });
    const name = (inst: number) => {
      const i = this.model.instances[inst];
      return i.args.length ? `${i.action.name}(${i.action.params.map((p, j) => `${p.name}=${this.fmt(p.domain, i.args[j])}`).join(', ')})` : i.action.name;
    };
    const starved = [...always].filter((x) => !taken.has(x)).map(name);
    const flickering = [...sometimes].filter((x) => !always.has(x) && !taken.has(x)).map(name);
    const where = stutter ? `The behaviour stops at state ${l.loopStart} and stutters forever` : `The cycle from state ${l.loopStart} repeats forever`;
    if (stutter && sometimes.size === 0) return `${where}: no action is enabled there.`;
    if (starved.length) {
      const uniq = [...new Set(starved)];
      return `${where} while ${uniq.join(', ')} ${uniq.length === 1 ? 'stays' : 'stay'} enabled and ${uniq.length === 1 ? 'is' : 'are'} never taken: no fairness assumption forbids it (weak fairness of ${uniq[0]} would).`;
    }
    if (flickering.length) {
      const uniq = [...new Set(flickering)];
      return `${where}; ${uniq.join(', ')} ${uniq.length === 1 ? 'is' : 'are'} enabled again and again but never taken: weak fairness does not forbid that, strong fairness of ${uniq[0]} would.`;
    }
    return `${where}; every action enabled along it is taken on it, so the property fails even under the declared fairness.`;
  }

  private fmt(t: import('../../dsl/ir.js').Type, v: import('../compile/types.js').Value): string {
    if (t.kind === 'enum') return t.members[v as number];
    if (t.kind === 'bool') return v ? 'true' : 'false';
    return String(v);
  }

  private trace(l: Lasso): Trace {
    const steps: TraceStep[] = [];
    let cur = nthInit(this.model, this.store.label(l.states[0]));
    steps.push({ action: null, state: cur });
    for (const ord of l.ordinals) {
      const { inst, state, picks } = nthSuccessor(this.model, cur, ord);
      steps.push({ action: traceAction(inst, picks), state });
      cur = state;
    }
    return { spec: this.model.spec, layout: this.model.layout, steps, ...(l.loopStart === undefined ? {} : { loopStart: l.loopStart }) };
  }
}
