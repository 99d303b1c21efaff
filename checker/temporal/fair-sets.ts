// The declared fairness conditions on the state graph: for each condition,
// which edges are steps of its action. A condition names one or more actions
// (`weak(A | B)`: their union as one action), each as a whole, one instance,
// a partial instance (a prefix of the arguments) or an instance with
// arguments read from the state the step starts from
// (`weak(Return(c, alloc[c]))`, TLA+'s WF_vars(Return(c, alloc[c]))). The
// search may free states as it goes, so those arguments are evaluated when
// each state is found (FairArgs.record) and kept per state.
import type { Expr, FairAction, Fairness, Type } from '../../dsl/ir.js';
import type { Model } from '../compile/model.js';
import { finiteValues, valueEquals, type Value } from '../compile/types.js';

export interface FairSet {
  readonly kind: 'weak' | 'strong';
  readonly edge: Uint8Array; // by edge index of the graph: 1 when that step is one of the action's
}

const NO_VALUE = -0x80000000; // a state-read argument outside the parameter's domain: no instance matches

// One state-read argument: its value in every state found, as the index of
// the parameter's domain value it equals.
interface Column {
  readonly tests: ((s: Int32Array) => boolean)[]; // argument == domain value i
  vals: Int32Array;
}

// How an action of a condition matches an instance: statically (name and
// constant arguments), then, for each state-read argument, the column that
// holds its value in the step's source state.
interface Matcher {
  readonly static: Uint8Array; // by instance id
  readonly dynamic: readonly { readonly arg: number; readonly col: Column; readonly domain: readonly Value[] }[];
}

export class FairArgs {
  private readonly columns: Column[] = [];
  readonly matchers: (readonly Matcher[])[]; // per condition, per action of it

  constructor(private readonly model: Model) {
    this.matchers = model.spec.fairness.map((f) => [f, ...(f.or ?? [])].map((a) => this.matcher(f, a)));
  }

  // Called for every new state n (its values in w) while the graph is built.
  record(n: number, w: Int32Array): void {
    for (const c of this.columns) {
      if (n >= c.vals.length) { const v = new Int32Array(Math.max(n + 1, c.vals.length * 2)); v.set(c.vals); c.vals = v; }
      let found = NO_VALUE;
      for (let i = 0; i < c.tests.length; i++) {
        let ok = false;
        try { ok = c.tests[i](w); } catch { ok = false; } // an argument that cannot be evaluated here names no instance
        if (ok) { found = i; break; }
      }
      c.vals[n] = found;
    }
  }

  private matcher(f: Fairness, a: FairAction): Matcher {
    const stat = new Uint8Array(this.model.instances.length);
    const dynamic: { arg: number; col: Column; domain: readonly Value[] }[] = [];
    const args = a.args ?? [];
    const consts = args.map((e) => (e.op === 'lit' ? this.model.constant(e) : null));
    let columnsMade = false;
    for (const inst of this.model.instances) {
      const named = inst.action.name === a.action || inst.action.process?.name === a.action;
      if (!named || args.length > inst.args.length) continue;
      if (!consts.every((c, i) => c === null || valueEquals(c, inst.args[i]))) continue;
      stat[inst.id] = 1;
      if (!columnsMade) {
        columnsMade = true;
        args.forEach((e, i) => { if (consts[i] === null) dynamic.push({ arg: i, ...this.column(e, inst.action.params[i].domain, f.frameSize ?? 0) }); });
      }
    }
    return { static: stat, dynamic };
  }

  private column(e: Expr, domain: Type, frame: number): { col: Column; domain: readonly Value[] } {
    const values = finiteValues(domain);
    const tests = values.map((v) => this.model.predicate({ op: 'bin', fn: 'eq', left: e, right: { op: 'lit', value: v as number, type: domain }, type: { kind: 'bool' } }, frame));
    const col: Column = { tests, vals: new Int32Array(1 << 10) };
    this.columns.push(col);
    return { col, domain: values };
  }

  // Does edge j (from state s, made by instance inst) belong to condition f?
  matches(f: number, s: number, inst: number): boolean {
    const args = this.model.instances[inst].args;
    for (const m of this.matchers[f]) {
      if (!m.static[inst]) continue;
      if (m.dynamic.every((d) => { const i = d.col.vals[s]; return i !== NO_VALUE && valueEquals(d.domain[i], args[d.arg]); })) return true;
    }
    return false;
  }
}

// Every condition's edge set on the finished graph.
// (g: the StateGraph, by shape: state-graph.ts imports this file)
export function fairSets(model: Model, g: { readonly states: number; readonly edges: number; readonly start: Uint32Array; readonly inst: Uint32Array }, args: FairArgs): FairSet[] {
  return model.spec.fairness.map((f, fi) => {
    const edge = new Uint8Array(g.edges);
    for (let s = 0; s < g.states; s++) {
      for (let j = g.start[s], end = g.start[s + 1]; j < end; j++) if (args.matches(fi, s, g.inst[j])) edge[j] = 1;
    }
    return { kind: f.kind, edge };
  });
}
