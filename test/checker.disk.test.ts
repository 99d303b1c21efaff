// --disk: a search whose visited set and frontier pass their (here tiny)
// budgets spills them to files and finds exactly what the in-memory search
// finds: counts, depth, verdicts and counterexamples; its files are gone
// afterwards and nothing else was written.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { check, type CheckOptions } from '../checker/check.js';
import { Search } from '../checker/search/one-thread.js';
import { compileModel } from '../checker/compile/model.js';
import { loadSpecFile } from '../dsl/index.js';
import { run as runCli } from './run-cli.js';

function load(file: string, consts: Record<string, string>) {
  const r = loadSpecFile(file, { consts });
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
  return r.spec;
}

let dir = '';
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'uffd-disk-test-')); });
afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

// budgets small enough that fork_copy P=2,T=2 (10,895 states, levels of up to
// about 1,000) merges its visited set many times, sends frontier chunks of 64
// states to files and its links in pages of 256
const tiny = () => ({ dir, visitedBytes: 16 * 1024, frontierChunks: 3, chunkBits: 6, pageBits: 8 });

describe('--disk', () => {
  it('fork_copy P=2,T=2: the reference counts with every part spilled', () => {
    const spec = load('bench/fork_copy.uffd', { P: '2', T: '2' });
    const opts: CheckOptions = { disk: tiny() };
    const search = new Search(compileModel(spec), opts);
    const r = search.run();
    // MODEL.md's table (test/bench-model.test.ts): 10,895 states, 45,062 transitions, depth 25
    expect([r.outcome, r.stats.distinct, r.stats.generated, r.stats.depth]).toEqual(['ok', 10895, 45062, 25]);
    expect(search.spillCounts()).toMatchObject({ merges: expect.any(Number), frontierFiles: expect.any(Number) });
    expect(search.spillCounts()!.merges).toBeGreaterThan(5);
    expect(search.spillCounts()!.frontierFiles).toBeGreaterThan(10);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('the same counterexample (links read back from the file) and liveness verdict as in memory', () => {
    const spec = load('bench/fork_copy.uffd', { P: '2', T: '2', CHECK: 'false' });
    const mem = check(spec);
    const disk = check(spec, { disk: tiny() });
    expect(mem.violation?.kind).toBe('invariant');
    expect(disk.stats).toMatchObject({ distinct: mem.stats.distinct, generated: mem.stats.generated, depth: mem.stats.depth });
    expect(disk.violation?.trace.steps.map((s) => [s.action?.name, [...s.state]])).toEqual(mem.violation?.trace.steps.map((s) => [s.action?.name, [...s.state]]));
    const live = load('bench/fork_copy.uffd', { P: '2', T: '1' });
    const a = check(live, { invariants: [] }), b = check(live, { invariants: [], disk: tiny() });
    expect(b.verdicts).toEqual(a.verdicts);
    expect(b.stats.distinct).toBe(a.stats.distinct);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('the CLI checks DIR before the search and writes nothing outside it', async () => {
    const missing = await runCli('check', 'bench/fork_copy.uffd', '--const', 'P=1', '--const', 'T=1', '--disk', join(dir, 'nope'));
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/--disk .*nope.*(does not exist|not a directory)/);
    writeFileSync(join(dir, 'file'), 'x');
    const file = await runCli('check', 'bench/fork_copy.uffd', '--const', 'P=1', '--const', 'T=1', '--disk', join(dir, 'file'));
    expect(file.code).toBe(2);
    expect(file.err).toMatch(/is not a directory/);
    const ok = await runCli('check', 'bench/fork_copy.uffd', '--const', 'P=2', '--const', 'T=1', '--disk', dir, '--max-memory', '300');
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/1,601 distinct states/);
    expect(readdirSync(dir)).toEqual(['file']);
  });
});
