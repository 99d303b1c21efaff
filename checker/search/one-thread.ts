// Breadth-first search over packed states. BFS order makes the first
// violation found a shortest counterexample. The loop keeps no per-state JS
// objects: fingerprints in a typed hash set, states in packed chunks.
import { totalmem } from 'node:os';
import { EvalError } from '../compile/eval-error.js';
import { FingerprintSet, fingerprint } from '../store/fingerprint-set.js';
import type { DiskFingerprintSet } from '../store/disk-fingerprint-set.js';
import { openSpill, type DiskOptions, type Spill } from './disk-options.js';
import { compileModel, type ActionInstance, type Model } from '../compile/model.js';
import type { CheckResult, Limit, PropertyVerdict, Stats, Violation } from '../result.js';
import { NONE, StateStore, type Packed } from '../store/state-store.js';
import { nthSuccessor, rebuildTrace, traceAction } from '../store/trace.js';
import { checkTemporalSteps, type LivenessOutcome } from '../temporal/liveness.js';
import { LimitReached, StopPoll } from '../store/stop-poll.js';
import { StateGraph } from '../temporal/state-graph.js';
import { FairArgs } from '../temporal/fair-sets.js';
import { TemporalPlan } from '../temporal/temporal-plan.js';
import { Symmetry } from '../symmetry/canonical.js';
import { TransitionChecks, type TransitionFailure } from '../refinement/transition-checks.js';
import { AbstractFairness } from '../refinement/abstract-fairness.js';

export interface CheckOptions {
  readonly deadlock?: boolean; // default true
  readonly invariants?: readonly string[]; // default: all
  readonly maxStates?: number;
  readonly maxDepth?: number;
  readonly timeLimitSeconds?: number;
  readonly progressEverySeconds?: number;
  readonly onProgress?: (s: Stats) => void;
  readonly shouldStop?: () => string | null; // e.g. a signal arrived
  readonly temporal?: boolean; // check temporal properties (default true)
  readonly symmetry?: boolean; // reduce by the spec's symmetric sets (default true)
  readonly maxMemoryBytes?: number; // stop cleanly (limit) before the process grows past this
  // as TLC's -continue: a violation does not stop the search; each invariant's
  // first (shortest) one, the first deadlock and each violated property are kept
  readonly continue?: boolean;
  // false: the closure compiler alone, without generated code (the reference)
  readonly codegen?: boolean;
  // spill the visited set and the frontier to files under this folder rather
  // than pass maxMemoryBytes (one thread)
  readonly disk?: DiskOptions;
}

// Half of the machine's memory: room for the OS and the rest of the session.
export function defaultMaxMemory(): number {
  return Math.floor(totalmem() * 0.5);
}

export class Stop {
  constructor(readonly violation: Violation | null, readonly limit: Limit | null) {}
}

// The one-thread search's work: init() on the initial states, expand(n) on
// state n (Search.expander()).
export interface Expander {
  init(): void;
  expand(n: number): void;
}

export class Search {
  private readonly seen: FingerprintSet | DiskFingerprintSet;
  private readonly spill: Spill | null;
  readonly store: StateStore;
  // kept only when temporal properties are checked
  private readonly plan: TemporalPlan | null;
  private readonly fullPlan: TemporalPlan | null; // also when no property is supported (their verdicts)
  private readonly graph: StateGraph | null;
  private temporalOutcome: LivenessOutcome | null = null;
  // with `continue`: the violations kept, in the order found (see report())
  readonly found: Violation[] = [];
  private readonly foundKeys = new Set<string>();
  readonly symmetry: Symmetry | null;
  // action properties and refinement, checked on every transition (one thread)
  private readonly transitions: TransitionChecks | null;
  private readonly temporalRefused: boolean;
  // read and advanced by ParallelSearch too
  unreduced = 0; // states the reduced ones stand for
  private readonly fp = new Uint32Array(2);
  private readonly scratch: Int32Array; // accept()'s unpacked state
  private readonly maxStates: number;
  generated = 0;
  initial = 0; // distinct initial states
  depth = 0;
  head = 0;
  readonly start = Date.now();
  private levelEnd = 0; // first state number of the next BFS level
  private nextProgress = 0;
  readonly maxMemory: number; // bytes: opts.maxMemoryBytes or half the machine
  // runYielding(): the event loop gets a turn this often, so that signal
  // handlers run and shouldStop() can see what they set
  private yieldDue = false;
  private lastYield = Date.now();
  // the stop conditions, shared by the search and the temporal phase
  readonly poll: StopPoll;

