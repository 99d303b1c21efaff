// The compound-value benchmarks (bench/lamport_mutex.uffd, bench/two_phase.uffd)
// must count what TLC counts for the same TLA+ models. Published by TLC:
// LamportMutex N=3, maxClock=6 (MCLamportMutex.cfg): 724,274 distinct,
// 2,729,079 states generated (ours: the same less the initial state), depth 61
// (TLC counts the initial state as depth 1); TwoPhase RM={r1,r2,r3}: 288
// distinct, 1,146 generated, depth 11; six RMs: 50,816 (TwoPhase.tla). The
// smaller Lamport sizes were counted by bench/crosscheck/lamport_mutex.py, an
// independent breadth-first search of the TLA+ actions, which also gives
// 724,274 / 2,729,078 / 61 for the published size.
import { describe, expect, it } from 'vitest';
import { check } from '../checker/check.js';
import { loadSpecFile } from '../dsl/index.js';

function load(file: string, consts: Record<string, string>) {
  const r = loadSpecFile(file, { consts });
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
  return r.spec;
}

describe('Lamport mutex (bench/lamport_mutex.uffd, N=3)', () => {
  const table: [number, number, number, number][] = [
    // maxClock, distinct, generated, depth
    [3, 10209, 41532, 30],
    [4, 70472, 276113, 40],
  ];
  for (const [maxClock, distinct, generated, depth] of table) {
    it(`maxClock=${maxClock}: ${distinct} states, ${generated} generated, depth ${depth}`, () => {
      const r = check(load('bench/lamport_mutex.uffd', { maxClock: String(maxClock) }));
      expect(r.outcome).toBe('ok');
      expect(r.stats.distinct).toBe(distinct);
      expect(r.stats.generated).toBe(generated);
      expect(r.stats.depth).toBe(depth);
    });
  }
});

describe('two-phase commit (bench/two_phase.uffd)', () => {
  const table: [string, number, number, number][] = [
    ['{r1,r2,r3}', 288, 1145, 10],
    ['{r1,r2,r3,r4,r5,r6}', 50816, 402305, 19],
  ];
  for (const [rm, distinct, generated, depth] of table) {
    it(`RM=${rm}: ${distinct} states`, () => {
      const r = check(load('bench/two_phase.uffd', { RM: rm }));
      expect(r.outcome).toBe('ok');
      expect(r.stats.distinct).toBe(distinct);
      expect(r.stats.generated).toBe(generated);
      expect(r.stats.depth).toBe(depth);
    });
  }
});
