// What a search worker does with a batch of frontier states: fire every
// action instance on each, in the same order as the one-thread search, and
// describe each successor for the coordinator, which numbers the new ones.
// Record layout (Int32 words), per parent: successor count, deadlock flag;
// then per successor: instance id, kind, fp1, fp2, predicate bits, orbit
// size, and the state's slots (omitted for an evaluation error, which ends
// the batch). kind: CUT (constraint), OK, EVAL_ERR. Invariants are left to
// the coordinator: it checks them once per new state.
import type { Span, Spec } from '../dsl/ir.js';
import { EvalError } from './eval-error.js';
import { fingerprint } from './fingerprint-set.js';
import { compileModel, type Model } from './model.js';
import { Symmetry } from './symmetry.js';
import { TemporalPlan } from './temporal-plan.js';

export const KIND = { CUT: 0, OK: 1, EVAL_ERR: 2 } as const;
export const HEADER = 2;
export const FIELDS = 6;

export interface WorkerSetup {
  readonly spec: Spec;
  readonly invariants?: readonly string[];
  readonly temporal: boolean;
  readonly symmetry: boolean;
}

export interface BatchError { readonly message: string; readonly span?: Span }

export interface BatchResult {
  readonly records: Int32Array;
  readonly errors: readonly BatchError[]; // of the EVAL_ERR record that ends the batch, if any
}

export class BatchExpander {
  private readonly model: Model;
  private readonly plan: TemporalPlan | null;
  private readonly sym: Symmetry | null;
  private out = new Int32Array(1 << 16);
  private len = 0;

  constructor(setup: WorkerSetup) {
    this.model = compileModel(setup.spec, { invariants: [] });
    const spec = setup.spec;
    this.sym = setup.symmetry && spec.symmetric.length ? new Symmetry(spec, this.model.layout, spec.symmetric) : null;
    const plan = setup.temporal && !this.sym ? new TemporalPlan(this.model) : null;
    this.plan = plan?.active ? plan : null;
  }

  private push(x: number): void {
    if (this.len === this.out.length) { const o = new Int32Array(this.len * 2); o.set(this.out); this.out = o; }
    this.out[this.len++] = x;
  }

  expand(states: Int32Array, count: number): BatchResult {
    const { model, plan, sym } = this;
    const size = model.layout.size;
    const narrow = model.layout.maxSpan <= 0xff;
    const fp = new Uint32Array(2);
    const errors: BatchError[] = [];
    this.len = 0;
    let instId = 0;
    let succ = 0;
    const emit = (w: Int32Array): void => {
      succ++;
      this.push(instId);
      const kindAt = this.len;
      this.push(KIND.OK);
      for (const c of model.constraints) if (!c.test(w)) { this.out[kindAt] = KIND.CUT; return; }
      fingerprint(sym ? sym.canonical(w) : w, size, fp, narrow);
      this.push(fp[0] | 0); this.push(fp[1] | 0);
      this.push(plan ? plan.bitsOf(w) : 0);
      this.push(sym ? sym.lastOrbitSize : 1);
      if (this.len + size > this.out.length) { const o = new Int32Array(this.out.length * 2 + size); o.set(this.out); this.out = o; }
      this.out.set(w, this.len);
      this.len += size;
    };
    const cur = new Int32Array(size);
    for (let p = 0; p < count; p++) {
      cur.set(states.subarray(p * size, (p + 1) * size));
      const headerAt = this.len;
      this.push(0); this.push(0);
      succ = 0;
      try {
        for (let i = 0; i < model.instances.length; i++) { instId = i; model.instances[i].fire(cur, emit); }
      } catch (e) {
        if (!(e instanceof EvalError)) throw e;
        this.push(instId); this.push(KIND.EVAL_ERR);
        errors.push({ message: e.message, span: e.span });
        this.out[headerAt] = succ + 1;
        return { records: this.out.slice(0, this.len), errors };
      }
      this.out[headerAt] = succ;
      this.out[headerAt + 1] = succ === 0 && !model.isTerminated(cur) ? 1 : 0;
    }
    return { records: this.out.slice(0, this.len), errors };
  }
}