  constructor(readonly model: Model, readonly opts: CheckOptions) {
    this.maxMemory = opts.maxMemoryBytes ?? defaultMaxMemory();
    this.scratch = new Int32Array(model.layout.size);
    this.maxStates = opts.maxStates ?? Infinity;
    this.poll = new StopPoll({ start: this.start, timeLimitSeconds: opts.timeLimitSeconds, maxMemory: this.maxMemory, shouldStop: opts.shouldStop });
    const spec = model.spec;
    this.symmetry = spec.symmetric.length && opts.symmetry !== false ? new Symmetry(spec, model.layout, spec.symmetric) : null;
    // the abstract spec's fairness: a liveness obligation on this spec's graph (not under symmetry, as the refinement)
    const mapped = spec.refinement?.abstract.fairness.length && !this.symmetry ? new AbstractFairness(model) : null;
    const plan = opts.temporal === false ? null : new TemporalPlan(model, mapped);
    this.fullPlan = plan;
    // a fair cycle of the quotient graph need not be one of the real graph
    this.temporalRefused = !!(plan?.active && this.symmetry);
    this.plan = plan?.active && !this.symmetry ? plan : null;
    this.graph = this.plan ? new StateGraph(new FairArgs(model)) : null;
    // a refinement is not checked under symmetry (result(): not checked)
    const transitions = new TransitionChecks(model, { refinement: !this.symmetry });
    this.transitions = transitions.active ? transitions : null;
    const bytesPerState = model.layout.size * (model.layout.maxSpan <= 0xff ? 1 : model.layout.maxSpan <= 0xffff ? 2 : 4);
    this.spill = opts.disk ? openSpill(opts.disk, this.maxMemory, bytesPerState, this.graph !== null) : null;
    this.store = new StateStore(model.layout.size, model.layout.maxSpan, this.spill?.store ?? null);
    this.seen = this.spill?.visited ?? new FingerprintSet(1 << 16, this.graph !== null);
  }

  // --disk: how often the visited set was merged into its file, and how many
  // frontier chunks waited in files (null without --disk)
  spillCounts(): { merges: number; frontierFiles: number } | null {
    return this.spill ? { merges: this.spill.visited.flushes, frontierFiles: this.store.spilledChunks } : null;
  }

  // --disk: the spill files go (after the result is made, traces included)
  private closeSpill(): void {
    this.spill?.area.remove();
  }

  run(): CheckResult {
    try {
      let stop: Stop | null = null;
      try {
        this.explore();
        this.finishTemporal();
      } catch (e) {
        if (e instanceof Stop) stop = e;
        else throw e;
      }
      return this.result(stop);
    } finally {
      this.closeSpill();
    }
  }

  // run(), giving the event loop a turn about every 100 ms (at the poll every
  // 1024 states): a SIGINT/SIGTERM handler can then set the flag that
  // shouldStop() reports. A synchronous run() never lets a handler run.
  async runYielding(): Promise<CheckResult> {
    try {
      let stop: Stop | null = null;
      try {
        for (const _ of this.exploreSteps()) await new Promise<void>((r) => setImmediate(r));
        await this.finishTemporalYielding();
      } catch (e) {
        if (e instanceof Stop) stop = e;
        else throw e;
      }
      return this.result(stop);
    } finally {
      this.closeSpill();
    }
  }

