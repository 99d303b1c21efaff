// State counts of small .uffd specs derived by hand (the derivation is next to
// each expectation), verdicts, counterexample lengths and evaluation errors.
import { describe, expect, it } from 'vitest';
import { check } from '../checker/check.js';
import { compileSource } from '../dsl/index.js';
import type { CheckOptions } from '../checker/check.js';

function run(src: string, opts: CheckOptions = {}, consts: Record<string, string> = {}) {
  const r = compileSource(src, 'test.uffd', { consts });
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.line}:${d.col} ${d.message}`).join('\n'));
  const result = check(r.spec, opts);
  // the closures alone (--no-codegen) must give what the generated code gives
  expect(comparable(check(r.spec, { ...opts, codegen: false }))).toEqual(comparable(result));
  return result;
}

function comparable(r: ReturnType<typeof check>) {
  const v = r.violation;
  return {
    outcome: r.outcome, distinct: r.stats.distinct, generated: r.stats.generated, depth: r.stats.depth, verdicts: r.verdicts,
    violation: v && { kind: v.kind, message: 'message' in v ? v.message : null, steps: v.trace.steps.map((s) => [s.action?.name ?? null, [...s.state]]) },
  };
}

describe('hand-counted state spaces', () => {
  it('a counter 0..5 with a reset: 6 states, 6 transitions, depth 5', () => {
    // x = 0..5 is one cycle: inc from 0..4 (5 edges) and reset from 5 (1 edge).
    const r = run(`spec counter
      var x: 0..5
      action inc when x < 5 { x += 1 }
      action reset when x == 5 { x = 0 }
      invariant InRange: x >= 0 && x <= 5`);
    expect(r.outcome).toBe('ok');
    expect([r.stats.distinct, r.stats.generated, r.stats.depth]).toEqual([6, 6, 5]);
  });

  const mutex = (split: boolean) => `spec mutex
    type Proc = 1..2
    var locked: bool
    process p(i: Proc) {
      ${split ? 'check: await !locked\n      set: locked = true' : 'acquire: await !locked; locked = true'}
      cs: skip
      exit: locked = false; goto ${split ? 'check' : 'acquire'}
    }
    invariant MutualExclusion: !(p[1].cs && p[2].cs)`;

  it('a two-process test-and-set mutex: 5 states, 6 transitions, depth 2', () => {
    // Reachable: both at acquire with the lock free (1), or one process at cs
    // or exit holding the lock while the other waits at acquire (2 x 2 = 4).
    // Edges: 2 acquires from the first state; each of the 4 others has exactly
    // one enabled step (cs -> exit, exit -> acquire): 2 + 4 = 6.
    const r = run(mutex(false));
    expect(r.outcome).toBe('ok');
    expect([r.stats.distinct, r.stats.generated, r.stats.depth]).toEqual([5, 6, 2]);
  });

  it('splitting test from set breaks mutual exclusion in 4 steps', () => {
    // Both must pass `check` before either `set`s: check, check, set, set.
    const r = run(mutex(true));
    expect(r.violation?.kind).toBe('invariant');
    const steps = r.violation!.trace.steps.slice(1).map((s) => s.action!.name).sort();
    expect(steps).toEqual(['p.check', 'p.check', 'p.set', 'p.set']);
    expect(r.violation!.trace.steps).toHaveLength(5);
  });

  it('a bounded queue of capacity 2 over two items: 7 states, 12 transitions', () => {
    // Contents: sequences of length 0, 1, 2 over {a, b}: 1 + 2 + 4 = 7.
    // Enqueue: 3 states with room x 2 items = 6 edges; dequeue: 6 non-empty states = 6.
    const r = run(`spec bq
      enum Item { a, b }
      var q: queue<Item, 2>
      action produce(x: Item) { enqueue(q, x) }
      action consume { dequeue(q) }`);
    expect(r.outcome).toBe('ok');
    expect([r.stats.distinct, r.stats.generated, r.stats.depth]).toEqual([7, 12, 2]);
  });

  it('a nondeterministic init and with: one successor per choice', () => {
    // init picks x in 0..2 (3 states); step picks y in {0, 1} and sets x = y:
    // states (x, y): init (0,0),(1,0),(2,0); successors (0,0),(1,1) -> 4 distinct;
    // each of the 4 states has 2 successors: 8 edges.
    const r = run(`spec nd
      var x: 0..2
      var y: 0..1
      init { x in 0..2 }
      action step { with v in 0..1 { x = v; y = v } }`, { deadlock: false });
    expect([r.stats.distinct, r.stats.generated]).toEqual([4, 8]);
  });

  it('a constraint bounds the search: states beyond it are generated but not stored', () => {
    // x counts up without bound in its type 0..100; the constraint keeps x <= 3:
    // stored 0..3 (4 states); generated: 0->1, 1->2, 2->3, 3->4 (4, the last not stored).
    const r = run(`spec c
      var x: 0..100
      action inc when x < 100 { x += 1 }
      constraint Small: x <= 3`, { deadlock: false });
    expect([r.stats.distinct, r.stats.generated]).toEqual([4, 4]);
  });

  it('deadlock is reported, and --no-deadlock turns it off', () => {
    const src = `spec d
      var x: 0..2
      action inc when x < 2 { x += 1 }`;
    const a = run(src);
    expect(a.violation?.kind).toBe('deadlock');
    expect(a.violation!.trace.steps).toHaveLength(3);
    expect(run(src, { deadlock: false }).outcome).toBe('ok');
  });

  it('processes that all reach done are a normal end, not a deadlock', () => {
    const r = run(`spec fin
      var x: 0..2
      process a { one: x += 1 }
      process b { one: x += 1 }`);
    expect(r.outcome).toBe('ok');
    // (a, b, x): (one,one,0) -> (done,one,1) | (one,done,1) -> (done,done,2): 4 states, 4 edges
    expect([r.stats.distinct, r.stats.generated]).toEqual([4, 4]);
  });
});

describe('evaluation errors stop the check with the trace that reached them', () => {
  it('a map applied outside its domain', () => {
    const r = run(`spec e
      var m: [1..2 -> bool]
      var i: 0..3
      action step when i < 3 { i += 1 }
      action look { m[i] = true }`, { deadlock: false });
    expect(r.violation?.kind).toBe('eval-error');
    if (r.violation?.kind !== 'eval-error') return;
    expect(r.violation.message).toMatch(/outside its domain/);
    expect(r.violation.where?.name).toBe('look');
    expect(r.violation.trace.steps).toHaveLength(1); // i = 0 in the initial state already fails
  });

  it('the head of an empty queue', () => {
    const r = run(`spec e
      var q: queue<0..1, 2>
      var x: 0..1
      action take { x = head(q) }`);
    expect(r.violation?.kind).toBe('eval-error');
    if (r.violation?.kind !== 'eval-error') return;
    expect(r.violation.message).toMatch(/head of the empty queue q/);
    expect(r.violation.span?.line).toBe(4);
  });

  it('a value outside its declared range, after the steps that lead there', () => {
    const r = run(`spec e
      var x: 0..2
      action inc { x += 1 }`);
    expect(r.violation?.kind).toBe('eval-error');
    if (r.violation?.kind !== 'eval-error') return;
    expect(r.violation.message).toMatch(/value 3 is outside the declared range 0\.\.2 of x/);
    expect(r.violation.trace.steps).toHaveLength(3);
  });

  it('an error inside an invariant names the invariant', () => {
    const r = run(`spec e
      var m: [1..2 -> bool]
      var i: 1..3
      action step when i < 3 { i += 1 }
      invariant Look: m[i] == false`, { deadlock: false });
    expect(r.violation?.kind).toBe('eval-error');
    if (r.violation?.kind !== 'eval-error') return;
    expect(r.violation.phase).toBe('invariant');
    expect(r.violation.message).toMatch(/while evaluating invariant Look/);
    expect(r.violation.trace.steps).toHaveLength(3);
  });
});
