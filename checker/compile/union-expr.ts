// Tagged unions (`type Msg = Prepared(rm: RM) | Commit`) as closures: a value
// is List([variant index, ...its fields]); `match` runs the arm of the
// target's variant with the fields bound to the arm's locals.
import { List } from 'immutable';
import type { Expr } from '../../dsl/ir.js';
import { EvalError } from './eval-error.js';
import type { Eval } from './slot-path.js';
import type { Value } from './types.js';

type VariantExpr = Extract<Expr, { op: 'variant' }>;
type MatchExpr = Extract<Expr, { op: 'match' }>;
interface Compiler { expr(x: Expr): Eval }

export function compileVariant(c: Compiler, x: VariantExpr): Eval {
  const args = x.args.map((a) => c.expr(a));
  const tag = x.tag;
  return (s, e) => List<Value>([tag, ...args.map((f) => f(s, e) as Value)]);
}

export function compileMatch(c: Compiler, x: MatchExpr): Eval {
  const target = c.expr(x.target);
  const arms: ({ slots: readonly number[]; body: Eval } | undefined)[] = [];
  for (const a of x.arms) arms[a.tag] = { slots: a.slots, body: c.expr(a.body) };
  const other = x.other ? c.expr(x.other) : null;
  return (s, e) => {
    const v = target(s, e) as List<Value>;
    const arm = arms[v.get(0) as number];
    if (arm) {
      for (let i = 0; i < arm.slots.length; i++) e[arm.slots[i]] = v.get(i + 1) as Value;
      return arm.body(s, e);
    }
    if (other) return other(s, e);
    // the checker makes arms exhaustive; kept for IR built by other means
    throw new EvalError(`match has no arm for variant ${String(v.get(0))}`, x.span);
  };
}