  // the temporal phase pausing after each obligation, so that a signal
  // handler runs there (runYielding, and the pipelined search after its search)
  async finishTemporalYielding(): Promise<void> {
    for (const _ of this.temporalSteps()) {
      await new Promise<void>((r) => setImmediate(r));
      const hit = this.poll.check(false);
      if (hit) throw new Stop(null, hit);
    }
  }

  // after the state graph is complete: temporal properties, if any
  private finishTemporal(): void {
    for (const _ of this.temporalSteps()) { /* synchronous: limits only, polled inside */ }
  }

  private *temporalSteps(): Generator<void> {
    if (this.graph && this.plan) {
      this.graph.finish(this.store.count);
      try {
        this.temporalOutcome = yield* checkTemporalSteps(this.model, this.store, this.graph, this.plan, this.opts.continue, this.poll);
      } catch (e) {
        if (e instanceof LimitReached) throw new Stop(null, e.limit);
        // the abstract spec's actions, first fired at the mapped state of a state without successors
        if (e instanceof EvalError) throw this.evalStop(e, null, NONE, 'action');
        throw e;
      }
      if (this.opts.continue) this.found.push(...this.temporalOutcome.violations);
      else if (this.temporalOutcome.violation) throw new Stop(this.temporalOutcome.violation, null);
    }
  }

  // A --disk search runs on one thread. The level-synchronous search covers
  // everything else but the state graph of temporal checking and transition
  // checks (action properties, refinement), which the pipelined search does
  // (its consumer sees every step: checkStepFrom, graphBegin, graphCut).
  get parallelizable(): boolean { return this.spill === null && this.graph === null && this.transitions === null; }
  get pipelineable(): boolean { return this.spill === null; }
  get everyStep(): boolean { return this.transitions !== null; }
  get buildsGraph(): boolean { return this.graph !== null; }

  // The pipelined search's consumer: the step from state `parent` to its
  // successor number `ordinal`, src[from, from + size), checked as emit() does.
  private stepParent = NONE;
  private stepFrom = new Int32Array(0);
  private stepTo = new Int32Array(0);
  private readonly stepFailures: TransitionFailure[] = [];
  checkStepFrom(parent: number, src: Packed, from: number, ordinal: number): void {
    const trans = this.transitions;
    if (!trans) return;
    if (this.stepTo.length === 0) { this.stepFrom = new Int32Array(this.model.layout.size); this.stepTo = new Int32Array(this.model.layout.size); }
    if (parent !== this.stepParent) { this.store.read(parent, this.stepFrom); this.stepParent = parent; }
    const t = this.stepTo;
    for (let i = 0; i < t.length; i++) t[i] = src[from + i];
    trans.checkStep(parent, this.stepFrom, t, this.stepFailures);
    if (!this.stepFailures.length) return;
    const inst = nthSuccessor(this.model, this.stepFrom, ordinal).inst;
    for (const f of this.stepFailures.splice(0)) this.reportTransition(f, parent, inst, t);
  }

  // The pipelined search's consumer, with the state graph: parent n's edges
  // start (before its successors are accepted), and a successor cut off by a
  // constraint is an edge to nowhere, as in the one-thread search's emit.
  graphBegin(n: number): void { this.graph?.begin(n); }
  graphCut(inst: number): void { this.graph?.add(NONE, inst); }

  private stats(): Stats {
    const seconds = (Date.now() - this.start) / 1000;
    const distinct = this.store.count;
    return { distinct, initial: this.initial, generated: this.generated, queue: distinct - this.head, depth: this.depth, seconds, statesPerSecond: seconds > 0 ? distinct / seconds : distinct };
  }

  private explore(): void {
    for (const _ of this.exploreSteps()) { /* run to the end */ }
  }

