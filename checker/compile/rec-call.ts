// Calls of `def rec` operators (dsl/check/rec-def.ts): each call evaluates the
// body in a fresh frame. The depth is bounded so that a recursion that does
// not end (or ends too deep) is a positioned evaluation error, not a stack
// overflow; arguments and results are checked against the declared ranges,
// which the rest of the compiled code trusts.
import type { Expr, RecOperator, Type } from '../../dsl/ir.js';
import { EvalError } from './eval-error.js';
import type { Eval } from './slot-path.js';
import { typeToString, type Value } from './types.js';

// docs/errors.md states it; test/dsl.values.test.ts reaches it
export const MAX_REC_DEPTH = 1000;

type RecCall = Extract<Expr, { op: 'recCall' }>;

interface Compiler { readonly spec: { readonly recursive?: readonly RecOperator[] }; expr(x: Expr): Eval }

// per compiler: each operator's body compiled once, and the current depth
const states = new WeakMap<Compiler, { bodies: Map<number, Eval>; depth: number }>();

function fits(t: Type): ((v: Value) => boolean) | null {
  if (t.kind !== 'int' || !Number.isFinite(t.lo) || !Number.isFinite(t.hi)) return null;
  return (v) => (v as number) >= t.lo && (v as number) <= t.hi;
}

export function compileRecCall(c: Compiler, x: RecCall): Eval {
  const op = c.spec.recursive?.[x.fn];
  if (!op) throw new Error(`internal: no recursive operator #${x.fn}`);
  let st = states.get(c);
  if (!st) states.set(c, (st = { bodies: new Map(), depth: 0 }));
  const state = st;
  const args = x.args.map((a) => c.expr(a));
  const argFits = op.params.map((p) => fits(p.domain));
  const resultFits = fits(op.result);
  const slots = op.params.map((p) => p.slot);
  const tooDeep = (): EvalError => new EvalError(`${op.name} recursed more than ${MAX_REC_DEPTH} calls deep (the limit of a recursive operator)`, x.span);
  return (s, e) => {
    const frame: Value[] = new Array(op.frameSize).fill(0);
    for (let i = 0; i < args.length; i++) {
      const v = args[i](s, e);
      const ok = argFits[i];
      if (ok && !ok(v)) throw new EvalError(`${op.name}: argument ${op.params[i].name} = ${String(v)} is outside its declared type ${typeToString(op.params[i].domain)}`, x.span);
      frame[slots[i]] = v;
    }
    if (state.depth >= MAX_REC_DEPTH) throw tooDeep();
    let body = state.bodies.get(x.fn);
    if (!body) state.bodies.set(x.fn, (body = c.expr(op.body)));
    state.depth++;
    try {
      const r = body(s, frame);
      if (resultFits && !resultFits(r)) throw new EvalError(`${op.name} returned ${String(r)}, outside its declared type ${typeToString(op.result)}`, x.span);
      return r;
    } catch (err) {
      if (err instanceof RangeError && /call stack/.test(err.message)) throw tooDeep(); // the JavaScript stack ran out first
      throw err;
    } finally {
      state.depth--;
    }
  };
}
