// The engine on hand-built IR, independent of the parser: counts derived by
// hand, deadlock, shortest traces, evaluation errors and limits.
import { describe, expect, it } from 'vitest';
import type { Action, Expr, Spec, Stmt, Type } from '../dsl/ir.js';
import { check } from '../checker/check.js';

const int = (lo: number, hi: number): Type => ({ kind: 'int', lo, hi });
const INT: Type = { kind: 'int', lo: -Infinity, hi: Infinity };
const BOOL: Type = { kind: 'bool' };
const lit = (value: number, type: Type = INT): Expr => ({ op: 'lit', value, type });
const v = (spec: { vars: { name: string; type: Type }[] }, name: string): Expr => {
  const index = spec.vars.findIndex((x) => x.name === name);
  return { op: 'var', index, name, type: spec.vars[index].type };
};
const bin = (fn: 'add' | 'sub' | 'lt' | 'eq' | 'le' | 'and', left: Expr, right: Expr): Expr =>
  ({ op: 'bin', fn, left, right, type: ['lt', 'eq', 'le', 'and'].includes(fn) ? BOOL : INT });
const assign = (vars: { name: string; type: Type }[], name: string, value: Expr): Stmt => {
  const i = vars.findIndex((x) => x.name === name);
  return { op: 'assign', target: { var: i, name, path: [], type: vars[i].type }, value };
};

function specOf(vars: { name: string; type: Type }[], actions: Action[], extra: Partial<Spec> = {}): Spec {
  return { name: 't', file: 't.uffd', constants: [], vars, init: [], initFrameSize: 0, actions, processes: [], invariants: [], properties: [], fairness: [], constraints: [], symmetric: [], ...extra };
}

// x, y in 0..N, each incremented independently up to N.
function counters(n: number) {
  const vars = [{ name: 'x', type: int(0, n) }, { name: 'y', type: int(0, n) }];
  const s = { vars };
  const inc = (name: string): Action => ({
    name: `inc_${name}`, params: [], frameSize: 0, guard: bin('lt', v(s, name), lit(n)),
    body: [assign(vars, name, bin('add', v(s, name), lit(1)))],
  });
  return { vars, s, actions: [inc('x'), inc('y')] };
}

describe('BFS on hand-counted specs', () => {
  it('two counters 0..3: 16 states, 24 transitions, depth 6', () => {
    // states: (N+1)^2 = 16; each of x<3 (12 states) and y<3 (12 states) gives one edge: 24.
    const { vars, actions } = counters(3);
    const r = check(specOf(vars, actions), { deadlock: false });
    expect(r.outcome).toBe('ok');
    expect(r.stats.distinct).toBe(16);
    expect(r.stats.generated).toBe(24);
    expect(r.stats.depth).toBe(6);
  });

  it('reports the deadlock at (3,3) with a 6-step trace', () => {
    const { vars, actions } = counters(3);
    const r = check(specOf(vars, actions));
    expect(r.outcome).toBe('violation');
    expect(r.violation?.kind).toBe('deadlock');
    expect(r.violation?.trace.steps.length).toBe(7);
  });

  it('finds a shortest invariant violation: x + y < 3 fails after 3 steps', () => {
    const { vars, s, actions } = counters(3);
    const inv = { name: 'Small', expr: bin('lt', bin('add', v(s, 'x'), v(s, 'y')), lit(3)), frameSize: 0 };
    const r = check(specOf(vars, actions, { invariants: [inv] }), { deadlock: false });
    expect(r.violation?.kind).toBe('invariant');
    const trace = r.violation!.trace;
    expect(trace.steps.length - 1).toBe(3);
    // BFS order + fixed action order: inc_x fires first at every level.
    expect(trace.steps.slice(1).map((st) => st.action?.name)).toEqual(['inc_x', 'inc_x', 'inc_x']);
  });

  it('reports a value outside its declared range as an evaluation error with its trace', () => {
    const vars = [{ name: 'x', type: int(0, 2) }];
    const s = { vars };
    const inc: Action = { name: 'inc', params: [], frameSize: 0, guard: null, body: [assign(vars, 'x', bin('add', v(s, 'x'), lit(1)))] };
    const r = check(specOf(vars, [inc]));
    expect(r.violation?.kind).toBe('eval-error');
    if (r.violation?.kind !== 'eval-error') throw new Error('unreachable');
    expect(r.violation.message).toContain('outside the declared range 0..2');
    expect(r.violation.where?.name).toBe('inc');
    expect(r.violation.trace.steps.length).toBe(3); // init, x=1, x=2, then inc fails
  });

  it('stops at --max-states and --max-depth with exit-3 outcomes', () => {
    const { vars, actions } = counters(20);
    const a = check(specOf(vars, actions), { deadlock: false, maxStates: 50 });
    expect(a.outcome).toBe('limit');
    expect(a.limit).toEqual({ kind: 'max-states', value: 50 });
    expect(a.stats.distinct).toBe(50);
    const b = check(specOf(vars, actions), { deadlock: false, maxDepth: 4 });
    expect(b.outcome).toBe('limit');
    // every (x, y) with x + y <= 4 is found and checked (1+2+3+4+5 = 15); depth-4 states are not expanded
    expect(b.stats.depth).toBe(4);
    expect(b.stats.distinct).toBe(15);
  });
});
