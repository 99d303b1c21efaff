// A trace as renderer-friendly data: every state decoded, the action of each
// step with its parameters, and which variables changed. Shared by the text,
// lkml, json and itf renderers, so they all tell the same story.
import type { Action, Spec, Type, VarDecl } from '../dsl/ir.js';
import type { Trace } from '../checker/store/trace.js';
import { decodeState } from '../checker/store/trace.js';
import { valueEquals, type Value } from '../checker/compile/types.js';
import { formatValue } from './format-value.js';
import { printConstValue } from '../dsl/ir-print.js';

export interface DecodedArg {
  readonly name: string;
  readonly type: Type;
  readonly value: Value;
}

export interface DecodedAction {
  readonly name: string; // `fork.lock`, `child_fault`
  readonly action: Action;
  readonly args: readonly DecodedArg[];
  readonly picks: readonly DecodedArg[]; // what its `with`s and `x in S` picked on this step
}

export interface DecodedStep {
  readonly index: number;
  readonly action: DecodedAction | null; // null for the initial state
  readonly values: readonly Value[]; // one per spec.vars
  readonly changed: readonly number[]; // indices of the variables that changed (all of them at step 0)
}

export interface DecodedTrace {
  readonly spec: Spec;
  readonly steps: readonly DecodedStep[];
  readonly loopStart?: number;
}

export function decodeTrace(trace: Trace): DecodedTrace {
  const { spec, layout } = trace;
  let prev: Value[] | null = null;
  const steps = trace.steps.map((st, index): DecodedStep => {
    const values = decodeState(spec, layout, st.state);
    const changed: number[] = [];
    values.forEach((v, i) => { if (!prev || !valueEquals(prev[i], v)) changed.push(i); });
    prev = values;
    const a = st.action;
    const action = a ? { name: a.name, action: a.action, args: a.args.map((x, i) => ({ name: x.name, type: a.action.params[i].domain, value: x.value })), picks: a.picks ?? [] } : null;
    return { index, action, values, changed };
  });
  return trace.loopStart === undefined ? { spec, steps } : { spec, steps, loopStart: trace.loopStart };
}

// `child_fault(p=p1)`, `fork.lock()`, `Move(S={m1,c1})`: the action instance
// as the text trace shows it, with the values its `with`s picked after the
// parameters.
export function actionCall(a: DecodedAction): string {
  return `${a.name}(${namedArgs([...a.args, ...a.picks])})`;
}

export function namedArgs(xs: readonly DecodedArg[]): string {
  return xs.map((x) => `${x.name}=${formatValue(x.type, x.value)}`).join(', ');
}

// Constants in --const syntax (`PAGES={p1,p2}`, `CHECK_MC=false`), in
// declaration order: what a reader needs to reproduce the run.
export function constantValues(spec: Spec): { name: string; value: string }[] {
  return spec.constants.map((c) => ({
    name: c.name,
    value: printConstValue(c),
  }));
}

export function isPcVar(v: VarDecl): boolean {
  return v.process !== undefined;
}
