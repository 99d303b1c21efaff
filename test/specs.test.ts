// Every historical variant of specs/versions/ against the scenarios of
// docs/specs.md: each expected verdict and counterexample length below was
// computed by the checker (see docs/specs.md for the full table), never typed
// in by hand. A change that flips a verdict fails here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { main } from '../cli/main.js';
// @ts-expect-error plain ES module without types
import { VARIANTS, render } from '../specs/versions/generate.mjs';
// @ts-expect-error plain ES module without types
import { SCENARIOS } from '../specs/scenarios.mjs';

async function check(file: string, consts: string[], invariant?: string) {
  const out: string[] = [];
  const args = ['node', 'uffd-spec', 'check', file, '--progress', '1000'];
  for (const c of consts) args.push('--const', c);
  if (invariant) args.push('--invariant', invariant);
  const code = await main(args, { out: (s) => out.push(s), err: (s) => out.push(s) });
  return { code, out: out.join('\n') };
}

const SC: Record<string, string[]> = Object.fromEntries(
  Object.entries(SCENARIOS as Record<string, { consts: string[] }>).map(([k, v]) => [k, v.consts]),
);

// [variant, scenario, invariant, shortest counterexample length]
const VIOLATED: [string, string, string, number][] = [
  ['none', 'fork', 'CopySerialisable', 9],
  ['none', 'fork', 'ChildSeesData', 15],
  ['none', 'remap', 'CopySerialisable', 10],
  ['none', 'remap', 'NoLostData', 14],
  ['none', 'madv_split', 'NoFillAfterRemove', 11],
  ['bool', 'fork_madv', 'McAccounting', 4],
  ['bool', 'fork_madv', 'McGuards', 7],
  ['bool', 'fork_madv', 'CopySerialisable', 14],
  // the 2018 bool (notes §2d.2): REMOVE read clears the flag in FORK's window (docs/specs.md, BOOL)
  ['bool', 'fork_madv', 'ChildSeesData', 20],
  ['none', 'fork_madv', 'ChildSeesData', 15],
  ['v1', 'fork_madv', 'ChildSeesData', 18],
  ['none', 'fork_remap', 'ChildSeesData', 13],
  ['bool', 'fork_remap', 'ChildSeesData', 13],
  ['base', 'fork_remap', 'ChildSeesData', 13],
  ['v7', 'fork_remap', 'ChildSeesData', 13],
  ['base', 'madv_split', 'NoFillAfterRemove', 11],
  ['base', 'madv_split', 'CopySerialisable', 11],
  ['base_norecheck', 'fork', 'CopySerialisable', 12],
  ['base_norecheck', 'fork', 'ChildSeesData', 18],
  ['base_norecheck', 'remap', 'NoLostData', 17],
  ['v1', 'fork', 'ChildSeesData', 18],
  ['v1', 'remap', 'NoLostData', 17],
  ['v1', 'madv_split', 'CopySerialisable', 14],
  ['v2', 'madv_split', 'NoFillAfterRemove', 11],
  ['v7', 'madv_split', 'NoFillAfterRemove', 11],
  ['liam_nowait', 'madv_split', 'CopySerialisable', 11],
  ['remove_read', 'madv_split', 'CopySerialisable', 11],
  ['leak', 'remap_fail', 'McGuards', 4],
];

// [variant, scenario, invariant]: holds on the whole state space
const HOLDS: [string, string, string][] = [
  ['base', 'fork', 'ChildSeesData'],
  ['v2', 'madv_split', 'CopySerialisable'],
  ['v7', 'madv_split', 'CopySerialisable'],
  ['v7', 'remap', 'NoLostData'],
  ['base', 'fork_madv', 'ChildSeesData'],
  ['v2', 'fork_madv', 'ChildSeesData'],
  ['v7', 'fork_madv', 'ChildSeesData'],
];

describe('specs/versions', () => {
  it('are up to date with specs/mmap_changing.uffd (node specs/versions/generate.mjs)', () => {
    const main = readFileSync('specs/mmap_changing.uffd', 'utf8');
    for (const name of Object.keys(VARIANTS)) {
      expect(readFileSync(`specs/versions/${name}.uffd`, 'utf8'), name).toBe(render(main, name));
    }
  });

  for (const [v, sc, inv, len] of VIOLATED) {
    it(`${v} / ${sc}: ${inv} is violated in ${len} steps`, async () => {
      const r = await check(`specs/versions/${v}.uffd`, SC[sc], inv);
      expect(r.code).toBe(1);
      expect(r.out).toContain(`Error: invariant ${inv} is violated.`);
      expect(r.out).toContain(`has ${len} steps`);
    }, 60_000);
  }

  for (const [v, sc, inv] of HOLDS) {
    it(`${v} / ${sc}: ${inv} holds`, async () => {
      const r = await check(`specs/versions/${v}.uffd`, SC[sc], inv);
      expect(r.out).toMatch(new RegExp(`invariant ${inv}\\s+holds`));
    }, 60_000);
  }

  it('leak / remap_fail: a faulting thread is never woken (liveness)', async () => {
    const r = await check('specs/versions/leak.uffd', SC.remap_fail, 'LockSanity');
    expect(r.code).toBe(1);
    expect(r.out).toContain('temporal property FaulterWoken is violated');
    expect(r.out).toContain('then a cycle (15 steps in all)');
  }, 60_000);

  it('the main spec (v7, fork + faulting thread) holds everything', async () => {
    const r = await check('specs/mmap_changing.uffd', []);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Verdict: every checked property holds.');
  }, 60_000);
});
