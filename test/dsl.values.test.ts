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

describe('tagged unions', () => {
  const TWO_PC = `const RM = {r1, r2}
type Msg = Prepared(rm: RM) | Commit | Abort
var msgs: set<Msg>
action prepare(r: RM) when Prepared(r) notin msgs && Commit notin msgs && Abort notin msgs { msgs = msgs union {Prepared(rm: r)} }
action commit when Prepared(r1) in msgs && Prepared(r2) in msgs && Abort notin msgs && Commit notin msgs { msgs = msgs union {Commit} }
action abort when Commit notin msgs && Abort notin msgs { msgs = msgs union {Abort} }
`;
  it('a message set of a two-phase commit: 9 states, 9 generated', () => {
    // undecided: the prepared set P is any of the 4 subsets of RM; aborted: the
    // same 4 plus Abort; committed: only with P = RM (1): 9 states. Steps:
    // prepare from P, one per r outside P (2 + 1 + 1 + 0 = 4), abort from the
    // 4 undecided states, commit from P = RM: 9.
    const r = run(`${TWO_PC}invariant Consistent: forall m in msgs: match m {
  Prepared(r) => r in RM
  Commit => Abort notin msgs && card({x in msgs: x != Commit}) == 2
  Abort => Commit notin msgs
}`, { deadlock: false });
    expect([r.outcome, r.stats.distinct, r.stats.generated]).toEqual(['ok', 9, 9]);
  });
  it('in a queue: the 13 sequences of length 0..2 over the 3 values of Msg, 12 generated', () => {
    // Msg = Data(0) | Data(1) | Stop has 3 values: 1 + 3 + 9 = 13 queues; each
    // of the 4 queues shorter than 2 has 3 successors (send(0), send(1), stop).
    const r = run(`type Msg = Data(v: 0..1) | Stop
var q: queue<Msg, 2>
action send(v: 0..1) when len(q) < 2 { enqueue(q, Data(v)) }
action stop when len(q) < 2 { enqueue(q, Stop) }
invariant HeadKind: len(q) == 0 || (match head(q) { Data(v) => v <= 1, Stop => true })`, { deadlock: false });
    expect([r.outcome, r.stats.distinct, r.stats.generated]).toEqual(['ok', 13, 12]);
  });
  it('in a map, the type as the set of its values, equality, and the trace', () => {
    // inbox: [RM -> Msg], 3^2 = 9 states; from each, 2 keys x 3 messages = 6 (54)
    const src = `const RM = {r1, r2}
type Msg = Data(v: 0..1) | Stop
var inbox: [RM -> Msg]
action put(r: RM) { with m in Msg { inbox[r] = m } }
`;
    const ok = run(src, { deadlock: false });
    expect([ok.outcome, ok.stats.distinct, ok.stats.generated]).toEqual(['ok', 9, 54]);
    const bad = run(`${src}invariant NotBothStop: !(inbox[r1] == Stop && inbox[r2] == inbox[r1])`, { deadlock: false });
    expect(bad.violation?.kind).toBe('invariant');
    expect(bad.violation!.trace.steps).toHaveLength(3); // the default Data(0) twice, then r1 and r2 stop
  });
  it('a record field and a constructed value compared with ==', () => {
    // last: [m: Msg, n: 0..1]; flip alternates Data(1) / Stop and counts to 1: 3 states
    const r = run(`type Msg = Data(v: 0..1) | Stop
var last: [m: Msg, n: 0..1]
action flip when last.n == 0 { last = [m |-> Data(v: 1), n |-> 1] }
action stop when last.m == Data(1) { last.m = Stop }
invariant I: last.m != Data(0) || last.n == 0`, { deadlock: false });
    // (Data(0),0) -flip-> (Data(1),1) -stop-> (Stop,1): 3 states, 2 generated
    expect([r.outcome, r.stats.distinct, r.stats.generated]).toEqual(['ok', 3, 2]);
  });
  it('symmetry: a set of messages over a symmetric set is reduced; a union stored slot by slot is refused', () => {
    // msgs ranges over the subsets of {Prep(r1), Prep(r2), Prep(r3), Stop}: 16
    // states; orbits under permutations of RM: 4 counts of Prep x Stop or not = 8
    const src = `const RM = {r1, r2, r3} symmetric
type Msg = Prep(rm: RM) | Stop
var msgs: set<Msg>
action prep(r: RM) { msgs = msgs union {Prep(r)} }
action stop { msgs = msgs union {Stop} }
`;
    expect(run(src, { deadlock: false }).stats.distinct).toBe(8);
    expect(run(src, { deadlock: false, symmetry: false }).stats.distinct).toBe(16);
    expect(errs(`${src}var last: Msg`)).toEqual([
      "6:5: variable last holds the tagged union Msg, whose fields hold the symmetric set RM: symmetry reduction does not support that (it does inside a set<Msg>); drop 'symmetric'",
    ]);
  });
  it('match as a statement: a receiver that handles each message kind, 10 states, 12 generated', () => {
    // (q, sum, stopped): the 2 states with q empty and not stopped (sum 0, 1)
    // each send 3 messages (6 steps) to 3 x 2 = 6 states with one message; each
    // of those receives (6 steps): Data(v) sets sum = v, Stop stops (2 more
    // states, stuck). 2 + 6 + 2 = 10 states, 12 steps.
    const src = (arms: string) => `type Msg = Data(v: 0..1) | Stop
var q: queue<Msg, 1>
var sum: 0..1
var stopped: bool
action send(v: 0..1) when len(q) == 0 && !stopped { enqueue(q, Data(v)) }
action halt when len(q) == 0 && !stopped { enqueue(q, Stop) }
action recv when len(q) > 0 {
  let m = head(q)
  dequeue(q)
  match m {
${arms}
  }
}`;
    const r = run(src('    Data(v) => { sum = v }\n    Stop => { stopped = true }'), { deadlock: false });
    expect([r.outcome, r.stats.distinct, r.stats.generated]).toEqual(['ok', 10, 12]);
    expect(errs(src('    Data(v) => { sum = v }'))).toEqual(["10:3: match on Msg has no arm for Stop: add it or an 'other' arm"]);
  });
  it('misuse: a missing arm, an unknown arm, binds, constructor arity and fields', () => {
    const U = 'type Msg = Data(v: 0..1) | Stop | Ack\nvar m: Msg\n';
    expect(errs(`${U}invariant I: match m { Data(v) => true }`)).toEqual(["3:14: match on Msg has no arm for Stop, Ack: add them or an 'other' arm"]);
    expect(errs(`${U}invariant I: match m { Data(v) => true, Stp => true, other => false }`)).toEqual(["3:41: Msg has no variant 'Stp' (did you mean 'Stop'?)"]);
    expect(errs(`${U}invariant I: match m { Data(v, w) => true, other => false }`)).toEqual(['3:24: Data has 1 field (v): bind all of them or none']);
    expect(errs(`${U}invariant I: match 3 { Data(v) => true }`)).toEqual(['3:20: match needs a value of a tagged union (type T = A(...) | B), not int (3)']);
    expect(errs(`${U}invariant I: m == Data`)).toEqual(['3:19: Data has 1 field (v): write Data(...)']);
    expect(errs(`${U}invariant I: m == Stop(1)`)).toEqual(['3:19: Stop has no fields: write Stop alone']);
    expect(errs(`${U}invariant I: m == Data(1, 2)`)).toEqual(['3:19: Data has 1 field (v), not 2']);
    expect(errs(`${U}invariant I: m == Data(w: 1)`)).toEqual(["3:24: Data has no field 'w' (did you mean 'v'?)"]);
    expect(errs(`${U}invariant I: m == Data(v: true)`)).toEqual(['3:27: cannot assign bool to field v of Data of type 0..1']);
    expect(errs(`${U}enum E { Stop, Go }`)[0]).toMatch(/^3:10: 'Stop' is already declared at line 1/);
  });
});
