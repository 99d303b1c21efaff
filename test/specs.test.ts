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

async function check(file: string, consts: string[], invariant?: string, extra: string[] = []) {
  const out: string[] = [];
  const args = ['node', 'uffd-spec', 'check', file, '--progress', '1000', ...extra];
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
  ['none', 'fork', 'ChildSeesData', 16],
  ['none', 'remap', 'NoLostData', 15],
  ['none', 'madv_split', 'NoFillAfterRemove', 11],
  ['bool', 'fork_madv', 'McAccounting', 4],
  ['bool', 'fork_madv', 'McGuards', 7],
  ['bool', 'fork_madv', 'CopySerialisable', 15],
  ['bool', 'fork_madv', 'ChildSeesData', 22],
  ['none', 'fork_madv', 'ChildSeesData', 16],
  ['base', 'madv_split', 'CopySerialisable', 11],
  ['base_norecheck', 'fork_huge', 'CopySerialisable', 12],
  ['base_norecheck', 'fork_huge', 'ChildSeesData', 19],
  ['v1', 'fork_huge', 'ChildSeesData', 19],
  ['base_norecheck', 'remap_huge', 'NoLostData', 18],
  ['v1', 'remap_huge', 'CopySerialisable', 13],
  ['v7', 'madv_split', 'NoFillAfterRemove', 11],
  ['v7', 'madv_readlock', 'NoFillAfterRemove', 11],
  ['base', 'madv_readlock', 'CopySerialisable', 11],
  ['liam_nowait', 'madv_split', 'CopySerialisable', 11],
  ['vma_nomcl', 'madv_split', 'CopySerialisable', 11],
  ['liam_seq', 'fork_madv_order', 'McGuards', 4],
  ['liam_seq', 'fork_madv_order', 'CopySerialisable', 11],
  ['liam_seq', 'fork_remap', 'CopySerialisable', 12],
  ['bool', 'fork_remap', 'NoLostData', 23],
  ['v7', 'fork_remap', 'ChildSeesData', 14],
  ['v7', 'fork_munmap', 'ChildSeesData', 16],
  ['v7', 'fork_madv_order', 'ChildSeesData', 14],
  ['v7', 'fork_madv_refail', 'ChildSeesData', 15],
  ['queue_lock', 'fork_madv_refail', 'ChildSeesData', 15],
  ['leak', 'remap_fail', 'McGuards', 6],
  ['leak', 'remap_fail', 'McAccounting', 6],
];

// [variant, scenario, invariant]: holds on the whole state space
const HOLDS: [string, string, string][] = [
  ['v1', 'fork', 'ChildSeesData'],
  ['v1', 'madv_split', 'CopySerialisable'],
  ['base', 'madv_mutex', 'NoFillAfterRemove'],
  ['v7', 'madv_mutex', 'NoFillAfterRemove'],
  ['remove_only', 'madv_split', 'CopySerialisable'],
  ['vma_nomcl', 'fork', 'CopySerialisable'],
  ['v2', 'fork_huge', 'ChildSeesData'],
  ['fixed', 'remap_fail', 'McGuards'],
  ['queue_lock', 'fork_munmap', 'ChildSeesData'],
  ['v7', 'fork_madv', 'ChildSeesData'],
  // the FORK/REMAP order fix experiment (docs/specs.md, issue 14)
  ['queue_lock', 'fork_remap', 'ChildSeesData'],
];

describe('specs/versions', () => {
  it('are up to date with specs/mmap_changing.uffd (node specs/versions/generate.mjs)', () => {
    const main = readFileSync('specs/mmap_changing.uffd', 'utf8');
    for (const name of Object.keys(VARIANTS)) {
      expect(readFileSync(`specs/versions/${name}.uffd`, 'utf8'), name).toBe(render(main, name));
    }
  });

  it('label each variant: a real kernel names its version or commit, a hypothetical one says proposal', () => {
    for (const [name, v] of Object.entries(VARIANTS as Record<string, { title: string }>)) {
      const real = /\b\d\.\d+\b|\b[0-9a-f]{12}\b|\b20\d\d-\d\d-\d\d\b/.test(v.title);
      expect(v.title.startsWith('proposal:') || real, name).toBe(true);
    }
    expect(Object.keys(VARIANTS)).toEqual(expect.arrayContaining(['vma_nomcl', 'remove_only', 'liam_seq', 'queue_lock', 'fixed']));
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
      const r = await check(`specs/versions/${v}.uffd`, SC[sc], inv, ['--no-temporal']);
      expect(r.out).toMatch(new RegExp(`invariant ${inv}\\s+holds`));
    }, 60_000);
  }

  it('leak / remap_fail: a faulting thread is never woken (liveness)', async () => {
    const r = await check('specs/versions/leak.uffd', SC.remap_fail, 'LockSanity');
    expect(r.code).toBe(1);
    expect(r.out).toContain('temporal property FaulterWoken is violated');
    expect(r.out).toContain('then a cycle (17 steps in all)');
  }, 60_000);

  it('the main spec (v7, fork + faulting thread) holds everything', async () => {
    const r = await check('specs/mmap_changing.uffd', []);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Verdict: every checked property holds.');
  }, 60_000);
});
