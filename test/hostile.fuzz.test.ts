// Property-based hostile input (issue 17): deeply nested and long
// expressions, and huge but declared types. Every one gets a verdict (exit
// 0, 1 or 3) or a positioned error (exit 2, file:line:col, never an internal
// error), within a time cap per spec and without the process growing past a
// memory cap. Modest run counts: this runs in CI on 2 cores.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { run } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'uffd-hostile-'));
let n = 0;
const HEAD = 'var x: 0..3\ninit { x = 0 }\naction a { x = (x + 1) % 4 }\n';
const PER_SPEC_MS = 30_000; // generous: CI and this machine are loaded; a hang took minutes
const RSS_CAP = 2 * 2 ** 30;

async function answer(text: string): Promise<void> {
  const f = join(dir, `h${n++}.uffd`);
  writeFileSync(f, text);
  const t = Date.now();
  const r = await run('check', f, '--max-states', '2000', '--time-limit', '5', '--no-temporal');
  const ms = Date.now() - t;
  const all = r.out + r.err;
  expect(all, text.slice(0, 300)).not.toMatch(/internal error|Maximum call stack|at .*\.js:\d+/);
  if (r.code === 2) expect(r.err, text.slice(0, 300)).toMatch(new RegExp(`^${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: error: `));
  else expect([0, 1, 3], all.slice(0, 500)).toContain(r.code);
  expect(ms).toBeLessThan(PER_SPEC_MS);
  expect(process.memoryUsage.rss()).toBeLessThan(RSS_CAP);
}

// An integer expression over x: nested (parentheses, if, let, unary minus) to `depth`.
const nested = (depth: number, kinds: number[]): string => {
  let e = 'x';
  for (let i = 0; i < depth; i++) {
    switch (kinds[i % kinds.length]) {
      case 0: e = `(${e})`; break;
      case 1: e = `(${e} + 1)`; break;
      case 2: e = `(if x == ${i % 4} then ${e} else 0)`; break;
      case 3: e = `(let y${i} = ${e} in y${i} * 2)`; break;
      default: e = `-(${e})`; break;
    }
  }
  return e;
};

describe('hostile input: a verdict or a positioned error, quickly', () => {
  it('deeply nested expressions (up to 150 levels)', async () => {
    await fc.assert(fc.asyncProperty(fc.integer({ min: 1, max: 150 }), fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 5 }), async (depth, kinds) => {
      await answer(`${HEAD}invariant I: ${nested(depth, kinds)} >= -1000000000\n`);
    }), { numRuns: 12, seed: 1717 });
  }, 240_000);

  it('long chains of one operator (up to 20,000 terms) and long else-if chains', async () => {
    const ops = ['||', '&&', '+', '*', '-'];
    await fc.assert(fc.asyncProperty(fc.integer({ min: 1, max: 20_000 }), fc.integer({ min: 0, max: ops.length }), async (len, k) => {
      if (k === ops.length) {
        await answer(`${HEAD}action b { if x == 0 { x = 1 }${' else if x == 1 { x = 2 }'.repeat(len >> 4)} }\n`);
        return;
      }
      const op = ops[k];
      const term = op === '||' || op === '&&' ? 'x == 1' : 'x';
      const chain = Array(len).fill(term).join(` ${op} `);
      await answer(`${HEAD}invariant I: ${op === '||' || op === '&&' ? `(${chain}) || x >= 0` : `${chain} >= -1000000000000`}\n`);
    }), { numRuns: 10, seed: 1717 });
  }, 240_000);

  it('huge but declared types and sets', async () => {
    const big = fc.integer({ min: 1, max: 100_000 });
    await fc.assert(fc.asyncProperty(big, big, fc.integer({ min: 0, max: 4 }), async (a, b, k) => {
      const texts = [
        // a state of up to 5,000 slots: 2,000 such states are 40 MB
        `var m: [1..${a % 5000 + 1} -> 0..${b}]\ninit { m = [i in 1..${a % 5000 + 1} |-> 0] }\naction a { m[1] = (m[1] + 1) % ${b + 1} }\n`,
        `${HEAD}action b { with f in [1..${a % 12 + 1} -> 1..${b}] { x = 0 } }\n`,
        `${HEAD}invariant I: card([1..${a} -> 1..${b}]) >= 1 && card(SUBSET (1..${a})) >= 1\n`,
        `${HEAD}invariant I: exists r in [p: 1..${a}, q: 1..${b}]: r.p == x\n`,
        `const K = ${a}\nconst S = {s1, s2}\nvar v: [S -> 0..K]\ninit { v = [s in S |-> 0] }\naction a { with s in S { v[s] = (v[s] + 1) % (K + 1) } }\n`,
      ];
      await answer(texts[k]);
    }), { numRuns: 12, seed: 1717 });
  }, 240_000);
});