  // The one-thread search until a BFS level of at least `frontier` states is
  // next (or the search ends); then the frontier is [head, store.count) and
  // depth is that level's. Returns whether there is a level left to expand.
  // onLevel sees the size of each level before it is expanded.
  async exploreUntilFrontier(frontier: number, onLevel?: (states: number) => void): Promise<boolean> {
    for (const _ of this.exploreSteps(frontier, onLevel)) await new Promise<void>((r) => setImmediate(r));
    if (this.head >= this.store.count) return false;
    if (this.head === this.levelEnd && this.head > 0) { this.depth++; this.levelEnd = this.store.count; this.store.release(this.head); }
    return true;
  }

  // Every fingerprint seen so far (the parallel search takes them over).
  forEachFingerprint(f: (h1: number, h2: number) => void): void {
    this.seen.forEach(f);
  }

  // The search; it pauses (yields) where advance() found a turn for the event
  // loop due. With `handover`, it returns at the first level boundary where
  // the next level holds at least that many states.
  private *exploreSteps(handover = Infinity, onLevel?: (states: number) => void): Generator<void, void, void> {
    const store = this.store;
    const expander = this.expander();
    expander.init();
    this.levelEnd = store.count;
    while (this.head < store.count) {
      if (this.yieldDue) { this.yieldDue = false; yield; }
      if (this.head === this.levelEnd || this.head === 0) {
        onLevel?.(store.count - this.head);
        if (store.count - this.head >= handover) return;
      }
      expander.expand(this.advance());
    }
  }

  // The one-thread search's work on the initial states and on one state:
  // built once, for the loop above and for the pipelined search's consumer
  // (which expands a block of states itself when its producers lag).
  private expanderMemo: Expander | null = null;
  expander(): Expander {
    return (this.expanderMemo ??= this.makeExpander());
  }

  private makeExpander(): Expander {
    const { model, store, seen, fp, opts } = this;
    const size = model.layout.size;
    const invariants = model.invariants;
    const constraints = model.constraints;
    const maxStates = this.maxStates;
    const deadlock = opts.deadlock ?? true;
    const maxMemory = this.maxMemory;
    const narrow = model.layout.maxSpan <= 0xff;
    let parent = NONE;
    let ordinal = 0;
    let instId = 0;
    const graph = this.graph;
    const plan = this.plan;
    const sym = this.symmetry;
    const trans = this.transitions;
    const failures: TransitionFailure[] = [];

    // Every generated successor comes through here.
    const emit = (w: Int32Array): void => {
      const label = ordinal++;
      this.generated++;
      for (let i = 0; i < constraints.length; i++) {
        if (!constraints[i].test(w)) { if (graph && parent !== NONE) graph.add(NONE, instId); return; } // counted, not stored
      }
      if (trans) {
        // on the concrete successor, before symmetry reduction: a real step
        if (parent !== NONE) {
          trans.checkStep(parent, cur, w, failures);
          if (failures.length) { const fs = failures.splice(0); for (const f of fs) this.reportTransition(f, parent, instances[instId], w); }
        }
      }
      fingerprint(sym ? sym.canonical(w) : w, size, fp, narrow);
      if (!seen.add(fp[0], fp[1], store.count)) {
        if (graph && parent !== NONE) graph.add(seen.lastId, instId);
        return;
      }
      const n = store.add(w, parent, label);
      if (sym) this.unreduced += sym.lastOrbitSize; // of w, from canonical(w) above
      if (graph && plan) {
        graph.ensureState(n);
        graph.bits[n] = plan.bitsOf(w);
        graph.fairArgs?.record(n, w);
        plan.record(n, w);
        if (parent !== NONE) graph.add(n, instId);
      }
      if (invariants.length) this.checkInvariants(w, n);
      // an initial state is checked once stored, as invariants are
      if (trans && parent === NONE) { const f = trans.checkInit(w); if (f) this.reportTransition(f, n, null, w); }
      if (store.count >= maxStates) throw new Stop(null, { kind: 'max-states', value: maxStates });
    };

    const cur = new Int32Array(size);
    const instances = model.instances;
    return {
      init: () => {
        // a segment of the visited set doubles only if the process stays under the limit
        seen.beforeGrow = (bytes) => { if (process.memoryUsage.rss() + bytes > maxMemory) throw new Stop(null, { kind: 'max-memory', value: maxMemory }); };
        try {
          if (sym) this.checkInitSymmetric(sym);
          model.initStates(emit);
        } catch (e) {
          if (e instanceof EvalError) throw this.evalStop(e, null, NONE, 'init');
          throw e;
        }
        this.generated = 0; // initial states are not transitions
        this.initial = store.count;
      },
      expand: (n) => {
        store.read(n, cur);
        parent = n;
        ordinal = 0;
        if (graph) graph.begin(n);
        let inst: ActionInstance | null = null;
        try {
          for (let i = 0; i < instances.length; i++) { inst = instances[i]; instId = i; inst.fire(cur, emit); }
        } catch (e) {
          if (e instanceof EvalError) throw this.evalStop(e, inst, n, 'action');
          throw e; // a Stop from emit, or a bug
        }
        if (ordinal === 0 && deadlock && !model.isTerminated(cur)) {
          this.report('deadlock', () => ({ kind: 'deadlock', trace: rebuildTrace(model, store, n) }));
        }
      },
    };
  }

