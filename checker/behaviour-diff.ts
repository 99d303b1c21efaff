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
import type { Spec, VarDecl } from '../dsl/ir.js';
import { printType } from '../dsl/ir-print.js';
import { EvalError } from './eval-error.js';
import { compileModel, type ActionInstance, type Model } from './model.js';
import { traceAction, type Trace, type TraceStep } from './trace.js';

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
function projector(m: Model, names: readonly string[]): (s: Int32Array) => string {
  const ranges: [number, number][] = names.map((n) => {
    const i = m.spec.vars.findIndex((v) => v.name === n);
    const off = m.layout.offsets[i];
    const end = i + 1 < m.layout.offsets.length ? m.layout.offsets[i + 1] : m.layout.size;
    return [off, end];
  });
  return (s) => {
    let k = '';
    for (const [lo, hi] of ranges) for (let i = lo; i < hi; i++) k += `${s[i]},`;
    return k;
  };
}

function admitted(m: Model, s: Int32Array): boolean {
  for (const c of m.constraints) if (!c.test(s)) return false;
  return true;
}

function successors(m: Model, s: Int32Array, f: (inst: ActionInstance, w: Int32Array) => void): void {
  for (const inst of m.instances) inst.fire(s, (w) => { if (admitted(m, w)) f(inst, w.slice()); });
}

// B's states, numbered on first sight, with their projections and (lazily)
// their successors.
class Interned {
  readonly states: Int32Array[] = [];
  readonly proj: string[] = [];
  private readonly ids = new Map<string, number>();
  private readonly succ: (number[] | undefined)[] = [];
  constructor(readonly m: Model, readonly project: (s: Int32Array) => string) {}

  id(s: Int32Array): number {
    const key = s.join(',');
    let n = this.ids.get(key);
    if (n === undefined) {
      n = this.states.length;
      this.ids.set(key, n);
      this.states.push(s);
      this.proj.push(this.project(s));
    }
    return n;
  }

  successors(n: number): number[] {
    let out = this.succ[n];
    if (!out) {
      const ids: number[] = [];
      successors(this.m, this.states[n], (_, w) => ids.push(this.id(w)));
      out = [...new Set(ids)];
      this.succ[n] = out;
    }
    return out;
  }

  // every B state reachable from `start` by steps that keep the projection
  closure(start: Iterable<number>): number[] {
    const seen = new Set<number>(start);
    const queue = [...seen];
    while (queue.length) {
      const n = queue.pop()!;
      for (const k of this.successors(n)) if (!seen.has(k) && this.proj[k] === this.proj[n]) { seen.add(k); queue.push(k); }
    }
    return [...seen].sort((x, y) => x - y);
  }
}

interface Node {
  readonly state: Int32Array;
  readonly set: readonly number[];
  readonly parent: number;
  readonly inst: ActionInstance | null;
}

// Is there a behaviour of A that B does not allow (over `names`)?
export function findExtraBehaviour(a: Spec, b: Spec, names: readonly string[], opts: BehaviourOptions = {}): Inclusion {
  const ma = compileModel(a, { invariants: [] });
  const mb = compileModel(b, { invariants: [] });
  const pa = projector(ma, names);
  const B = new Interned(mb, projector(mb, names));
  const maxPairs = opts.maxPairs ?? 200_000;
  const nodes: Node[] = [];
  const seen = new Set<string>();
  const changedVars = (prev: Int32Array | null, s: Int32Array): string[] => {
    const vars = names.map((n) => ma.spec.vars.findIndex((v) => v.name === n));
    return vars.filter((i) => {
      const off = ma.layout.offsets[i];
      const end = i + 1 < ma.layout.offsets.length ? ma.layout.offsets[i + 1] : ma.layout.size;
      for (let k = off; k < end; k++) if (!prev || prev[k] !== s[k]) return true;
      return false;
    }).map((i) => ma.spec.vars[i].name);
  };
  const witness = (parent: number, inst: ActionInstance | null, s: Int32Array): Inclusion => {
    const steps: TraceStep[] = [{ action: inst ? traceAction(inst) : null, state: s }];
    for (let n = parent; n >= 0; n = nodes[n].parent) steps.push({ action: nodes[n].inst ? traceAction(nodes[n].inst!) : null, state: nodes[n].state });
    steps.reverse();
    const prev = parent >= 0 ? nodes[parent].state : null;
    return { witness: { spec: a, layout: ma.layout, steps }, witnessVars: changedVars(prev, s), complete: true, pairs: nodes.length };
  };
  const push = (s: Int32Array, set: readonly number[], parent: number, inst: ActionInstance | null): boolean => {
    const key = `${s.join(',')}|${set.join(',')}`;
    if (seen.has(key)) return true;
    if (nodes.length >= maxPairs) return false;
    seen.add(key);
    nodes.push({ state: s, set, parent, inst });
    return true;
  };
  const limited = (): Inclusion => ({ witness: null, witnessVars: [], complete: false, pairs: nodes.length, note: `stopped after ${maxPairs.toLocaleString('en-US')} pairs (--max-pairs)` });
  try {
    const bInit: number[] = [];
    mb.initStates((w) => { if (admitted(mb, w)) bInit.push(B.id(w.slice())); });
    const aInit: Int32Array[] = [];
    ma.initStates((w) => { if (admitted(ma, w)) aInit.push(w.slice()); });
    for (const s of aInit) {
      const k = pa(s);
      const set = B.closure(bInit.filter((n) => B.proj[n] === k));
      if (set.length === 0) return witness(-1, null, s);
      if (!push(s, set, -1, null)) return limited();
    }
    for (let head = 0; head < nodes.length; head++) {
      const node = nodes[head];
      const k0 = pa(node.state);
      let found: Inclusion | null = null;
      let full = false;
      successors(ma, node.state, (inst, w) => {
        if (found || full) return;
        const k = pa(w);
        let set: readonly number[];
        if (k === k0) set = node.set; // B stutters (the set is closed under B's invisible steps)
        else {
          const next = new Set<number>();
          for (const o of node.set) for (const o2 of B.successors(o)) if (B.proj[o2] === k) next.add(o2);
          set = B.closure(next);
        }
        if (set.length === 0) { found = witness(head, inst, w); return; }
        if (!push(w, set, head, inst)) full = true;
      });
      if (found) return found;
      if (full) return limited();
    }
  } catch (e) {
    if (!(e instanceof EvalError)) throw e;
    return { witness: null, witnessVars: [], complete: false, pairs: nodes.length, note: `stopped by an evaluation error: ${e.message}` };
  }
  return { witness: null, witnessVars: [], complete: true, pairs: nodes.length };
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
