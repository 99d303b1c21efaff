// The executable model: the IR compiled once per check into action instances
// (schema x parameter binding), each a closure that emits successor states.
// Stateright's Model interface in spirit: init states, successors, checks.
import type { Action, Expr, Spec } from '../../dsl/ir.js';
import { bindParams } from './bind-params.js';
import { ExprCompiler } from './compile-expr.js';
import { compileBlock } from './compile-stmt.js';
import { CodeGen } from './codegen.js';
import { ConstraintSlack, varsRead } from './constraint-slack.js';
import { defaultState, layoutOf, type StateLayout } from './layout.js';
import { finiteValues, product, type Value } from './types.js';

// Successors are passed to `emit` as a working array that is only valid
// during the call: the receiver copies what it keeps.
export type Emit = (w: Int32Array) => void;

export interface ActionInstance {
  readonly id: number;
  readonly action: Action;
  readonly args: readonly Value[];
  // emits every successor of s through this instance; throws EvalError
  readonly fire: (s: Int32Array, emit: Emit) => void;
}

export interface NamedCheck {
  readonly name: string;
  readonly test: (s: Int32Array) => boolean;
}

export interface Model {
  readonly spec: Spec;
  readonly layout: StateLayout;
  readonly instances: readonly ActionInstance[];
  readonly invariants: readonly NamedCheck[];
  readonly constraints: readonly NamedCheck[];
  initStates(emit: Emit): void;
  // a compiled state predicate (properties, fairness arguments)
  predicate(expr: Expr, frameSize: number): (s: Int32Array) => boolean;
  constant(expr: Expr): Value;
  // a state where every process has finished is a normal end, not a deadlock
  isTerminated(s: Int32Array): boolean;
}

export interface CompileOptions {
  readonly invariants?: readonly string[]; // default: all
  // generate JavaScript for actions and predicates (default); false keeps the
  // closures alone, the reference the generated code is tested against
  readonly codegen?: boolean;
}

export function compileModel(spec: Spec, only?: CompileOptions): Model {
  const layout = layoutOf(spec);
  const c = new ExprCompiler(spec, layout);
  const gen = only?.codegen ?? true;
  const check = (name: string, expr: Parameters<ExprCompiler['expr']>[0], frame: number): NamedCheck => {
    const env: Value[] = new Array(frame).fill(0);
    const closures = (): ((s: Int32Array) => boolean) => { const f = c.expr(expr); return (s) => f(s, env) !== 0; };
    const fast = gen ? CodeGen.predicate(c, layout, expr, env, lazy(closures)) : null;
    if (fast) return { name, test: fast };
    return { name, test: closures() };
  };
  const wanted = only?.invariants;
  const invariants = spec.invariants.filter((i) => !wanted || wanted.includes(i.name)).map((i) => check(i.name, i.expr, i.frameSize));
  const constraints = spec.constraints.map((i) => check(i.name, i.expr, i.frameSize));
  const slack = ConstraintSlack.of(spec, layout, spec.constraints.map((i, k) => ({ vars: varsRead(i.expr), test: constraints[k].test })));
  // TLC's CONSTRAINT: out-of-range values wait for the constraints (constraint-slack.ts)
  c.slack = slack;
  const instances: ActionInstance[] = [];
  for (const action of spec.actions) {
    const bindings = product(action.params.map((p) => finiteValues(p.domain)));
    for (const args of bindings) {
      const inst = compileInstance(c, action, args, instances.length, layout, gen);
      instances.push(slack ? { ...inst, fire: (s, emit) => { slack.begin(emit); inst.fire(s, slack.pass); } } : inst);
    }
  }
  const start = defaultState(spec, layout);
  const initEnv: Value[] = new Array(spec.initFrameSize).fill(0);
  const pcs = spec.processes.map((p) => ({ off: layout.offsets[p.pcVar], n: layout.offsets[p.pcVar + 1] === undefined ? layout.size - layout.offsets[p.pcVar] : layout.offsets[p.pcVar + 1] - layout.offsets[p.pcVar], done: p.labels.length }));
  return {
    spec,
    layout,
    instances,
    invariants,
    constraints,
    predicate: (expr, frame) => check('', expr, frame).test,
    constant: (expr) => c.expr(expr)(new Int32Array(layout.size), []),
    initStates(emit) {
      if (slack) slack.begin(emit);
      const body = compileBlock(c, spec.init, slack ? slack.pass : (w) => emit(w));
      body(start.slice(), initEnv);
    },
    isTerminated(s) {
      if (pcs.length === 0) return false;
      for (const p of pcs) for (let i = 0; i < p.n; i++) if (s[p.off + i] !== p.done) return false;
      return true;
    },
  };
}

function compileInstance(c: ExprCompiler, action: Action, args: readonly Value[], id: number, layout: StateLayout, gen: boolean): ActionInstance {
  const size = layout.size;
  const env: Value[] = new Array(Math.max(action.frameSize, args.length)).fill(0);
  args.forEach((a, i) => { env[action.params[i].slot] = a; });
  const bound = bindParams(action, args);
  const fast = gen ? CodeGen.action(c, layout, bound.guard, bound.body, env, args, action.params.map((p) => p.slot), lazy(() => closureFire(c, action, args, bound, env, size))) : null;
  if (fast) return { id, action, args, fire: fast };
  return { id, action, args, fire: closureFire(c, action, args, bound, env, size) };
}

// The instance as closures: the reference, and where generated code bails.
function closureFire(c: ExprCompiler, action: Action, args: readonly Value[], bound: Action, env: Value[], size: number): (s: Int32Array, emit: Emit) => void {
  const guard = bound.guard ? c.expr(bound.guard) : null;
  const scratch = new Int32Array(size);
  let sink: Emit = () => {};
  const body = compileBlock(c, bound.body, (w) => sink(w));
  const fire = (s: Int32Array, emit: Emit): void => {
    if (guard !== null && guard(s, env) === 0) return;
    // the guard and the body may bind locals; parameters must survive them
    for (let i = 0; i < args.length; i++) env[action.params[i].slot] = args[i];
    scratch.set(s);
    sink = emit;
    body(scratch, env);
  };
  return fire;
}

// f's result, computed on the first call.
function lazy<T>(f: () => T): () => T {
  let v: T | undefined;
  return () => (v ??= f());
}
