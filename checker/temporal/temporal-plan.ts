// Temporal properties normalised to the shapes the checker decides, with
// their state predicates compiled once and evaluated on every new state.
import type { Temporal } from '../../dsl/ir.js';
import type { Model } from '../compile/model.js';

export type Obligation =
  | { readonly kind: 'init'; readonly p: number } // P: holds in every initial state
  | { readonly kind: 'always'; readonly p: number } // []P
  | { readonly kind: 'eventually'; readonly p: number } // <>P
  | { readonly kind: 'leadsto'; readonly p: number; readonly q: number } // P ~> Q, [](P => <>Q)
  | { readonly kind: 'infOften'; readonly p: number } // []<>P
  | { readonly kind: 'eventuallyAlways'; readonly p: number }; // <>[]P

export interface PlannedProperty {
  readonly name: string;
  readonly obligations: readonly Obligation[] | null;
  readonly unsupported?: string;
}

export const MAX_PREDICATES = 32;

export class TemporalPlan {
  readonly preds: ((s: Int32Array) => boolean)[] = [];
  readonly properties: PlannedProperty[];

  constructor(model: Model) {
    this.properties = model.spec.properties.map((p) => {
      const before = this.preds.length;
      const obligations = this.normalise(p.formula, model, p.frameSize);
      if (!obligations || this.preds.length > MAX_PREDICATES) {
        this.preds.length = before;
        return {
          name: p.name, obligations: null,
          unsupported: !obligations
            ? 'this shape of temporal formula is not supported yet (use []P, <>P, P ~> Q, []<>P, <>[]P, [](P => <>Q) and && of these)'
            : `more than ${MAX_PREDICATES} state predicates in the properties`,
        };
      }
      return { name: p.name, obligations };
    });
  }

  get active(): boolean {
    return this.properties.some((p) => p.obligations !== null);
  }

  bitsOf(s: Int32Array): number {
    let b = 0;
    for (let i = 0; i < this.preds.length; i++) if (this.preds[i](s)) b |= 1 << i;
    return b;
  }

  private pred(t: Temporal, model: Model, frame: number): number | null {
    if (t.op !== 'state') return null;
    this.preds.push(model.predicate(t.expr, frame));
    return this.preds.length - 1;
  }

  private normalise(t: Temporal, model: Model, frame: number): Obligation[] | null {
    const P = (x: Temporal) => this.pred(x, model, frame);
    switch (t.op) {
      case 'and': {
        const a = this.normalise(t.left, model, frame);
        const b = a && this.normalise(t.right, model, frame);
        return a && b ? [...a, ...b] : null;
      }
      case 'state': { const p = P(t); return p === null ? null : [{ kind: 'init', p }]; }
      case 'leadsto': {
        if (t.left.op !== 'state' || t.right.op !== 'state') return null;
        return [{ kind: 'leadsto', p: P(t.left)!, q: P(t.right)! }];
      }
      case 'eventually': {
        if (t.arg.op === 'state') return [{ kind: 'eventually', p: P(t.arg)! }];
        if (t.arg.op === 'always' && t.arg.arg.op === 'state') return [{ kind: 'eventuallyAlways', p: P(t.arg.arg)! }];
        return null;
      }
      case 'always': {
        const a = t.arg;
        if (a.op === 'state') return [{ kind: 'always', p: P(a)! }];
        if (a.op === 'eventually' && a.arg.op === 'state') return [{ kind: 'infOften', p: P(a.arg)! }];
        if (a.op === 'leadsto') return this.normalise(a, model, frame); // [](P ~> Q) = P ~> Q
        if (a.op === 'implies' && a.left.op === 'state' && a.right.op === 'eventually' && a.right.arg.op === 'state') {
          return [{ kind: 'leadsto', p: P(a.left)!, q: P(a.right.arg)! }];
        }
        if (a.op === 'and') return this.normalise({ op: 'and', left: { op: 'always', arg: a.left }, right: { op: 'always', arg: a.right } }, model, frame);
        return null;
      }
      default: return null;
    }
  }
}