  // Reduction is sound only if permuting members maps initial states to
  // initial states (a variable left at its default, the first member, is not).
  // Take the next frontier state to expand: keep the BFS level, and every
  // 1024 states check the limits and report progress.
  advance(): number {
    const { opts, store } = this;
    if (this.head === this.levelEnd) {
      this.depth++;
      this.levelEnd = store.count;
      store.release(this.head);
    }
    const maxDepth = opts.maxDepth ?? Infinity;
    if (this.depth >= maxDepth) throw new Stop(null, { kind: 'max-depth', value: maxDepth });
    if ((this.head & 1023) === 0) {
      const now = Date.now();
      // rss() is a system call (about 30 us here): every 8192 states is enough
      const hit = this.poll.check((this.head & 8191) === 0);
      if (hit) throw new Stop(null, hit);
      if (now - this.lastYield >= 100) { this.yieldDue = true; this.lastYield = now; }
      const every = (opts.progressEverySeconds ?? 3) * 1000;
      if (this.nextProgress === 0) this.nextProgress = this.start + every;
      if (now >= this.nextProgress && opts.onProgress) { opts.onProgress(this.stats()); this.nextProgress = now + every; }
    }
    return this.head++;
  }

  // Whether the event loop is due a turn (the pipelined search's consumer
  // asks, as the one-thread loop does).
  yieldNow(): boolean {
    if (!this.yieldDue) return false;
    this.yieldDue = false;
    return true;
  }

  // What the one-thread search does with a successor once fingerprinted
  // (lanes h1, h2), for the pipelined search's consumer: the state is
  // src[from, from + size), packed, reached from `parent` as successor `label`.
  // With the state graph, `inst` is the action instance that made it.
  accept(h1: number, h2: number, src: Packed, from: number, parent: number, label: number, orbit: number, inst = -1): void {
    const store = this.store;
    const graph = this.graph;
    if (!this.seen.add(h1, h2, store.count)) {
      if (graph) graph.add(this.seen.lastId, inst);
      return;
    }
    const w = this.scratch;
    for (let i = 0; i < w.length; i++) w[i] = src[from + i];
    const n = store.add(w, parent, label);
    if (graph) {
      graph.ensureState(n);
      graph.bits[n] = this.plan!.bitsOf(w);
      graph.fairArgs?.record(n, w); // fairness arguments read from the state, as emit() does
      this.plan!.record(n, w); // the abstract spec's fairness: the mapped state, as emit() does
      graph.add(n, inst);
    }
    if (this.symmetry) this.unreduced += orbit;
    if (this.model.invariants.length) this.checkInvariants(w, n);
    if (store.count >= this.maxStates) throw new Stop(null, { kind: 'max-states', value: this.maxStates });
  }

