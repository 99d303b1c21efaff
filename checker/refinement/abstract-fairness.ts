// The abstract spec's fairness as an obligation on this spec's fair
// behaviours (TLA+'s Spec => Abstract!Spec includes Abstract's WF / SF):
// each state of this spec is mapped once, as it is found, to an abstract
// state (numbered here); "A is enabled" is read at the mapped state and
// "the step s -> t takes A" means the abstract spec's A steps from map(s) to
// map(t) ≠ map(s). Conditions take every form fair-sets.ts reads, their
// state-read arguments evaluated on the mapped abstract state.
import type { Expr, Fairness } from '../../dsl/ir.js';
import { EvalError } from '../compile/eval-error.js';
import type { Model } from '../compile/model.js';
import { FairArgs } from '../temporal/fair-sets.js';
import type { MappedFairness } from '../temporal/temporal-plan.js';
import { AbstractSteps } from './abstract-steps.js';

export class AbstractFairness implements MappedFairness {
  readonly name: string;
  readonly abstract: Model;
  readonly conditions: readonly { readonly kind: 'weak' | 'strong'; readonly label: string }[];
  private readonly steps: AbstractSteps;
  private readonly args: FairArgs;
  private absOf = new Int32Array(1 << 10); // concrete state -> abstract state number
  private recorded = 0;
  private readonly ids = new Map<string, number>();
  private readonly states: Int32Array[] = [];
  // per abstract state, once asked: its successors (abstract number -> the instances that make that step)
  private readonly succ: (Map<number, number[]> | undefined)[] = [];

  constructor(model: Model) {
    const r = model.spec.refinement!;
    this.name = r.name;
    this.steps = new AbstractSteps(model.spec, r);
    this.abstract = this.steps.abstract;
    this.args = new FairArgs(this.abstract);
    this.conditions = r.abstract.fairness.map((f) => ({ kind: f.kind, label: label(f) }));
  }

  // Called for every new state n of this spec (its values in w), in any order.
  record(n: number, w: Int32Array): void {
    if (n >= this.absOf.length) { const a = new Int32Array(Math.max(n + 1, this.absOf.length * 2)); a.set(this.absOf); this.absOf = a; }
    this.absOf[n] = this.intern(this.steps.map(w));
    this.recorded++;
  }

  // How many states record() has seen (the liveness check asks that it saw every one).
  get count(): number { return this.recorded; }

  mapped(s: number): Int32Array { return this.states[this.absOf[s]]; }

  enabled(c: number, s: number): boolean {
    const a = this.absOf[s];
    for (const [b, insts] of this.successors(a)) if (b !== a && insts.some((i) => this.args.matches(c, a, i))) return true;
    return false;
  }

  step(c: number, s: number, t: number): boolean {
    const a = this.absOf[s], b = this.absOf[t];
    if (a === b) return false; // a stutter of the abstract spec is no step of its action
    const insts = this.successors(a).get(b);
    return !!insts && insts.some((i) => this.args.matches(c, a, i));
  }

  private intern(a: Int32Array): number {
    const k = a.join(',');
    let id = this.ids.get(k);
    if (id === undefined) {
      id = this.states.length;
      this.ids.set(k, id);
      this.states.push(a);
      this.args.record(id, a);
    }
    return id;
  }

  private successors(a: number): Map<number, number[]> {
    let m = this.succ[a];
    if (m) return m;
    const found = new Map<number, number[]>();
    const from = this.states[a];
    try {
      for (const inst of this.abstract.instances) {
        // interned after the firing: interning evaluates the abstract model's predicates
        const out: Int32Array[] = [];
        inst.fire(from, (w) => { out.push(w.slice()); });
        for (const w of out) {
          const b = this.intern(w);
          const list = found.get(b);
          if (!list) found.set(b, [inst.id]); else if (!list.includes(inst.id)) list.push(inst.id);
        }
      }
    } catch (e) {
      if (e instanceof EvalError) throw new EvalError(`in the abstract spec ${this.name}: ${e.message}`, e.span);
      throw e;
    }
    this.succ[a] = m = found;
    return m;
  }
}

// `weak(acquire)`, `strong(A(p1) | B)`, `weak(serve(turn))`: a compound argument shows as `…`.
function label(f: Fairness): string {
  const arg = (e: Expr): string => {
    if (e.op === 'var' || e.op === 'local') return e.name;
    if (e.op === 'apply') return `${arg(e.target)}[${arg(e.arg)}]`;
    if (e.op === 'field') return `${arg(e.target)}.${e.name}`;
    if (e.op !== 'lit') return '…';
    const t = e.type;
    if (t.kind === 'enum') return t.members[e.value];
    if (t.kind === 'bool') return e.value ? 'true' : 'false';
    return String(e.value);
  };
  const one = (a: { readonly action: string; readonly args: readonly Expr[] | null }) => (a.args === null ? a.action : `${a.action}(${a.args.map(arg).join(', ')})`);
  return `${f.kind}(${[f, ...(f.or ?? [])].map(one).join(' | ')})`;
}
