// Semantic edge cases: each is reported (a compile error with file:line:col,
// or an evaluation error with the trace that reached it), never a crash.
import { describe, expect, it } from 'vitest';
import { compileSource, type Diagnostic } from '../dsl/index.js';
import { check } from '../checker/check.js';
import { renderResult } from '../cli/summary.js';
import type { CheckResult } from '../checker/result.js';

const brief = (d: Diagnostic): string => `${d.file}:${d.line}:${d.col}: ${d.message}`;

function errors(src: string, consts?: Record<string, string>): string[] {
  const r = compileSource(src, 'e.uffd', consts ? { consts } : undefined);
  if (r.ok) throw new Error('expected the spec to be refused');
  return r.diagnostics.filter((d) => d.severity === 'error').map(brief);
}

function run(src: string, deadlock = false): CheckResult {
  const r = compileSource(src, 'e.uffd');
  if (!r.ok) throw new Error(r.diagnostics.map(brief).join('\n'));
  return check(r.spec, { deadlock, maxStates: 10_000 });
}

function evalError(src: string): { message: string; at: string; steps: number; text: string } {
  const res = run(src);
  const v = res.violation;
  if (v?.kind !== 'eval-error') throw new Error(`expected an evaluation error, got ${res.outcome}`);
  return { message: v.message, at: v.span ? `${v.span.line}:${v.span.col}` : '?', steps: v.trace.steps.length - 1, text: renderResult(res) };
}

describe('run-time errors carry a location and a trace', () => {
  it('integer overflow of a declared range', () => {
    const e = evalError('var x: 0..3\naction inc { x = x + 1 }\n');
    expect(e.message).toBe('value 4 is outside the declared range 0..3 of x');
    expect(e.at).toBe('2:18');
    expect(e.steps).toBe(3); // 0 -> 1 -> 2 -> 3, then inc fails
    expect(e.text).toMatch(/^Error: e\.uffd:2:18: evaluation error in inc\(\): value 4/);
    expect(e.text).toContain('then inc fails');
  });

  it('a computed value outside the variable type', () => {
    const e = evalError('var x: 0..3\naction a { x = x * 2 + 1 }\n');
    expect(e.message).toBe('value 7 is outside the declared range 0..3 of x');
    expect(e.steps).toBe(2);
  });

  it('division and modulo by zero', () => {
    const d = evalError('var x: 0..3\nvar y: 0..9\naction a when x < 3 { y = 6 / x; x = x + 1 }\n');
    expect(d.message).toBe('division by zero');
    expect(d.at).toBe('3:27');
    expect(d.steps).toBe(0);
    const m = evalError('var x: 0..3\nvar y: 0..9\naction a { y = 6 % x }\n');
    expect(m.message).toMatch(/zero/);
  });

  it('choose on an empty set is an evaluation error', () => {
    const e = evalError('var x: 0..3\nvar s: set<0..3>\naction b when x == 0 { x = choose v in s: true }\n');
    expect(e.message).toBe('choose found no element satisfying its condition');
    expect(e.at).toBe('3:28');
  });
});

describe('empty choices block', () => {
  it('`with x in {}` has no successor: the action is disabled, not an error', () => {
    const src = 'var x: 0..3\nvar s: set<0..3>\naction a { with v in s { x = v } }\n';
    const res = run(src);
    expect(res.outcome).toBe('ok');
    expect(res.stats.distinct).toBe(1);
    // ... and so, with nothing else enabled, a deadlock when deadlocks are checked
    expect(run(src, true).violation?.kind).toBe('deadlock');
  });
  it('`x in {}` (nondeterministic assignment from an empty set) also blocks', () => {
    expect(run('var x: 0..3\nvar s: set<0..3>\naction a { x in s }\n').stats.distinct).toBe(1);
  });
});

