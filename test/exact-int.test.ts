// Integers are exact at any size in every evaluator: the constant folder
// (dsl/check/const-eval.ts), the closures (checker/compile/compile-expr.ts)
// and the generated code (checker/compile/codegen.ts). Expected values are
// computed here with BigInt, never typed in; division rounds down and % goes
// with it (a == b * (a / b) + a % b), as docs/language.md says.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileSource } from '../dsl/index.js';
import type { Spec } from '../dsl/ir.js';
import { compileModel } from '../checker/compile/model.js';
import { Search } from '../checker/search/one-thread.js';
import type { CheckResult } from '../checker/result.js';

function load(src: string): Spec {
  const r = compileSource(src, 'x.uffd');
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.line}:${d.col}: ${d.message}`).join('\n'));
  return r.spec;
}

// The same spec checked with the generated code and with the closures.
function both(src: string): { gen: CheckResult; ref: CheckResult } {
  const spec = load(src);
  return {
    gen: new Search(compileModel(spec), { deadlock: false }).run(),
    ref: new Search(compileModel(spec, { codegen: false }), { deadlock: false }).run(),
  };
}

const floorDiv = (a: bigint, b: bigint): bigint => (a % b !== 0n && (a < 0n) !== (b < 0n) ? a / b - 1n : a / b);
const floorMod = (a: bigint, b: bigint): bigint => a - b * floorDiv(a, b);
const lit = (v: bigint): string => (v < 0n ? `(${v})` : `${v}`);

describe('exact integers', () => {
  it('the issue: (N*N*N + x - x) % 2 == 1 holds for N = 2147483647 (it was VIOLATED in floating point)', () => {
    const src = 'const N = 2147483647\nvar x: 0..3\ninit { x = 0 }\naction a { x = (x + 1) % 4 }\ninvariant I: (N*N*N + x - x) % 2 == 1\n';
    const N = 2147483647n;
    expect(((N * N * N) % 2n)).toBe(1n);
    const { gen, ref } = both(src);
    expect(gen.verdicts).toEqual(ref.verdicts);
    expect(gen.outcome).toBe('ok');
    expect(ref.outcome).toBe('ok');
  });

  it('the constant folder: (N*N*N + 1) - N*N*N is 1, and a product past int32 is refused with its magnitude', () => {
    const spec = load('const N = 2147483647\nconst M = (N * N * N + 1) - N * N * N\nvar x: 0..1\naction a { x = 1 - x }\n');
    expect(spec.constants.find((c) => c.name === 'M')?.value).toBe(1);
    const r = compileSource('const N = 2147483647\nconst M = N * N * N\nvar x: 0..1\naction a { x = 1 - x }\n', 'x.uffd');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.diagnostics[0].message).toBe('the value of const M (9.904e+27) is too large: integers must lie in -2147483648..2147483647');
  });

  it('a huge intermediate stored in a state slot is the range error, with the exact value, in both evaluators', () => {
    const src = 'const N = 2147483647\nvar x: 0..3\ninit { x = 0 }\naction a { x = N * N * N + x }\n';
    const N = 2147483647n;
    const { gen, ref } = both(src);
    for (const r of [gen, ref]) {
      expect(r.violation?.kind).toBe('eval-error');
      if (r.violation?.kind === 'eval-error') expect(r.violation.message).toBe(`value ${N * N * N} is outside the declared range 0..3 of x`);
    }
  });

  it('a map index and a set membership far outside the domain are misses, not wrapped around', () => {
    // 2^32 + x wraps to x under `>>> 0`: m[x + 65536 * 65536] must fail, x + 65536 * 65536 in s must be false
    const src = 'var x: 0..1\nvar m: [0..1 -> bool]\nvar s: set<0..1>\ninit { x = 0; m = [i in 0..1 |-> true]; s = {0, 1} }\n' +
      'action a { x = 1 - x }\ninvariant NotIn: !(x + 65536 * 65536 in s) && !((x + 1) * 65536 * 65536 * 65536 * 65536 in s)\ninvariant Far: m[x + 65536 * 65536]\n';
    const { gen, ref } = both(src);
    for (const r of [gen, ref]) {
      expect(r.violation?.kind).toBe('eval-error');
      if (r.violation?.kind === 'eval-error') expect(r.violation.message).toContain('4294967296 is not in 0..1');
    }
  });

  it('division rounds down and % goes with it: -7 / 2 == -4, -7 % 2 == 1, 7 / -2 == -4, 7 % -2 == -1 in every evaluator', () => {
    const cases: [number, number][] = [[-7, 2], [7, 2], [7, -2], [-7, -2], [6, 3], [-6, 3], [0, -5]];
    const facts = cases.map(([a, b]) => {
      const q = floorDiv(BigInt(a), BigInt(b)), r = floorMod(BigInt(a), BigInt(b));
      return { c: `${lit(BigInt(a))} / ${lit(BigInt(b))} == ${lit(q)} && ${lit(BigInt(a))} % ${lit(BigInt(b))} == ${lit(r)}`, v: `(${lit(BigInt(a))} + x) / ${lit(BigInt(b))} == ${lit(q)} && (${lit(BigInt(a))} + x) % ${lit(BigInt(b))} == ${lit(r)}` };
    });
    expect(floorDiv(-7n, 2n)).toBe(-4n);
    expect(floorMod(7n, -2n)).toBe(-1n);
    const src = facts.map((f, i) => `const C${i} = ${f.c}\n`).join('') + 'var x: 0..0\ninit { x = 0 }\naction a { skip }\n' +
      facts.map((f, i) => `invariant K${i}: C${i}\ninvariant V${i}: ${f.v}\n`).join('');
    const { gen, ref } = both(src);
    expect(ref.outcome).toBe('ok');
    expect(gen.outcome).toBe('ok');
    expect(Object.keys(gen.verdicts).length).toBeGreaterThanOrEqual(2 * cases.length);
  });

  it('a == b * (a / b) + a % b with the remainder between 0 and b, for products far past 2^53 (fast-check)', () => {
    // the two facts pin q and r down uniquely, so they hold only under exact floor division
    const int32 = fc.integer({ min: -2147483648, max: 2147483647 });
    const product = fc.array(int32.filter((v) => v !== 0), { minLength: 1, maxLength: 4 });
    const text = (fs: number[], x: string): string => `(${fs.map((f) => `(${f}${x})`).join(' * ')})`;
    const value = (fs: number[]): bigint => fs.reduce((acc, f) => acc * BigInt(f), 1n);
    const facts = (A: string, B: string, positive: boolean): string => `${A} == ${B} * (${A} / ${B}) + ${A} % ${B} && ` +
      (positive ? `0 <= ${A} % ${B} && ${A} % ${B} < ${B}` : `${B} < ${A} % ${B} && ${A} % ${B} <= 0`);
    fc.assert(fc.property(product, product, (as, bs) => {
      const a = value(as), b = value(bs);
      const src = `const C = ${facts(text(as, ''), text(bs, ''), b > 0n)}\n` +
        'var x: 0..0\ninit { x = 0 }\naction a { skip }\ninvariant Const: C\n' +
        `invariant Vars: ${facts(text(as, ' + x'), text(bs, ' + x'), b > 0n)}\n`;
      expect(floorMod(a, b) === a - b * floorDiv(a, b)).toBe(true);
      const { gen, ref } = both(src);
      expect(ref.violation, `${a} / ${b}\n${src}`).toBeNull();
      expect(gen.violation, `${a} / ${b}`).toBeNull();
      return true;
    }), { numRuns: 25, seed: 17 });
  });
});
