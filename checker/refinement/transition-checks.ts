// What the search asks of every transition (s, t) besides invariants: the
// action properties [][A]_v and the refinement of an abstract spec (one
// object, so that the engines have one hook). Checks run on the concrete
// successor before symmetry reduction: each is a real step of the spec.
import type { Spec } from '../../dsl/ir.js';
import type { Model } from '../compile/model.js';
import { AbstractSteps } from './abstract-steps.js';
import { compileActionProperties, type PairCheck } from './pair-predicates.js';

export type TransitionFailure =
  | { readonly kind: 'action-property'; readonly name: string }
  // before: null when an initial state maps to no abstract initial state
  | { readonly kind: 'refinement'; readonly name: string; readonly before: Int32Array | null; readonly after: Int32Array };

export class TransitionChecks {
  private readonly pairs: readonly PairCheck[];
  readonly refinement: AbstractSteps | null;

  // refinement: false leaves it out (under symmetry reduction it is not checked)
  constructor(model: Model, opts: { readonly refinement: boolean }) {
    const spec: Spec = model.spec;
    this.pairs = compileActionProperties(spec);
    this.refinement = spec.refinement && opts.refinement ? new AbstractSteps(spec, spec.refinement) : null;
  }

  get active(): boolean {
    return this.pairs.length > 0 || this.refinement !== null;
  }

  get checksInit(): boolean {
    return this.refinement !== null;
  }

  // An initial state: does it map to an abstract initial state?
  checkInit(s: Int32Array): TransitionFailure | null {
    const r = this.refinement;
    if (!r) return null;
    const a = r.map(s);
    return r.isInit(a) ? null : { kind: 'refinement', name: r.refinement.name, before: null, after: a };
  }

  // the abstract state of the parent whose successors are being checked
  private parent = -1;
  private mapped: Int32Array | null = null;

  // Every failure of the step s -> t, action properties first (declaration
  // order); `parent` numbers s, so that it is mapped once for all its successors.
  checkStep(parent: number, s: Int32Array, t: Int32Array, out: TransitionFailure[]): void {
    for (const p of this.pairs) if (!p.test(s, t)) out.push({ kind: 'action-property', name: p.name });
    const r = this.refinement;
    if (r) {
      if (parent !== this.parent || !this.mapped) { this.mapped = r.map(s); this.parent = parent; }
      const a = this.mapped;
      const b = r.map(t);
      if (!r.allows(a, b)) out.push({ kind: 'refinement', name: r.refinement.name, before: a, after: b });
    }
  }
}
