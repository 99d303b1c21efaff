// The README's first command reads cleanly: the header wrapped at 78
// columns, one warning for every property that holds vacuously.
import { describe, expect, it } from 'vitest';
import { run } from './run-cli.js';
import { wrapWords } from '../cli/summary.js';
import { check } from '../checker/check.js';
import { compileSource } from '../dsl/index.js';

describe("the README's first command", () => {
  it('prints a wrapped header and one vacuity warning for the three properties its scenario switches off', async () => {
    const r = await run('check', 'specs/mmap_changing.uffd', '--progress', '1000');
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    const header = lines.slice(0, lines.findIndex((l) => l.startsWith('Warning') || /distinct states/.test(l)));
    expect(header.length).toBeGreaterThan(1);
    for (const l of header) expect(l.length).toBeLessThanOrEqual(78);
    expect(header[0]).toMatch(/^Checking specs\/mmap_changing\.uffd \(spec mmap_changing\) with /);
    for (const l of header.slice(1)) expect(l).toMatch(/^ {4}\S/);
    expect(header.map((l) => l.trim()).join(' ')).toContain('MADV=false, MUNMAP=false, FAULT=true, FAULT_AT=a, SPLIT=false, MON_LOCK=0, HUGETLB=false, REMOVE_FIRST=true, FORK_READ_FAILS=false, MON={m1,m2}');
    const warnings = lines.filter((l) => l.startsWith('Warning'));
    expect(warnings).toEqual(['Warning: properties RemapRead, RemoveRead, UnmapRead: the left side of ~> never holds in a reachable state, so they hold vacuously']);
  });

  it('one vacuous property keeps its own wording', () => {
    const loaded = compileSource('spec v\nvar x: 0..1\naction a when x == 0 { x = 1 }\nproperty P: x == 2 ~> x == 0\n', 'v.uffd');
    if (!loaded.ok) throw new Error('spec');
    expect(check(loaded.spec, { deadlock: false }).warnings).toEqual(['property P: the left side of ~> never holds in a reachable state, so it holds vacuously']);
  });

  it('wrapWords breaks at spaces, indents, and keeps a word longer than the width whole', () => {
    expect(wrapWords('aaa bbb ccc', 7, 2)).toEqual(['aaa bbb', '  ccc']);
    expect(wrapWords('x ' + 'y'.repeat(20), 10, 4)).toEqual(['x', `    ${'y'.repeat(20)}`]);
    expect(wrapWords('short', 78, 4)).toEqual(['short']);
  });
});
