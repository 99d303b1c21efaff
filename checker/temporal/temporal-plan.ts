// Temporal properties normalised to what the checker decides
// (temporal-shape.ts): fast-path shapes, or the Büchi automaton of a
// formula's negation; their state predicates compiled once and evaluated on
// every new state.
import type { Expr } from '../../dsl/ir.js';
import type { Buchi } from './buchi.js';
import { shapesOf } from './temporal-shape.js';
import type { Model } from '../compile/model.js';

export type Obligation = (
  | { readonly kind: 'init'; readonly p: number } // P: holds in every initial state
  | { readonly kind: 'always'; readonly p: number } // []P
  | { readonly kind: 'eventually'; readonly p: number } // <>P
  | { readonly kind: 'leadsto'; readonly p: number; readonly q: number } // P ~> Q, [](P => <>Q)
  | { readonly kind: 'infOften'; readonly p: number } // []<>P
  | { readonly kind: 'eventuallyAlways'; readonly p: number } // <>[]P
  // any other formula (product.ts): atom i of the automaton is predicate atoms[i]
  | { readonly kind: 'ltl'; readonly atoms: readonly number[]; readonly negation: Buchi }
) & { readonly instance?: string }; // which value of a top-level forall, e.g. "p2"

export interface PlannedProperty {
  readonly name: string;
  readonly obligations: readonly Obligation[] | null;
  readonly unsupported?: string;
}

// The abstract spec's fairness under a refinement, read on this spec's graph
// (checker/refinement/abstract-fairness.ts; the search builds it, the plan carries it).
export interface MappedFairness {
  readonly name: string; // the abstract spec's
  readonly abstract: Model;
  readonly conditions: readonly { readonly kind: 'weak' | 'strong'; readonly label: string }[];
  readonly count: number; // states recorded
  record(n: number, w: Int32Array): void; // every new state, as bits are taken
  mapped(s: number): Int32Array; // the abstract state of state s
  enabled(c: number, s: number): boolean; // condition c's action enabled at the mapped state of s
  step(c: number, s: number, t: number): boolean; // s -> t maps to a step of condition c's action
}

export class TemporalPlan {
  readonly preds: ((s: Int32Array) => boolean)[] = [];
  readonly properties: PlannedProperty[];

  constructor(model: Model, readonly mappedFairness: MappedFairness | null = null) {
    const shapes = shapesOf(model.spec.properties);
    this.properties = model.spec.properties.map((p, i) => {
      const shape = shapes[i];
      if (!shape.ok) return { name: p.name, obligations: null, unsupported: shape.why };
      const P = (t: { readonly expr: Expr }) => { this.preds.push(model.predicate(t.expr, p.frameSize)); return this.preds.length - 1; };
      const at = (o: { readonly instance?: string }) => (o.instance === undefined ? {} : { instance: o.instance });
      const obligations = shape.obligations.map((o): Obligation => (o.kind === 'leadsto' ? { kind: 'leadsto', p: P(o.p), q: P(o.q), ...at(o) }
        : o.kind === 'ltl' ? { kind: 'ltl', atoms: o.atoms.map(P), negation: o.negation, ...at(o) }
        : { kind: o.kind, p: P(o.p), ...at(o) }));
      return { name: p.name, obligations };
    });
  }

  get active(): boolean {
    return this.properties.some((p) => p.obligations !== null) || this.mappedFairness !== null;
  }

  // Per-state records besides the bits (the mapped abstract state), state n's values in w.
  record(n: number, w: Int32Array): void {
    this.mappedFairness?.record(n, w);
  }

  bitsOf(s: Int32Array): number {
    let b = 0;
    for (let i = 0; i < this.preds.length; i++) if (this.preds[i](s)) b |= 1 << i;
    return b;
  }
}
