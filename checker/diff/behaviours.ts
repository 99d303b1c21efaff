// Behaviour diff: does spec A allow a behaviour, seen through the variables
// A and B share, that B does not allow? Behaviours are compared as in TLA+:
// projected on the shared variables and insensitive to stuttering, so a step
// of A that leaves the shared variables alone is always matched (B stays
// put), and B may take any number of steps that leave them alone before a
// visible one.
//
// The search is a subset construction: BFS over pairs (A state, the set of B
// states that agree with it on the shared variables and that B can reach
// along a matching behaviour), each set closed under B's invisible steps. A
// step of A whose projection no B state of the set can follow is a witness;
// BFS makes the first one found a shortest one (in A steps). Only finite
// prefixes are compared (safety inclusion): deadlocks, termination and
// fairness are not part of this diff.
import type { Spec, VarDecl } from '../../dsl/ir.js';
import { printType } from '../../dsl/ir-print.js';
import { EvalError } from '../compile/eval-error.js';
import { compileModel, type ActionInstance, type Model } from '../compile/model.js';
import { IntVec, poolFor, SeqTable } from './seq-table.js';
import { traceAction, type Trace, type TraceStep } from '../store/trace.js';

export interface BehaviourOptions {
  // at most this many (A state, B set) pairs are explored (default 200,000)
  readonly maxPairs?: number;
  // compare only these variables (default: every variable both declare with the same type)
  readonly vars?: readonly string[];
}

export interface SharedVars {
  readonly shared: readonly string[];
  // declared in both, but with different types: left out of the comparison
  readonly differing: readonly { readonly name: string; readonly a: string; readonly b: string }[];
  readonly onlyA: readonly string[];
  readonly onlyB: readonly string[];
}

export interface Inclusion {
  // a behaviour of A (its trace, over all of A's variables) whose projection
  // B does not allow: B follows every state but the last
  readonly witness: Trace | null;
  // the shared variables whose values B cannot produce at the last step
  readonly witnessVars: readonly string[];
  readonly complete: boolean; // false: stopped at the pair limit or an evaluation error
  readonly pairs: number; // product pairs explored
  readonly note?: string;
}

function varType(v: VarDecl): string {
  return printType(v.type);
}

export function sharedVars(a: Spec, b: Spec, only?: readonly string[]): SharedVars {
  const bBy = new Map(b.vars.map((v) => [v.name, v] as const));
  const aNames = new Set(a.vars.map((v) => v.name));
  const shared: string[] = [];
  const differing: { name: string; a: string; b: string }[] = [];
  for (const v of a.vars) {
    const w = bBy.get(v.name);
    if (!w) continue;
    if (only && !only.includes(v.name)) continue;
    if (varType(v) === varType(w)) shared.push(v.name);
    else differing.push({ name: v.name, a: varType(v), b: varType(w) });
  }
  return { shared, differing, onlyA: a.vars.filter((v) => !bBy.has(v.name)).map((v) => v.name), onlyB: b.vars.filter((v) => !aNames.has(v.name)).map((v) => v.name) };
}

// The packed slots of the shared variables, in the order of `names`: both
// specs give a variable of the same type the same number of slots, encoded
// alike, so equal projections mean equal values.
function sharedSlots(m: Model, names: readonly string[]): Int32Array {
  const out: number[] = [];
  for (const n of names) {
    const i = m.spec.vars.findIndex((v) => v.name === n);
    const off = m.layout.offsets[i];
    const end = i + 1 < m.layout.offsets.length ? m.layout.offsets[i + 1] : m.layout.size;
    for (let k = off; k < end; k++) out.push(k);
  }
  return Int32Array.from(out);
}

function admitted(m: Model, s: Int32Array): boolean {
  for (const c of m.constraints) if (!c.test(s)) return false;
  return true;
}

// Projections (the shared slots of a state, in the order of `names`) of
// both specs, numbered in one table: equal numbers, equal projections.
class Projections {
  private readonly table: SeqTable;
  private readonly buf: Int32Array;
  constructor(n: number, maxSpan: number) {
    this.table = new SeqTable(poolFor(maxSpan));
    this.buf = new Int32Array(n);
  }
  id(s: Int32Array, slots: Int32Array): number {
    const b = this.buf;
    for (let i = 0; i < slots.length; i++) b[i] = s[slots[i]];
    return this.table.intern(b, 0, b.length);
  }
}

// B's states, numbered on first sight (exactly, in a packed table), with
// their projections and, computed once when first needed, their successors
// and their closures under invisible steps.
class OldStates {
  private readonly states: SeqTable;
  readonly proj = new IntVec();
  private readonly succ = new IntVec(); // successor lists, one after the other
  private readonly succAt = new IntVec(); // per state: where its list starts, -1: not yet expanded
  private readonly succEnd = new IntVec();
  private succFrom = 0; // the list expand() found
  private succTo = 0;
  private readonly clos: (Uint32Array | null | undefined)[] = [];
  private readonly cur: Int32Array;
  private readonly size: number;
  // marks (a state is marked when it holds the current stamp): one array
  // for each of expand(), closure() and the unions, which nest in that order
  private markSucc = new Int32Array(1024);
  private markClos = new Int32Array(1024);
  private mark = new Int32Array(1024);
  private stamp = 0;
  private succStamp = 0;
  private readonly emit = (w: Int32Array): void => {
    if (!admitted(this.m, w)) return;
    const k = this.id(w);
    if (this.markSucc[k] !== this.succStamp) { this.markSucc[k] = this.succStamp; this.succ.push(k); }
  };

