// Issue 16, point 6 (values): enum members scoped by their type, tagged
// unions, bounded recursive operators, action parameters over subsets. State
// counts derived by hand (the derivation is next to each expectation);
// misuse is a positioned error.
import { describe, expect, it } from 'vitest';
import { check, type CheckOptions } from '../checker/check.js';
import { compileSource, type Diagnostic } from '../dsl/index.js';

function run(src: string, opts: CheckOptions = {}) {
  const r = compileSource(src, 'test.uffd');
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.line}:${d.col} ${d.message}`).join('\n'));
  return check(r.spec, opts);
}
function errs(src: string): string[] {
  const r = compileSource(src, 'bad.uffd');
  if (r.ok) throw new Error('expected errors, the spec compiled');
  return r.diagnostics.map((d: Diagnostic) => `${d.line}:${d.col}: ${d.message}`);
}

describe('enum members scoped by their type', () => {
  const SPEC = `enum Phase { working, prepared, committed, aborted }
enum TM { idle, committed, aborted }
var p: Phase
var t: TM
action prep when p == working { p = prepared }
action commit when t == idle && p == prepared { t = TM.committed; p = Phase.committed }
`;
  it('qualified members of two enums that share names: 3 states, 2 generated', () => {
    // (working, idle) -prep-> (prepared, idle) -commit-> (committed, committed)
    const r = run(`${SPEC}invariant Both: t == TM.committed => p == Phase.committed`, { deadlock: false });
    expect([r.outcome, r.stats.distinct, r.stats.generated]).toEqual(['ok', 3, 2]);
  });
  it('a shared name used unqualified is an error naming both qualified forms', () => {
    expect(errs(`${SPEC}invariant Both: t == TM.committed => p == committed`)).toEqual([
      "7:43: 'committed' is a member of both Phase and TM: write Phase.committed or TM.committed",
    ]);
  });
  it('a qualified name that is not a member', () => {
    expect(errs(`${SPEC}invariant I: p != Phase.comitted`)).toEqual(["7:19: Phase has no member 'comitted' (did you mean 'committed'?)"]);
  });
  it('a member name shared with a variable is still a clash', () => {
    expect(errs('enum A { x, y }\nvar x: bool')[0]).toMatch(/^2:5: 'x' is already declared at line 1/);
  });
});

describe('action parameters over the subsets of a set (TLA+ \\E S \\in SUBSET Items)', () => {
  const SPEC = `const Items = {i1, i2, i3}
var taken: set<Items>
action take(S: set<Items>) when S != {} && S inter taken == {} { taken = taken union S }
`;
  it('taking any non-empty set of free items: 8 states, 19 generated', () => {
    // every subset of the 3 items is reachable (8). From a state with k items
    // taken, take has one successor per non-empty subset of the 3 - k free
    // ones: k=0: 1 state x 7, k=1: 3 x 3, k=2: 3 x 1, k=3: 0, so 19 in all.
    const r = run(SPEC, { deadlock: false });
    expect([r.outcome, r.stats.distinct, r.stats.generated]).toEqual(['ok', 8, 19]);
  });
  it('the instance in a trace names the set', () => {
    const r = run(`${SPEC}invariant Small: card(taken) < 3`, { deadlock: false });
    expect(r.violation?.kind).toBe('invariant');
    const steps = r.violation!.trace.steps;
    expect(steps).toHaveLength(2); // one step takes all three at once
    expect(steps[1].action?.args.map((a) => a.name)).toEqual(['S']);
  });
  it('misuse: a map parameter, a process over sets, fairness of one set instance', () => {
    expect(errs(`${SPEC}action bad(m: [Items -> bool]) { skip }`)).toEqual([
      '4:15: a parameter ranges over a finite set of scalars (a range, an enum, a set of model values or bool) or over its subsets (set<T>), not [Items -> bool]',
    ]);
    expect(errs(`${SPEC}process p(S: set<Items>) { a: skip }`)).toEqual([
      '4:14: a parameter ranges over a finite set of scalars (a range, an enum, a set of model values or bool), not set<Items>',
    ]);
    expect(errs(`${SPEC}fairness weak(take({i1}))`)).toEqual([
      "4:20: parameter S of 'take' ranges over sets: fairness of one instance needs scalar arguments; write weak(take) for the action as a whole",
    ]);
  });
});

describe('bounded recursive operators (def rec)', () => {
  it('sum and fib: the invariants computed by recursion hold on 11 states', () => {
    // x steps 0..10 (11 states, 10 steps); s = sum(x) = x(x+1)/2 each time
    const r = run(`def rec sum(n: 0..10): int = if n == 0 then 0 else n + sum(n - 1)
