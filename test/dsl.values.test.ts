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
