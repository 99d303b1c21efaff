// A counterexample as data: the action instance of each step and the state it
// reached, rebuilt by replaying the recorded successor ordinals from an
// initial state. Renderers (counterexamples/) decode and print it.
import type { Action, Spec } from '../../dsl/ir.js';
import { decode, type StateLayout } from '../compile/layout.js';
import type { ActionInstance, Model } from '../compile/model.js';
import type { StateStore } from './state-store.js';
import type { Value } from '../compile/types.js';
import { picksOf, type Pick } from './choices.js';

export interface TraceAction {
  readonly name: string;
  readonly action: Action;
  readonly args: readonly { readonly name: string; readonly value: Value }[];
  // the values its `with`s and `x in S` picked on this step (choices.ts), when known
  readonly picks?: readonly Pick[];
}

export interface TraceStep {
  readonly action: TraceAction | null; // null for the initial state
  readonly state: Int32Array; // packed; decode with decodeState
}

export interface Trace {
  readonly spec: Spec;
  readonly layout: StateLayout;
  readonly steps: readonly TraceStep[];
  // for a liveness counterexample, the step the cycle returns to
  readonly loopStart?: number;
}

export function decodeState(spec: Spec, layout: StateLayout, s: Int32Array): Value[] {
  return spec.vars.map((v, i) => decode(v.type, s, layout.offsets[i]));
}

export function traceAction(inst: ActionInstance, picks: readonly Pick[] = []): TraceAction {
  return { name: inst.action.name, action: inst.action, args: inst.action.params.map((p, i) => ({ name: p.name, value: inst.args[i] })), ...(picks.length ? { picks } : {}) };
}

// The k-th successor of s, in the fixed order the search generated them.
// Also the values its `with`s picked, so that traceAction(inst, picks) names them.
export function nthSuccessor(model: Model, s: Int32Array, k: number): { inst: ActionInstance; state: Int32Array; picks: Pick[] } {
  let seen = 0;
  let found: Int32Array | null = null;
  for (const inst of model.instances) {
    const before = seen;
    inst.fire(s, (w) => { if (seen++ === k && !found) found = w.slice(); });
    if (found) return { inst, state: found, picks: picksOf(model, inst, s, k - before) };
  }
  throw new Error(`internal: replay found no successor number ${k}`);
}

export function nthInit(model: Model, k: number): Int32Array {
  let seen = 0;
  let found: Int32Array | null = null;
  model.initStates((w) => { if (seen++ === k && !found) found = w.slice(); });
  if (!found) throw new Error(`internal: replay found no initial state number ${k}`);
  return found;
}

export function rebuildTrace(model: Model, store: StateStore, n: number): Trace {
  const path = store.pathTo(n);
  const steps: TraceStep[] = [];
  let cur = nthInit(model, store.label(path[0]));
  steps.push({ action: null, state: cur });
  for (let i = 1; i < path.length; i++) {
    const { inst, state, picks } = nthSuccessor(model, cur, store.label(path[i]));
    steps.push({ action: traceAction(inst, picks), state });
    cur = state;
  }
  return { spec: model.spec, layout: model.layout, steps };
}
