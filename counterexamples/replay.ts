// Replay: is a trace (ITF or uffd-spec JSON) a behaviour of the spec? The
// first state must be an initial state and each next state a successor of
// the previous one under some action instance of the compiled model. When a
// step is not, say why: for the action the trace names, which conjunct of
// its guard is false, or which variables differ from its closest successor.
import { readFileSync } from 'node:fs';
import type { Expr, Spec } from '../dsl/ir.js';
import { bindParams } from '../checker/compile/bind-params.js';
import { ExprCompiler } from '../checker/compile/compile-expr.js';
import { EvalError } from '../checker/compile/eval-error.js';
import { decode, encode } from '../checker/compile/layout.js';
import { compileModel, type ActionInstance, type Model } from '../checker/compile/model.js';
import { valueEquals, type Value } from '../checker/compile/types.js';
import { didYouMean } from '../dsl/diag.js';
import { formatValue } from './format-value.js';
import { fromItf, ItfValueError } from './itf-value.js';

// The file is not a trace at all (exit 2).
export class TraceFileError extends Error {}

export interface TraceIn {
  readonly kind: 'itf' | 'json';
  readonly constants: Readonly<Record<string, string>>;
  readonly loop?: unknown; // ITF `loop` / JSON `loopStart`: the state a lasso returns to, checked against the steps
  readonly steps: readonly { readonly action: { readonly name: string; readonly args: Readonly<Record<string, unknown>> | null } | null; readonly state: Readonly<Record<string, unknown>> }[];
}

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);

function stringConsts(x: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isObj(x)) for (const [k, v] of Object.entries(x)) if (typeof v === 'string') out[k] = v;
  return out;
}

function actionIn(name: unknown, args: unknown): TraceIn['steps'][number]['action'] {
  if (typeof name !== 'string' || name === 'init') return null;
  return { name, args: isObj(args) ? args : null };
}

export function parseTrace(text: string): TraceIn {
  let j: unknown;
  try { j = JSON.parse(text); } catch (e) { throw new TraceFileError(`not JSON: ${e instanceof Error ? e.message : String(e)}`); }
  if (!isObj(j)) throw new TraceFileError('expected a JSON object (an ITF trace or uffd-spec JSON)');
  if (Array.isArray(j.states)) {
    const meta = isObj(j['#meta']) ? j['#meta'] : {};
    const steps = j.states.map((s, i) => {
      if (!isObj(s)) throw new TraceFileError(`ITF state ${i} is not an object`);
      const m = isObj(s['#meta']) ? s['#meta'] : {};
      const state: Obj = {};
      for (const [k, v] of Object.entries(s)) if (k !== '#meta') state[k] = v;
      return { action: i === 0 ? null : actionIn(m.action, m.args), state };
    });
    return { kind: 'itf', constants: stringConsts(meta.constants), steps, ...('loop' in j ? { loop: j.loop } : {}) };
  }
  const holder = isObj(j.violation) && isObj(j.violation.trace) ? j.violation.trace : isObj(j.trace) ? j.trace : j;
  if (Array.isArray(holder.steps)) {
    const steps = holder.steps.map((s, i) => {
      if (!isObj(s) || !isObj(s.state)) throw new TraceFileError(`step ${i} has no "state" object`);
      const a = isObj(s.action) ? s.action : null;
      return { action: i === 0 || !a ? null : actionIn(a.name, a.args), state: s.state };
    });
    return { kind: 'json', constants: stringConsts(j.constants), steps, ...('loopStart' in holder ? { loop: holder.loopStart } : {}) };
  }
  if (isObj(j) && 'violation' in j && j.violation === null) throw new TraceFileError('the JSON result has no violation, so no trace to replay');
  throw new TraceFileError('neither an ITF trace ("states") nor a uffd-spec JSON trace ("steps")');
}

export type ReplayOutcome =
  | { readonly ok: true; readonly steps: number }
  | { readonly ok: false; readonly step: number; readonly reasons: readonly string[] };

class StepFailure { constructor(readonly reasons: string[]) {} }