  constructor(readonly m: Model, private readonly slots: Int32Array, private readonly projections: Projections) {
    this.size = m.layout.size;
    this.states = new SeqTable(poolFor(m.layout.maxSpan));
    this.cur = new Int32Array(this.size);
  }

  get count(): number { return this.states.count; }

  id(w: Int32Array): number {
    const before = this.states.count;
    const n = this.states.intern(w, 0, this.size);
    if (n === before) { this.proj.push(this.projections.id(w, this.slots)); this.succAt.push(-1); this.succEnd.push(0); this.fit(); }
    return n;
  }

  // Fills succ (once per state) with n's distinct successors admitted by the
  // constraints, in no particular order: they are succ.data[succFrom .. succTo).
  expand(n: number): void {
    if (this.succAt.data[n] >= 0) { this.succFrom = this.succAt.data[n]; this.succTo = this.succEnd.data[n]; return; }
    const s = this.cur;
    this.states.read(n, s);
    const from = this.succ.length;
    this.succStamp = ++this.stamp;
    for (const inst of this.m.instances) inst.fire(s, this.emit);
    this.succAt.data[n] = this.succFrom = from;
    this.succEnd.data[n] = this.succTo = this.succ.length;
  }

  // every B state reachable from n by steps that keep the projection, sorted
  // (null: n alone)
  closure(n: number): Uint32Array | null {
    let out = this.clos[n];
    if (out === undefined) {
      const p = this.proj.data[n];
      const st = ++this.stamp;
      this.markClos[n] = st;
      const found: number[] = [n];
      for (let i = 0; i < found.length; i++) {
        this.expand(found[i]);
        for (let j = this.succFrom; j < this.succTo; j++) {
          const k = this.succ.data[j];
          if (this.markClos[k] !== st && this.proj.data[k] === p) { this.markClos[k] = st; found.push(k); }
        }
      }
      out = found.length === 1 ? null : Uint32Array.from(found).sort();
      this.clos[n] = out;
    }
    return out;
  }

  // the union of the closures of `starts`, sorted
  closureOf(starts: ArrayLike<number>): number[] {
    const st = ++this.stamp;
    const out: number[] = [];
    for (let i = 0; i < starts.length; i++) {
      const c = this.closure(starts[i]);
      if (c === null) {
        const n = starts[i];
        if (this.mark[n] !== st) { this.mark[n] = st; out.push(n); }
        continue;
      }
      for (let j = 0; j < c.length; j++) if (this.mark[c[j]] !== st) { this.mark[c[j]] = st; out.push(c[j]); }
    }
    return out.length > 1 ? out.sort((x, y) => x - y) : out;
  }

  // the states of the set `from` can step to with projection k, closed
  step(from: ArrayLike<number>, k: number): number[] {
    const targets: number[] = [];
    const st = ++this.stamp;
    for (let i = 0; i < from.length; i++) {
      this.expand(from[i]);
      for (let j = this.succFrom; j < this.succTo; j++) {
        const o = this.succ.data[j];
        if (this.proj.data[o] === k && this.mark[o] !== st) { this.mark[o] = st; targets.push(o); }
      }
    }
    return this.closureOf(targets);
  }

  private fit(): void {
    if (this.mark.length >= this.states.count) return;
    let cap = this.mark.length * 2;
    while (cap < this.states.count) cap *= 2;
    const grow = (a: Int32Array) => { const m = new Int32Array(cap); m.set(a); return m; };
    this.mark = grow(this.mark);
    this.markSucc = grow(this.markSucc);
    this.markClos = grow(this.markClos);
  }
}