def rec fib(n: int): int = if n < 2 then n else fib(n - 1) + fib(n - 2)
var x: 0..10
var s: 0..55
action step when x < 10 { x += 1; s = sum(x) }
invariant Gauss: s == x * (x + 1) / 2
invariant Fib: fib(x) <= 55 && fib(10) == 55`, { deadlock: false });
    expect([r.outcome, r.stats.distinct, r.stats.generated]).toEqual(['ok', 11, 10]);
  });
  it('1000 calls deep is allowed (through quantifiers and lets too); one more is a positioned error with the trace', () => {
    const src = (k: number) => `def rec down(n: int): bool = if n <= 0 then true else (let m = n - 1 in exists i in {0}: down(m + i))
var x: 0..1
action step when x == 0 { x = 1 }
invariant Deep: down(x * ${k})`;
    // down(k) is k + 1 nested calls: 999 reaches the limit of 1000 exactly (so
    // the JavaScript stack holds that many), 1000 goes one past it
    expect(run(src(999), { deadlock: false }).outcome).toBe('ok');
    const r = run(src(1000), { deadlock: false });
    expect(r.violation?.kind).toBe('eval-error');
    if (r.violation?.kind !== 'eval-error') return;
    expect(r.violation.message).toBe('while evaluating invariant Deep: down recursed more than 1000 calls deep (the limit of a recursive operator)');
    expect([r.violation.span?.line, r.violation.span?.col]).toEqual([1, 90]); // the innermost call, down(m + i)
    expect(r.violation.trace.steps).toHaveLength(2); // x = 0, then x = 1 fails
  });
  it('arguments and results are checked against their declared types at run time', () => {
    const r = run(`def rec f(n: 0..3): 0..3 = if n == 0 then 5 else f(n - 1)
var x: 0..3
action step when x < 3 { x += 1 }
invariant I: f(x) >= 0`, { deadlock: false });
    expect(r.violation?.kind).toBe('eval-error');
    if (r.violation?.kind !== 'eval-error') return;
    expect(r.violation.message).toMatch(/f returned 5, outside its declared type 0\.\.3/);
    expect(r.violation.trace.steps).toHaveLength(1);
  });
  it('misuse: a state variable in the body, argument count and type, result type, plain def recursion', () => {
    const V = 'var x: 0..3\n';
    expect(errs(`${V}def rec f(n: int): int = n + x`)).toEqual([
      "2:30: 'x' is a state variable; the recursive operator f reads only its parameters and constants: pass it as an argument",
    ]);
    expect(errs(`${V}def rec f(n: int): int = n\ninvariant I: f(1, 2) == 1`)).toEqual(["3:14: 'f' takes 1 argument, not 2"]);
    expect(errs(`${V}def rec f(n: int): int = n\ninvariant I: f(true) == 1`)).toEqual(['3:16: cannot assign bool to parameter n of f of type int']);
    expect(errs(`${V}def rec f(n: int): bool = n + 1`)).toEqual(['2:27: cannot assign int to the result of f of type bool']);
    expect(errs(`${V}def f(n) = f(n)\ninvariant I: f(1) == 1`)[0]).toMatch(/operator 'f' is recursive \(f -> f\); a plain def is inlined: write 'def rec'/);
  });
});
