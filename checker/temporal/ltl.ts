// LTL over state predicates in negation normal form: what the Büchi
// automaton (buchi.ts) is built from. No next operator, so every formula is
// stutter-invariant, as TLA+'s are.
import type { Temporal } from '../../dsl/ir.js';

export type Ltl =
  | { readonly op: 'true' | 'false' }
  | { readonly op: 'atom'; readonly atom: number; readonly neg: boolean } // atom: index into the formula's state predicates
  | { readonly op: 'and' | 'or'; readonly l: Ltl; readonly r: Ltl }
  | { readonly op: 'U' | 'R'; readonly l: Ltl; readonly r: Ltl }; // l U r (until), l R r (release)

type StateNode = Extract<Temporal, { op: 'state' }>;

const TRUE: Ltl = { op: 'true' };
const FALSE: Ltl = { op: 'false' };

// The state predicates of a formula in the order toLtl numbers them (a
// quantified formula contributes those of its instances, not of its body).
export function atomsOf(t: Temporal, out: StateNode[] = []): StateNode[] {
  switch (t.op) {
    case 'state': out.push(t); break;
    case 'always': case 'eventually': case 'not': atomsOf(t.arg, out); break;
    case 'quant': for (const c of t.cases) atomsOf(c.arg, out); break;
    default: atomsOf(t.left, out); atomsOf(t.right, out);
  }
  return out;
}

// t (or !t with negate) in negation normal form; atoms numbered as atomsOf.
export function toLtl(t: Temporal, negate: boolean): Ltl {
  let next = 0;
  const go = (f: Temporal, neg: boolean): Ltl => {
    switch (f.op) {
      case 'state': return { op: 'atom', atom: next++, neg };
      case 'not': return go(f.arg, !neg);
      // []a = false R a, <>a = true U a; their negations swap
      case 'always': { const a = go(f.arg, neg); return neg ? { op: 'U', l: TRUE, r: a } : { op: 'R', l: FALSE, r: a }; }
      case 'eventually': { const a = go(f.arg, neg); return neg ? { op: 'R', l: FALSE, r: a } : { op: 'U', l: TRUE, r: a }; }
      case 'and': case 'or': {
        const l = go(f.left, neg);
        const r = go(f.right, neg);
        return { op: (f.op === 'and') !== neg ? 'and' : 'or', l, r };
      }
      case 'implies': { // a => b = !a || b
        const l = go(f.left, !neg);
        const r = go(f.right, neg);
        return { op: neg ? 'and' : 'or', l, r };
      }
      case 'leadsto': { // a ~> b = [](!a || <>b)
        const l = go(f.left, !neg);
        const r = go(f.right, neg);
        return neg
          ? { op: 'U', l: TRUE, r: { op: 'and', l, r: { op: 'R', l: FALSE, r } } } // <>(a && []!b)
          : { op: 'R', l: FALSE, r: { op: 'or', l, r: { op: 'U', l: TRUE, r } } };
      }
      case 'quant': { // forall: the && of its instances; exists: the ||
        const parts = f.cases.map((c) => go(c.arg, neg));
        const op = (f.q === 'forall') !== neg ? 'and' : 'or';
        if (parts.length === 0) return op === 'and' ? TRUE : FALSE;
        return parts.reduce((l, r) => ({ op, l, r }));
      }
    }
  }
  return go(t, negate);
}
