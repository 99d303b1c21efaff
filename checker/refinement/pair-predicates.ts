// Action properties ([][A]_v) compiled once over the pair state (s, t): the
// IR reads variable i of s as index i and of t as vars.length + i
// (dsl/ir.ts), which is the layout of a spec whose variables are this one's
// twice, so the ordinary compiler evaluates them on s and t side by side.
import type { Spec } from '../../dsl/ir.js';
import { compileModel } from '../compile/model.js';

export interface PairCheck {
  readonly name: string;
  readonly test: (s: Int32Array, t: Int32Array) => boolean;
}

export function compileActionProperties(spec: Spec): PairCheck[] {
  const props = spec.actionProperties ?? [];
  if (!props.length) return [];
  const { refinement: _r, actionProperties: _a, ...rest } = spec;
  const pair: Spec = {
    ...rest, vars: [...spec.vars, ...spec.vars.map((v) => ({ ...v, name: `${v.name}'` }))],
    init: [], actions: [], processes: [], invariants: [], properties: [], fairness: [], constraints: [], symmetric: [],
  };
  const model = compileModel(pair, { invariants: [] });
  const half = model.layout.size / 2;
  const buf = new Int32Array(model.layout.size);
  return props.map((p) => {
    const f = model.predicate(p.expr, p.frameSize);
    return { name: p.name, test: (s, t) => { buf.set(s); buf.set(t, half); return f(buf); } };
  });
}