export function replayTrace(spec: Spec, t: TraceIn): ReplayOutcome {
  if (t.steps.length === 0) throw new TraceFileError('the trace has no states');
  if (t.loop !== undefined && !(Number.isInteger(t.loop) && (t.loop as number) >= 0 && (t.loop as number) < t.steps.length)) {
    throw new TraceFileError(`its lasso returns to state ${JSON.stringify(t.loop)}, but the trace has states 0..${t.steps.length - 1}`);
  }
  const model = compileModel(spec, { invariants: [] });
  // a step that names an action must name one of the spec's
  const names = new Set(model.instances.map((x) => x.action.name));
  t.steps.forEach((s, i) => {
    if (s.action && !names.has(s.action.name)) throw new TraceFileError(`step ${i} names action ${s.action.name}, which spec ${spec.name} does not have${didYouMean(s.action.name, names)}`);
  });
  // every state must have exactly the spec's variables: otherwise it is a trace of another spec
  t.steps.forEach((s, i) => {
    const missing = spec.vars.filter((v) => !(v.name in s.state)).map((v) => v.name);
    const extra = Object.keys(s.state).filter((k) => !spec.vars.some((v) => v.name === k));
    if (missing.length) throw new TraceFileError(`state ${i} lacks variable${missing.length > 1 ? 's' : ''} ${missing.join(', ')} of spec ${spec.name}`);
    if (extra.length) throw new TraceFileError(`state ${i} has variable${extra.length > 1 ? 's' : ''} ${extra.join(', ')} that spec ${spec.name} does not declare`);
  });
  let prev: Int32Array | null = null;
  for (let i = 0; i < t.steps.length; i++) {
    try {
      const cur = encodeState(model, t.steps[i].state);
      if (i === 0) checkInit(model, cur);
      else checkStep(model, prev!, cur, t.steps[i].action);
      prev = cur;
    } catch (e) {
      if (e instanceof StepFailure) return { ok: false, step: i, reasons: e.reasons };
      throw e;
    }
  }
  return { ok: true, steps: t.steps.length - 1 };
}

function encodeState(model: Model, state: Readonly<Record<string, unknown>>): Int32Array {
  const { spec, layout } = model;
  const s = new Int32Array(layout.size);
  spec.vars.forEach((v, i) => {
    try {
      encode(v.type, fromItf(v.type, state[v.name], v.name), s, layout.offsets[i], v.name);
    } catch (e) {
      if (e instanceof ItfValueError || e instanceof EvalError) throw new StepFailure([`its value of ${v.name} is not a value of the spec: ${e.message}`]);
      throw e;
    }
  });
  return s;
}

