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
