// bench/fork_copy.uffd must reproduce the reference table of
// ../shared/bench/MODEL.md exactly (SPIN, Rumur and TLC agree on it): a
// different count is a bug in the model or in the checker.
import { describe, expect, it } from 'vitest';
import { check } from '../checker/check.js';
import { readFileSync } from 'node:fs';
import { compileSource, loadSpecFile } from '../dsl/index.js';

function load(consts: Record<string, string>) {
  const r = loadSpecFile('bench/fork_copy.uffd', { consts });
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
  return r.spec;
}

describe('fork_copy reference counts (CHECK=true, QMAX=2)', () => {
  const table: [number, number, number, number, number][] = [
    // P, T, distinct, transitions, depth
    [1, 1, 139, 315, 15],
    [2, 1, 1601, 4734, 22],
    [2, 2, 10895, 45062, 25],
    [2, 3, 79061, 418476, 28],
    [3, 2, 160116, 771097, 30],
  ];
  for (const [p, t, distinct, transitions, depth] of table) {
    it(`P=${p} T=${t}: ${distinct} states, ${transitions} transitions, depth ${depth}`, () => {
      const r = check(load({ P: String(p), T: String(t) }));
      expect(r.outcome).toBe('ok');
      expect(r.stats.distinct).toBe(distinct);
      expect(r.stats.generated).toBe(transitions);
      expect(r.stats.depth).toBe(depth);
    });
  }
});

describe('fork_copy without the mmap_changing check (CHECK=false, P=2, T=1)', () => {
  it('has 3,735 reachable states and 11,298 edges when no invariant stops it', () => {
    const r = check(load({ P: '2', T: '1', CHECK: 'false' }), { invariants: [] });
    expect(r.outcome).toBe('ok');
    expect(r.stats.distinct).toBe(3735);
    expect(r.stats.generated).toBe(11298);
  });

  it('violates NoZeroOverFilled with the 10-step trace of MODEL.md', () => {
    const r = check(load({ P: '2', T: '1', CHECK: 'false' }));
    expect(r.violation?.kind).toBe('invariant');
    const steps = r.violation!.trace.steps.slice(1).map((s) => s.action!.name);
    expect(steps).toHaveLength(10);
    // ForkLock, ForkCopy, ForkUnlock, ForkNotify, then one whole UFFDIO_COPY,
    // ReadEvent, ChildFault: the copy runs between copy_page_range and the read of FORK.
    expect(steps).toEqual([
      'fork.lock', 'fork.copy', 'fork.unlock', 'fork.notify',
      'copier.idle', 'copier.locked', 'copier.checked', 'copier.installed',
      'read_event', 'child_fault',
    ]);
  });
});

describe('fork_copy liveness EventsRead (MODEL.md)', () => {
  const text = readFileSync('bench/fork_copy.uffd', 'utf8');
  const verdictOf = (src: string) => {
    const r = compileSource(src, 'bench/fork_copy.uffd', { consts: { P: '2', T: '1' } });
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
    return check(r.spec).verdicts.find((v) => v.name === 'EventsRead')?.verdict;
  };
  it('holds under weak fairness of the reader only', () => {
    expect(verdictOf(text)).toBe('holds');
  });
  it('fails without fairness (a copy thread can loop while an event waits)', () => {
    const unfair = text.replace(/^fairness weak\(read_event\)$/m, '');
    expect(unfair).not.toBe(text);
    expect(verdictOf(unfair)).toBe('violated');
  });
});