// Is there a behaviour of A that B does not allow (over `names`)?
//
// Pairs are (A state number, B set number): A's states and the B sets (sorted
// B state numbers) are interned exactly, and the B set a visible step leads
// to is computed once per (B set, projection of the step's target).
export function findExtraBehaviour(a: Spec, b: Spec, names: readonly string[], opts: BehaviourOptions = {}): Inclusion {
  const ma = compileModel(a, { invariants: [] });
  const mb = compileModel(b, { invariants: [] });
  const slotsA = sharedSlots(ma, names);
  const slotsB = sharedSlots(mb, names);
  const projections = new Projections(slotsA.length, Math.max(ma.layout.maxSpan, mb.layout.maxSpan));
  const B = new OldStates(mb, slotsB, projections);
  const maxPairs = opts.maxPairs ?? 200_000;
  const size = ma.layout.size;
  const aStates = new SeqTable(poolFor(ma.layout.maxSpan));
  const sets = new SeqTable();
  const pairs = new SeqTable();
  const steps = new SeqTable(); // (B set, projection) -> the B set after the step
  const stepTo = new IntVec();
  const nodeState = new IntVec(), nodeSet = new IntVec(), nodeParent = new IntVec(), nodeInst = new IntVec();
  const key = new Int32Array(2);
  const stateOf = (n: number): Int32Array => { const s = new Int32Array(size); aStates.read(n, s); return s; };
  const changedVars = (prev: Int32Array | null, s: Int32Array): string[] => {
    const vars = names.map((n) => ma.spec.vars.findIndex((v) => v.name === n));
    return vars.filter((i) => {
      const off = ma.layout.offsets[i];
      const end = i + 1 < ma.layout.offsets.length ? ma.layout.offsets[i + 1] : ma.layout.size;
      for (let k = off; k < end; k++) if (!prev || prev[k] !== s[k]) return true;
      return false;
    }).map((i) => ma.spec.vars[i].name);
  };
  const action = (id: number) => (id >= 0 ? traceAction(ma.instances[id]) : null);
  const witness = (parent: number, inst: ActionInstance | null, s: Int32Array): Inclusion => {
    const trace: TraceStep[] = [{ action: inst ? traceAction(inst) : null, state: s }];
    for (let n = parent; n >= 0; n = nodeParent.data[n]) trace.push({ action: action(nodeInst.data[n]), state: stateOf(nodeState.data[n]) });
    trace.reverse();
    const prev = parent >= 0 ? stateOf(nodeState.data[parent]) : null;
    return { witness: { spec: a, layout: ma.layout, steps: trace }, witnessVars: changedVars(prev, s), complete: true, pairs: nodeState.length };
  };
  const push = (s: Int32Array, set: number, parent: number, inst: number): boolean => {
    key[0] = aStates.intern(s, 0, size);
    key[1] = set;
    if (pairs.find(key, 0, 2) >= 0) return true;
    if (nodeState.length >= maxPairs) return false;
    pairs.intern(key, 0, 2);
    nodeState.push(key[0]); nodeSet.push(set); nodeParent.push(parent); nodeInst.push(inst);
    return true;
  };
  const visible = (set: number, k: number): number => {
    key[0] = set; key[1] = k;
    const memo = steps.intern(key, 0, 2);
    if (memo < stepTo.length) return stepTo.data[memo];
    const next = B.step(sets.view(set), k);
    const id = sets.intern(next, 0, next.length);
    stepTo.push(id);
    return id;
  };
  const limited = (): Inclusion => ({ witness: null, witnessVars: [], complete: false, pairs: nodeState.length, note: `stopped after ${maxPairs.toLocaleString('en-US')} pairs (--max-pairs)` });
  try {
    const bInit: number[] = [];
    mb.initStates((w) => { if (admitted(mb, w)) bInit.push(B.id(w)); });
    const aInit: Int32Array[] = [];
    ma.initStates((w) => { if (admitted(ma, w)) aInit.push(w.slice()); });
    for (const s of aInit) {
      const k = projections.id(s, slotsA);
      const closed = B.closureOf(bInit.filter((n) => B.proj.data[n] === k));
      if (closed.length === 0) return witness(-1, null, s);
      if (!push(s, sets.intern(closed, 0, closed.length), -1, -1)) return limited();
    }
    const cur = new Int32Array(size);
    let head = 0, set = 0, inst = ma.instances[0];
    let found: Inclusion | null = null;
    let full = false;
    const emit = (w: Int32Array): void => {
      if (found || full || !admitted(ma, w)) return;
      let same = true;
      for (let i = 0; i < slotsA.length; i++) if (w[slotsA[i]] !== cur[slotsA[i]]) { same = false; break; }
      // B stutters (the set is closed under B's invisible steps), or follows a visible step
      const next = same ? set : visible(set, projections.id(w, slotsA));
      if (sets.length(next) === 0) { found = witness(head, inst, w.slice()); return; }
      if (!push(w, next, head, inst.id)) full = true;
    };
    for (; head < nodeState.length; head++) {
      aStates.read(nodeState.data[head], cur);
      set = nodeSet.data[head];
      for (inst of ma.instances) inst.fire(cur, emit);
      if (found) return found;
      if (full) return limited();
    }
  } catch (e) {
    if (!(e instanceof EvalError)) throw e;
    return { witness: null, witnessVars: [], complete: false, pairs: nodeState.length, note: `stopped by an evaluation error: ${e.message}` };
  }
  return { witness: null, witnessVars: [], complete: true, pairs: nodeState.length };
}

export interface BehaviourDiff {
  readonly vars: SharedVars;
  readonly newNotOld: Inclusion; // behaviours NEW allows and OLD does not
  readonly oldNotNew: Inclusion;
}

export function behaviourDiff(oldSpec: Spec, newSpec: Spec, opts: BehaviourOptions = {}): BehaviourDiff {
  const vars = sharedVars(newSpec, oldSpec, opts.vars);
  return {
    vars,
    newNotOld: findExtraBehaviour(newSpec, oldSpec, vars.shared, opts),
    oldNotNew: findExtraBehaviour(oldSpec, newSpec, vars.shared, opts),
  };
}