const same = (a: Int32Array, b: Int32Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

function diff(model: Model, want: Int32Array, got: Int32Array): string[] {
  const { spec, layout } = model;
  const out: string[] = [];
  spec.vars.forEach((v, i) => {
    const a = decode(v.type, want, layout.offsets[i]);
    const b = decode(v.type, got, layout.offsets[i]);
    if (!valueEquals(a, b)) out.push(`${v.name}: the trace has ${formatValue(v.type, a)}, the spec gives ${formatValue(v.type, b)}`);
  });
  return out;
}

function closest(model: Model, want: Int32Array, cands: readonly Int32Array[]): Int32Array {
  let best = cands[0];
  let bestN = Infinity;
  for (const c of cands) {
    const n = diff(model, want, c).length;
    if (n < bestN) { best = c; bestN = n; }
  }
  return best;
}

function checkInit(model: Model, cur: Int32Array): void {
  const inits: Int32Array[] = [];
  model.initStates((w) => { inits.push(w.slice()); });
  if (inits.some((s) => same(s, cur))) return;
  throw new StepFailure(['the first state is not an initial state of the spec; closest initial state:', ...diff(model, cur, closest(model, cur, inits)).map((d) => `  ${d}`)]);
}

function instanceName(inst: ActionInstance): string {
  return `${inst.action.name}(${inst.action.params.map((p, k) => `${p.name}=${formatValue(p.domain, inst.args[k])}`).join(', ')})`;
}

function checkStep(model: Model, prev: Int32Array, cur: Int32Array, named: TraceIn['steps'][number]['action']): void {
  const succ: { inst: ActionInstance; state: Int32Array }[] = [];
  for (const inst of model.instances) inst.fire(prev, (w) => { succ.push({ inst, state: w.slice() }); });
  if (!named && succ.some((x) => same(x.state, cur))) return;
  if (named) {
    let cands = model.instances.filter((x) => x.action.name === named.name);
    if (cands.length === 0) {
      throw new StepFailure([`the trace names action ${named.name}, which the spec does not have`, ...closestAny(model, cur, succ)]);
    }
    if (named.args) {
      const args = named.args;
      cands = cands.filter((inst) => inst.action.params.every((p, k) => {
        if (!(p.name in args)) return true;
        try { return valueEquals(fromItf(p.domain, args[p.name], p.name), inst.args[k]); } catch { return false; }
      }));
      if (cands.length === 0) throw new StepFailure([`no instance of ${named.name} has the parameters ${JSON.stringify(args)}`, ...closestAny(model, cur, succ)]);
    }
    const mine = succ.filter((x) => cands.includes(x.inst));
    if (mine.some((x) => same(x.state, cur))) return;
    if (mine.length === 0) {
      return void failDisabled(model, prev, cands);
    }
    const best = closest(model, cur, mine.map((x) => x.state));
    const which = mine.find((x) => x.state === best)!.inst;
    throw new StepFailure([`${instanceName(which)} is enabled, but its closest successor differs from the trace:`, ...diff(model, cur, best).map((d) => `  ${d}`)]);
  }
  throw new StepFailure(closestAny(model, cur, succ));
}

function closestAny(model: Model, cur: Int32Array, succ: readonly { inst: ActionInstance; state: Int32Array }[]): string[] {
  if (succ.length === 0) return ['no action is enabled in the previous state'];
  const best = closest(model, cur, succ.map((x) => x.state));
  const which = succ.find((x) => x.state === best)!.inst;
  return [`no successor of the previous state equals it; the closest, by ${instanceName(which)}, differs in:`, ...diff(model, cur, best).map((d) => `  ${d}`)];
}

// The named action has no successor: the first false conjunct of its guard,
// or, when the guard holds, an await in its body.
function failDisabled(model: Model, prev: Int32Array, cands: readonly ActionInstance[]): never {
  const c = new ExprCompiler(model.spec, model.layout);
  const reasons: string[] = [];
  for (const inst of cands.slice(0, 4)) {
    const bound = bindParams(inst.action, inst.args);
    const env: Value[] = new Array(Math.max(inst.action.frameSize, inst.args.length)).fill(0);
    inst.action.params.forEach((p, k) => { env[p.slot] = inst.args[k]; });
    let said = false;
    for (const conj of conjuncts(bound.guard)) {
      let v: Value;
      try { v = c.expr(conj)(prev, env); } catch (e) { reasons.push(`${instanceName(inst)}: its guard fails to evaluate: ${e instanceof Error ? e.message : String(e)}`); said = true; break; }
      if (v === 0) { reasons.push(`${instanceName(inst)} is not enabled: its guard is false: ${exprText(model.spec, conj)}`); said = true; break; }
    }
    if (!said) reasons.push(`${instanceName(inst)} is not enabled: its guard holds but an await in its body is false`);
  }
  if (cands.length > 4) reasons.push(`(and ${cands.length - 4} more instances)`);
  throw new StepFailure(reasons);
}

function conjuncts(e: Expr | null): Expr[] {
  if (!e) return [];
  if (e.op === 'bin' && e.fn === 'and') return [...conjuncts(e.left), ...conjuncts(e.right)];
  return [e];
}

const sourceCache = new Map<string, string[] | null>();

// The expression as written in the spec (from its span), or a rendering of
// the simple generated ones (`fork.pc == copy`).
export function exprText(spec: Spec, e: Expr): string {
  const sp = e.span;
  if (sp) {
    if (!sourceCache.has(sp.file)) {
      try { sourceCache.set(sp.file, readFileSync(sp.file, 'utf8').split('\n')); } catch { sourceCache.set(sp.file, null); }
    }
    const lines = sourceCache.get(sp.file);
    if (lines && sp.line === sp.endLine && lines[sp.line - 1] !== undefined) return `${lines[sp.line - 1].slice(sp.col - 1, sp.endCol - 1)} (${sp.file}:${sp.line})`;
    if (lines) return `${(lines[sp.line - 1] ?? '').slice(sp.col - 1).trim()} ... (${sp.file}:${sp.line})`;
  }
  return printExpr(spec, e);
}

function printExpr(spec: Spec, e: Expr): string {
  switch (e.op) {
    case 'lit': return formatValue(e.type, e.value);
    case 'var': return e.name;
    case 'local': return e.name;
    case 'apply': return `${printExpr(spec, e.target)}[${printExpr(spec, e.arg)}]`;
    case 'un': return e.fn === 'not' ? `!(${printExpr(spec, e.arg)})` : `${e.fn}(${printExpr(spec, e.arg)})`;
    case 'bin': {
      const ops: Partial<Record<string, string>> = { eq: '==', ne: '!=', lt: '<', le: '<=', gt: '>', ge: '>=', and: '&&', or: '||', add: '+', sub: '-', in: 'in', notin: 'notin' };
      return `${printExpr(spec, e.left)} ${ops[e.fn] ?? e.fn} ${printExpr(spec, e.right)}`;
    }
    default: return `(${e.op} expression)`;
  }
}
