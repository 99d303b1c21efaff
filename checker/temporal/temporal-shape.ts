// Which temporal formulas take a fast path, without compiling anything: the
// one place that knows the common shapes. Every other formula is decided on
// the product of its negation's Büchi automaton with the state graph
// (product.ts); planOf splits a property into conjuncts and picks for each.
// Read by TemporalPlan (which compiles the state predicates) and by the CLI
// (which refuses, up front, what would exceed the checker's limits).
import type { Temporal } from '../../dsl/ir.js';
import { buildBuchi, type Buchi } from './buchi.js';
import { atomsOf, toLtl } from './ltl.js';

type State = Extract<Temporal, { op: 'state' }>;

export type ShapeObligation = (
  | { readonly kind: 'init' | 'always' | 'eventually' | 'infOften' | 'eventuallyAlways'; readonly p: State }
  | { readonly kind: 'leadsto'; readonly p: State; readonly q: State } // P ~> Q, [](P => <>Q)
  // any other formula: the automaton of its negation, over its state predicates `atoms`
  | { readonly kind: 'ltl'; readonly atoms: readonly State[]; readonly negation: Buchi }
) & { readonly instance?: string }; // the values of a top-level forall this conjunct is for, e.g. "p2"

export type Shape =
  | { readonly ok: true; readonly obligations: readonly ShapeObligation[] }
  | { readonly ok: false; readonly why: string }; // the first unsupported part, in words

// At most this many state predicates over all properties (one bit each per state).
export const MAX_PREDICATES = 32;

const ok = (obligations: ShapeObligation[]): Shape => ({ ok: true, obligations });
const no = (why: string): Shape => ({ ok: false, why });

// The conjuncts of a property, each with a fast path when it has a common
// shape, else decided on the product; a top-level forall gives one conjunct
// per value, labelled with it.
export function planOf(t: Temporal, instance?: string): Shape {
  const both = (a: Shape, b: Shape): Shape => (!a.ok ? a : !b.ok ? b : ok([...a.obligations, ...b.obligations]));
  if (t.op === 'and') return both(planOf(t.left, instance), planOf(t.right, instance));
  if (t.op === 'always' && t.arg.op === 'and') return both(planOf({ op: 'always', arg: t.arg.left }, instance), planOf({ op: 'always', arg: t.arg.right }, instance));
  if (t.op === 'quant' && t.q === 'forall') {
    return t.cases.reduce<Shape>((acc, c) => both(acc, planOf(c.arg, instance === undefined ? c.label : `${instance},${c.label}`)), ok([]));
  }
  const fast = shapeOf(t);
  const tag = (o: ShapeObligation): ShapeObligation => (instance === undefined ? o : { ...o, instance });
  if (fast.ok) return ok(fast.obligations.map(tag));
  const negation = buildBuchi(toLtl(t, true));
  return negation.ok ? ok([tag({ kind: 'ltl', atoms: atomsOf(t), negation: negation.buchi })]) : no(`the formula is too large to check: ${negation.why}`);
}

export function shapeOf(t: Temporal): Shape {
  switch (t.op) {
    case 'state': return ok([{ kind: 'init', p: t }]);
    case 'and': {
      const a = shapeOf(t.left);
      if (!a.ok) return a;
      const b = shapeOf(t.right);
      return b.ok ? ok([...a.obligations, ...b.obligations]) : b;
    }
    case 'leadsto':
      return t.left.op === 'state' && t.right.op === 'state' ? ok([{ kind: 'leadsto', p: t.left, q: t.right }]) : no('~> between temporal formulas (both sides must be state predicates)');
    case 'eventually': {
      const a = t.arg;
      if (a.op === 'state') return ok([{ kind: 'eventually', p: a }]);
      if (a.op === 'always' && a.arg.op === 'state') return ok([{ kind: 'eventuallyAlways', p: a.arg }]);
      return no(`<> applied to ${describe(a)}`);
    }
    case 'always': {
      const a = t.arg;
      if (a.op === 'state') return ok([{ kind: 'always', p: a }]);
      if (a.op === 'eventually' && a.arg.op === 'state') return ok([{ kind: 'infOften', p: a.arg }]);
      if (a.op === 'leadsto') return shapeOf(a); // [](P ~> Q) = P ~> Q
      if (a.op === 'implies' && a.left.op === 'state' && a.right.op === 'eventually' && a.right.arg.op === 'state') {
        return ok([{ kind: 'leadsto', p: a.left, q: a.right.arg }]);
      }
      if (a.op === 'and') return shapeOf({ op: 'and', left: { op: 'always', arg: a.left }, right: { op: 'always', arg: a.right } });
      return no(`[] applied to ${describe(a)}`);
    }
    case 'quant': return no(`${t.q} over a temporal formula`);
    case 'not': return no('! (negation) of a temporal formula');
    case 'or': return no('|| between temporal formulas');
    case 'implies': return no('=> between temporal formulas (only [](P => <>Q) is decided)');
  }
}

function describe(t: Temporal): string {
  switch (t.op) {
    case 'state': return 'a state predicate';
    case 'always': return t.arg.op === 'state' ? '[]P' : 'a [] formula';
    case 'eventually': return t.arg.op === 'state' ? '<>P' : 'a <> formula';
    case 'leadsto': return 'a ~> formula';
    case 'not': return 'a negation';
    case 'or': return 'an || of temporal formulas';
    case 'implies': return 'an => between temporal formulas';
    case 'and': return 'an && of temporal formulas';
    case 'quant': return `a ${t.q} over a temporal formula`;
  }
}

// Every property's plan, with the predicate budget applied in declaration
// order (as TemporalPlan spends it).
// The CLI's refusal and the checker both ask: the automata are built once.
const planned = new WeakMap<Temporal, Shape>();

export function shapesOf(properties: readonly { readonly formula: Temporal }[]): Shape[] {
  let preds = 0;
  return properties.map((p) => {
    let s = planned.get(p.formula);
    if (!s) { s = planOf(p.formula); planned.set(p.formula, s); }
    if (!s.ok) return s;
    const n = s.obligations.reduce((k, o) => k + (o.kind === 'leadsto' ? 2 : o.kind === 'ltl' ? o.atoms.length : 1), 0);
    if (preds + n > MAX_PREDICATES) return no(`its formula uses more than ${MAX_PREDICATES} state predicates in the properties together`);
    preds += n;
    return s;
  });
}