  // Invariants are checked once per distinct state, when it is first found.
  private checkInvariants(w: Int32Array, n: number): void {
    const invariants = this.model.invariants;
    for (let i = 0; i < invariants.length; i++) {
      let ok: boolean;
      try {
        ok = invariants[i].test(w);
      } catch (e) {
        if (!(e instanceof EvalError)) throw e;
        throw this.evalStop(new EvalError(`while evaluating invariant ${invariants[i].name}: ${e.message}`, e.span), null, n, 'invariant');
      }
      if (!ok) this.report(`invariant ${invariants[i].name}`, () => ({ kind: 'invariant', name: invariants[i].name, trace: rebuildTrace(this.model, this.store, n) }));
    }
  }

  // A violation (key: 'invariant NAME' or 'deadlock') stops the search, or
  // with `continue` is kept if it is the first of its key, and the search goes on.
  report(key: string, violation: () => Violation): void {
    if (!this.opts.continue) throw new Stop(violation(), null);
    if (this.foundKeys.has(key)) return;
    this.foundKeys.add(key);
    this.found.push(violation());
  }

  reported(key: string): boolean { return this.foundKeys.has(key); }

  private replayModel: Model | null = null;

  // A failed transition check on the step from state `parent` by `inst` to t
  // (inst null: t is the initial state number `parent`); the trace ends with that step.
  private reportTransition(f: TransitionFailure, parent: number, inst: ActionInstance | null, t: Int32Array): void {
    // with --continue the search goes on inside inst.fire, whose working
    // state a replay on the same compiled model would overwrite: replay on a copy
    const replay = this.opts.continue ? (this.replayModel ??= compileModel(this.model.spec, { invariants: [] })) : this.model;
    const trace = () => {
      if (!inst) return rebuildTrace(replay, this.store, parent);
      const last = { action: traceAction(inst), state: t.slice() };
      const before = rebuildTrace(replay, this.store, parent);
      return { ...before, steps: [...before.steps, last] };
    };
    if (f.kind === 'action-property') { this.report(`action property ${f.name}`, () => ({ kind: 'action-property', name: f.name, trace: trace() })); return; }
    const abs = this.transitions!.refinement!.abstract;
    const states = f.before ? [f.before, f.after] : [f.after];
    this.report(`refinement ${f.name}`, () => ({
      kind: 'refinement', name: f.name, trace: trace(), abstract: { spec: abs.spec, layout: abs.layout, steps: states.map((state) => ({ action: null, state })) },
    }));
  }

  private checkInitSymmetric(sym: Symmetry): void {
    const inits: Int32Array[] = [];
    this.model.initStates((w) => inits.push(w.slice()));
    const key = (w: Int32Array) => w.join(',');
    const all = new Set(inits.map(key));
    for (const g of sym.generators()) {
      for (const s of inits) {
        if (!all.has(key(g.apply(s)))) {
          throw new EvalError(`the initial states are not symmetric: ${g.label} turns an initial state into one that is not initial (a variable of a symmetric type left at its default, or set to one member, does this); give it a symmetric initial value such as 'x in SET', or drop 'symmetric'`);
        }
      }
    }
  }

  evalStop(e: EvalError, inst: ActionInstance | null, n: number, phase: 'init' | 'action' | 'invariant'): Stop {
    const trace = n === NONE ? { spec: this.model.spec, layout: this.model.layout, steps: [] } : rebuildTrace(this.model, this.store, n);
    return new Stop({ kind: 'eval-error', message: e.message, phase, where: inst ? traceAction(inst) : null, span: e.span, trace }, null);
  }