describe('compile-time errors', () => {
  it('recursion in operators, direct and mutual', () => {
    expect(errors('var x: 0..3\ndef f(n) = if n == 0 then 0 else f(n - 1)\naction a { x = f(2) }\n')[0]).toBe(
      "e.uffd:2:34: operator 'f' is recursive (f -> f); a plain def is inlined: write 'def rec' with typed parameters and result for a recursive operator",
    );
    expect(errors('var x: 0..3\ndef f(n) = g(n)\ndef g(n) = f(n)\naction a { x = f(2) }\n')[0]).toMatch(/recursive/);
  });

  it('a literal outside the variable type', () => {
    expect(errors('var x: 0..3\naction a { x = 7 }\n')).toEqual(['e.uffd:2:16: 7 is outside the range 0..3 of x']);
  });

  it('fairness naming an unknown action', () => {
    expect(errors('var x: 0..3\naction a when x < 3 { x = x + 1 }\nfairness weak(nope)\n')).toEqual([
      "e.uffd:3:15: fairness names 'nope', which is neither an action nor a process",
    ]);
  });

  it('a constant without a value', () => {
    expect(errors('const P\nvar x: 0..3\n')).toEqual(["e.uffd:1:7: const P has no value: write 'const P = 3' (a default; --const P=... overrides it)"]);
  });

  it('ill-typed and unknown constants on the command line', () => {
    const src = 'const P = 2\nconst C = true\nconst S = {s1, s2}\nvar x: 0..P\n';
    expect(errors(src, { P: 'abc' })).toEqual(['<command line>:1:1: --const P=abc: P is an integer, so its value must be a whole number']);
    expect(errors(src, { C: '3' })).toEqual(['<command line>:1:1: --const C=3: C is a boolean, so its value must be true or false']);
    expect(errors(src, { S: '{a,' })[0]).toMatch(/^<command line>:1:1: --const S=\{a,: S is a set of model values/);
    expect(errors(src, { Q: '1' })[0]).toMatch(/^<command line>:1:1: --const Q: the spec declares no constant 'Q'/);
    expect(errors(src, { P: '99999999999999999999' })).toEqual(['<command line>:1:1: --const P=99999999999999999999: too large: integers must lie in -2147483648..2147483647']);
  });

  it('integers and domains beyond what the checker can represent', () => {
    expect(errors('var x: 0..99999999999\n')[0]).toMatch(/^e\.uffd:1:11: the integer 9.* is too large/);
    expect(errors('const N = 65536 * 65536\nvar x: 0..3\n')[0]).toMatch(/^e\.uffd:1:11: the value of const N .* is too large/);
    expect(errors('var m: [1..2000000 -> bool]\n')[0]).toMatch(/^e\.uffd:1:5: variable m .* takes 2,000,000 integers of every state, more than the limit/);
    expect(errors('var x: 0..3\naction a(i: 1..5000000) { x = 0 }\n')[0]).toMatch(/^e\.uffd:2:13: parameter 'i' ranges over 5,000,000 values, too many/);
    expect(errors('var x: 0..3\ninvariant I: forall i in 1..5000000: x >= 0\n')[0]).toMatch(/^e\.uffd:2:26: the set 1\.\.5000000 has 5,000,000 values/);
  });
});

describe('an action that assigns a variable twice', () => {
  // statements run in order inside one atomic step (PlusCal / d_step): the
  // later assignment wins, and it sees the earlier one. Allowed, no warning.
  it('is sequential: the last assignment wins, and reads see earlier writes', () => {
    const r = compileSource('var x: 0..3\nvar y: 0..3\naction a when x == 0 { x = 1; y = x + 1; x = 3 }\ninvariant I: x == 0 || (x == 3 && y == 2)\n', 'e.uffd');
    expect(r.ok && r.warnings).toEqual([]);
    if (!r.ok) return;
    const res = check(r.spec, { deadlock: false });
    expect(res.outcome).toBe('ok');
    expect(res.stats.distinct).toBe(2);
  });
});
