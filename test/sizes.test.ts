// Values are sized before they are built (issue 17 point 3): a set of maps,
// a set of records, a powerset or a set of model values too large to build
// is refused with its size, at its position (exit 2) when the size is known
// before the search, as an evaluation error (exit 1, with the trace) when it
// depends on the state; card() of such a set is multiplied, never built.
// Each case used to take minutes and gigabytes, then V8 died (exit 134).
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from './run-cli.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'uffd-sizes-'));
function spec(text: string): string {
  const f = join(tmp(), 's.uffd');
  writeFileSync(f, text);
  return f;
}
const HEAD = 'var x: 0..1\ninit { x = 0 }\n';

// Each check must answer in well under a second of its own; 10 s allows for a loaded machine.
const QUICK = 10_000;

describe('sizes known before the search (exit 2, positioned)', () => {
  it('with f in [1..10 -> 1..10]: 10^10 maps', async () => {
    const f = spec(`${HEAD}action a { with f in [1..10 -> 1..10] { x = 1 - x } }\n`);
    const r = await run('check', f);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${f}:3:22: error: the set [1 .. 10 -> 1 .. 10] has 10,000,000,000 values, too many to enumerate (at most 1000000)`);
  }, QUICK);

  it('a set of records with huge domains: 1000^3 records', async () => {
    const f = spec(`${HEAD}action a { x = 1 - x }\ninvariant I: exists r in [a: 1..1000, b: 1..1000, c: 1..1000]: r.a == x\n`);
    const r = await run('check', f);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${f}:4:26: error: the set [a: 1 .. 1000, b: 1 .. 1000, c: 1 .. 1000] has 1,000,000,000 values, too many to enumerate`);
  }, QUICK);

  it('[1..8 -> 1..8] and SUBSET 1..30 are refused where they would be built', async () => {
    const f = spec(`${HEAD}action a { x = 1 - x }\ninvariant I: (exists g in [1..8 -> 1..8]: g[1] == x + 1) || (exists s in SUBSET (1..30): x \\in s)\n`);
    const r = await run('check', f);
    expect(r.code).toBe(2);
    expect(r.err).toContain('the set [1 .. 8 -> 1 .. 8] has 16,777,216 values');
    expect(r.err).toContain('the set powerset(1 .. 30) has 1,073,741,824 values');
  }, QUICK);

  it('card([1..8 -> 1..8]) is 8^8 without building 16,777,216 maps; cards past 2^53 are exact', async () => {
    // 8^8 = 16777216; 1000^2 * (x + 1); 2^100 is 1267650600228229401496703205376, and 2^100 % 1000 = 376
    const f = spec(`${HEAD}action a { x = 1 - x }\ninvariant I: card([1..8 -> 1..8]) == 16777216 && card([a: 1..1000, b: 1..1000, c: 0..x]) == 1000000 * (x + 1) && card(SUBSET (1..100)) % 1000 == 376\n`);
    expect(2n ** 100n % 1000n).toBe(376n);
    const r = await run('check', f);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/invariant I +holds/);
  }, QUICK);

  it('--const MON=100000000 (model values) is refused at once', async () => {
    const f = spec('const MON = {m1, m2}\nvar x: MON\ninit { x = m1 }\naction a { with m in MON { x = m } }\n');
    const t = Date.now();
    const r = await run('check', f, '--const', 'MON=100000000');
    expect(r.code).toBe(2);
    expect(r.err).toContain('<command line>:1:1: error: --const MON=100000000: 100,000,000 model values, more than the 1,000 a set of model values may have');
    expect(Date.now() - t).toBeLessThan(QUICK);
  }, QUICK);

  it('a trace whose constants say MON=100000000 is refused at the trace file', async () => {
    const f = spec('const MON = {m1, m2}\nvar x: MON\ninit { x = m1 }\naction a { with m in MON { x = m } }\ninvariant Never: x == m1\n');
    const dir = tmp();
    await run('check', f, '--format', 'itf', '--out', dir);
    const [name] = readdirSync(dir);
    const trace = join(dir, name);
    const t = JSON.parse(readFileSync(trace, 'utf8'));
    t['#meta'].constants.MON = '100000000';
    writeFileSync(trace, JSON.stringify(t));
    const r = await run('replay', f, trace);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${trace}:1:1: error: the constant MON=100000000: 100,000,000 model values, more than the 1,000 a set of model values may have`);
  }, QUICK);
});

describe('sizes that depend on the state (exit 1, with the trace)', () => {
  it('[1..2 * x -> 1..10000] is refused when it would have 10^8 maps', async () => {
    const f = spec('var x: 0..9\ninit { x = 0 }\naction a { with f in [1..2 * x -> 1..10000] { x = (x + 1) % 10 } }\n');
    const r = await run('check', f);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`Error: ${f}:3:22: evaluation error in a(): the set has 100,000,000 elements, too many to build (at most 1000000); card() of it is computed without building it`);
    expect(r.out).toContain('The shortest behaviour that reaches it has 1 step, then a fails');
  }, QUICK);
});