  result(stop: Stop | null): CheckResult {
    const stats = this.stats();
    const stopped = stop?.violation ?? null;
    const all = stopped ? [...this.found, stopped] : this.found;
    const v = all[0] ?? null;
    const limit = stop?.limit ?? null;
    // a temporal violation is found after the search finished: safety verdicts stand
    const safetyDone = !limit && (!stopped || stopped.kind === 'property' || (stopped.kind === 'refinement' && stopped.fairness !== undefined));
    const verdicts: PropertyVerdict[] = [];
    for (const inv of this.model.invariants) {
      verdicts.push({ name: inv.name, kind: 'invariant', verdict: all.some((x) => x.kind === 'invariant' && x.name === inv.name) ? 'violated' : safetyDone ? 'holds' : 'unknown' });
    }
    if (this.opts.deadlock ?? true) {
      verdicts.push({ name: 'deadlock', kind: 'deadlock', verdict: all.some((x) => x.kind === 'deadlock') ? 'violated' : safetyDone ? 'holds' : 'unknown' });
    }
    if (this.temporalOutcome) {
      verdicts.push(...this.temporalOutcome.verdicts.filter((x) => x.kind === 'property'));
    } else {
      for (const p of this.model.spec.properties) {
        const planned = this.fullPlan?.properties.find((x) => x.name === p.name);
        verdicts.push(
          this.opts.temporal === false ? { name: p.name, kind: 'property', verdict: 'not-checked', note: '--no-temporal' }
          : planned && !planned.obligations ? { name: p.name, kind: 'property', verdict: 'not-checked', note: planned.unsupported }
          : this.temporalRefused ? { name: p.name, kind: 'property', verdict: 'not-checked', note: 'under symmetry reduction; --no-symmetry checks it' }
          : { name: p.name, kind: 'property', verdict: 'unknown', note: v ? 'not checked after the first violation' : 'search incomplete' },
        );
      }
    }
    const spec = this.model.spec;
    for (const p of spec.actionProperties ?? []) {
      verdicts.push({ name: p.name, kind: 'property', verdict: all.some((x) => x.kind === 'action-property' && x.name === p.name) ? 'violated' : safetyDone ? 'holds' : 'unknown' });
    }
    const r = spec.refinement;
    if (r) {
      verdicts.push(this.symmetry ? { name: r.name, kind: 'refinement', verdict: 'not-checked', note: 'under symmetry reduction; --no-symmetry checks it' }
        : { name: r.name, kind: 'refinement', verdict: all.some((x) => x.kind === 'refinement' && x.fairness === undefined) ? 'violated' : safetyDone ? 'holds' : 'unknown' });
      // the liveness half of refinement: decided with the temporal properties (liveness.ts)
      const name = `${r.name} (its fairness)`;
      const decided = this.temporalOutcome?.verdicts.find((x) => x.kind === 'refinement' && x.name === name);
      if (decided) verdicts.push(decided);
      else if (r.abstract.fairness.length) {
        verdicts.push(this.opts.temporal === false ? { name, kind: 'refinement', verdict: 'not-checked', note: '--no-temporal' }
          : this.symmetry ? { name, kind: 'refinement', verdict: 'not-checked', note: 'under symmetry reduction; --no-symmetry checks it' }
          : { name, kind: 'refinement', verdict: 'unknown', note: v ? 'not checked after the first violation' : 'search incomplete' });
      }
    }
    const symmetry = this.symmetry ? { sets: this.model.spec.symmetric, groupSize: this.symmetry.groupSize, unreducedStates: this.unreduced } : null;
    const violations = this.opts.continue ? { violations: all } : {};
    return { outcome: v ? 'violation' : limit ? 'limit' : 'ok', stats, violation: v, ...violations, limit, verdicts, warnings: this.temporalOutcome?.warnings ?? [], symmetry };
  }
}
