// TLC's CONSTRAINT semantics (issue 16, point 7): a successor that breaks a
// constraint is discarded even when a value in it lies outside its variable's
// declared range; the range error stays when no constraint reading that
// variable is false. Counts derived by hand; generated code and closures agree.
import { describe, expect, it } from 'vitest';
import { compileModel } from '../checker/compile/model.js';
import { Search, type CheckOptions } from '../checker/search/one-thread.js';
import type { CheckResult } from '../checker/result.js';
import { compileSource } from '../dsl/index.js';

function both(src: string, opts: CheckOptions = {}): CheckResult {
  const r = compileSource(src, 'test.uffd');
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.line}:${d.col} ${d.message}`).join('\n'));
  const gen = new Search(compileModel(r.spec), opts).run();
  const ref = new Search(compileModel(r.spec, { codegen: false }), opts).run();
  const brief = (x: CheckResult) => [x.outcome, x.stats.distinct, x.stats.generated, x.violation?.kind, x.violation?.kind === 'eval-error' ? x.violation.message : null, x.violation?.trace.steps.length];
  expect(brief(gen)).toEqual(brief(ref));
  return gen;
}

describe('a constraint discards successors outside a declared range', () => {
  it('x: 0..3 counting up under `constraint x <= 3`: 4 states, 4 generated, no error', () => {
    // stored x = 0..3; generated 0->1, 1->2, 2->3 and 3->4 (x = 4 breaks the
    // constraint: counted, discarded, as TLC does). Without the constraint
    // x = 4 is a range error (test/checker.counts.test.ts).
    const r = both(`spec c
      var x: 0..3
      action inc { x += 1 }
      constraint Small: x <= 3`, { deadlock: false });
    expect(r.outcome).toBe('ok');
    expect([r.stats.distinct, r.stats.generated]).toEqual([4, 4]);
  });

  it('three counters that overflow their types at once: 1,617 states, 4,928 generated', () => {
    // a in 0..20 (21 values), b in 0, 2, ..., 20 (11), c in 0, 3, ..., 18 (7):
    // 21 x 11 x 7 = 1,617 states; each fires ia, ib, ic (3 x 1,617) and the
    // 11 x 7 states with a = 20 also reset: 4,851 + 77 = 4,928 generated.
    // b = 22 and c = 21 leave their ranges and are discarded by the constraint.
    const r = both(`spec p
      var a: 0..20
      var b: 0..20
      var c: 0..20
      action ia { a += 1 }
      action ib { b += 2 }
      action ic { c += 3 }
      action reset when a == 20 { a = 0 }
      constraint Small: a <= 20 && b <= 20 && c <= 20`, { deadlock: false });
    expect([r.outcome, r.stats.distinct, r.stats.generated]).toEqual(['ok', 1617, 4928]);
  });

  it('map elements: two counters 0..2, each incremented, 9 states, 18 generated', () => {
    // states: 3 x 3 = 9; each has 2 instances of inc with one successor each
    // (18 generated), of which the 6 that reach 3 (3 states with m[1] = 2,
    // 3 with m[2] = 2) break the constraint and are discarded.
    const r = both(`spec m
      var m: [1..2 -> 0..2]
      action inc(i: 1..2) { m[i] = m[i] + 1 }
      constraint Bounded: forall i in 1..2: m[i] <= 2`, { deadlock: false });
    expect(r.outcome).toBe('ok');
    expect([r.stats.distinct, r.stats.generated]).toEqual([9, 18]);
  });

  it('a whole record assigned at once: the out-of-range field waits for the constraint too', () => {
    // r.a = 0..2 stored (3 states); 3 generated, the last (a = 3) discarded
    const r = both(`spec r
      var r: [a: 0..2, b: bool]
      action inc { r = [a |-> r.a + 1, b |-> r.b] }
      constraint r.a < 3`, { deadlock: false });
    expect(r.outcome).toBe('ok');
    expect([r.stats.distinct, r.stats.generated]).toEqual([3, 3]);
  });

  it('only the value at the end of the step counts: a passing excursion is no error', () => {
    // x + 10 is out of range for a moment; x ends where it was: 1 state, 1 generated
    const src = (c: string) => `spec e
      var x: 0..3
      action a { x = x + 10; x = x - 10 }
      ${c}`;
    const r = both(src('constraint x >= 0'), { deadlock: false });
    expect([r.outcome, r.stats.distinct, r.stats.generated]).toEqual(['ok', 1, 1]);
    // with no constraint reading x the first assignment is a range error, as before
    const e = both(src(''), { deadlock: false });
    expect(e.violation?.kind).toBe('eval-error');
  });

  it('a constraint that holds anyway: the range error of the write, with its position and trace', () => {
    // x = 4 satisfies x <= 5, so it is a genuine range error, reached after x = 0, 1, 2, 3
    const r = both(`spec e
      var x: 0..3
      action inc { x += 1 }
      constraint Loose: x <= 5`, { deadlock: false });
    expect(r.violation?.kind).toBe('eval-error');
    if (r.violation?.kind !== 'eval-error') return;
    expect(r.violation.message).toMatch(/value 4 is outside the declared range 0\.\.3 of x/);
    expect(r.violation.span?.line).toBe(3);
    expect(r.violation.trace.steps).toHaveLength(4);
  });

  it('a false constraint that does not read the variable does not excuse it', () => {
    // the step to x = 4 also sets y = 1, so the constraint y == 0 is false in
    // that successor; it does not read x: range error, with the trace x = 0..3.
    const r = both(`spec e
      var x: 0..3
      var y: 0..1
      action inc { x += 1; if x == 4 { y = 1 } }
      constraint Other: y == 0`, { deadlock: false });
    expect(r.violation?.kind).toBe('eval-error');
    if (r.violation?.kind !== 'eval-error') return;
    expect(r.violation.message).toMatch(/value 4 is outside the declared range 0\.\.3 of x/);
    expect(r.violation.trace.steps).toHaveLength(4);
  });

  it('initial states: an init value outside the range that breaks a constraint is not an initial state', () => {
    // x in 0..4 picks 5 values; x = 4 is outside 0..3 and breaks x < 4: 4 initial states
    const r = both(`spec i
      var x: 0..3
      init { x in 0..4 }
      constraint x < 4`, { deadlock: false });
    expect([r.outcome, r.stats.distinct]).toEqual(['ok', 4]);
  });
});
