// --workers N beyond the cores available: capped (one line on stderr), the
// same result; limits and signals stop a multi-threaded search promptly.
import { spawn, spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { checkWith } from '../checker/check.js';
import { loadSpecFile } from '../dsl/index.js';

const SMALL = ['bench/fork_copy.uffd', '--const', 'P=2', '--const', 'T=2', '--no-temporal', '--format', 'json'];
// large enough not to finish within the test's few seconds on any machine
const LARGE = ['bench/fork_copy.uffd', '--const', 'P=3', '--const', 'T=4', '--no-temporal', '--progress', '100'];

function cli(args: string[]) {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, ['bin/uffd-spec.mjs', 'check', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr, ms: Date.now() - t0 };
}

function signalled(args: string[], signal: NodeJS.Signals, afterMs: number): Promise<{ code: number | null; out: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const child = spawn(process.execPath, ['bin/uffd-spec.mjs', 'check', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', () => {});
    const timer = setTimeout(() => child.kill(signal), afterMs);
    const guard = setTimeout(() => child.kill('SIGKILL'), afterMs + 20_000);
    child.on('error', reject);
    child.on('close', (code) => { clearTimeout(timer); clearTimeout(guard); resolve({ code, out, ms: Date.now() - t0 - afterMs }); });
  });
}

describe('--workers', () => {
  it('--workers 1000 is capped at the cores available (one line on stderr), finishes quickly with the same result as one', () => {
    const one = cli([...SMALL, '--workers', '1']);
    const many = cli([...SMALL, '--workers', '1000']);
    expect(one.code).toBe(0);
    expect(many.code).toBe(0);
    expect(many.out).toBe(one.out);
    expect(JSON.parse(many.out).stats.distinct).toBe(10895);
    const capped = many.err.split('\n').filter((l) => l.includes('--workers'));
    expect(capped).toEqual([`uffd-spec: --workers 1000: using ${availableParallelism()}, the number of cores available`]);
    expect(one.err).not.toContain('--workers');
    expect(many.ms).toBeLessThan(30_000); // was minutes: a thousand threads started
  });

  for (const w of ['2', '4']) {
    it(`--time-limit stops a --workers ${w} run with what it covered (exit 3)`, () => {
      const r = cli([...LARGE, '--workers', w, '--time-limit', '1']);
      expect(r.code, r.out + r.err).toBe(3);
      expect(r.out).toContain('Search stopped at --time-limit 1 s. Covered so far:');
      expect(r.out).toMatch(/[\d,]+ distinct states \([\d,]+ initial\), [\d,]+ successors? generated, depth \d+/);
      expect(r.ms).toBeLessThan(15_000);
    });

    it(`SIGINT stops a --workers ${w} run with what it covered (exit 3)`, async () => {
      const r = await signalled([...LARGE, '--workers', w], 'SIGINT', 2500);
      expect(r.code, r.out).toBe(3);
      expect(r.out).toContain('Search interrupted (SIGINT). Covered so far:');
      expect(r.ms).toBeLessThan(10_000); // after the signal
    });
  }

  // the engines themselves, whatever the cores: 4 threads run the level-synchronous search
  for (const workers of [2, 4]) {
    it(`the ${workers === 2 ? 'pipeline' : 'level-synchronous'} engine (${workers} threads) honours --time-limit and an interruption`, async () => {
      const loaded = loadSpecFile('bench/fork_copy.uffd', { consts: { P: '3', T: '4' } });
      if (!loaded.ok) throw new Error('spec');
      const t0 = Date.now();
      const timed = await checkWith(loaded.spec, { workers, temporal: false, timeLimitSeconds: 1 });
      expect(timed.limit).toEqual({ kind: 'time-limit', value: 1 });
      expect(Date.now() - t0).toBeLessThan(10_000);
      const t1 = Date.now();
      const stopped = await checkWith(loaded.spec, { workers, temporal: false, shouldStop: () => (Date.now() - t1 > 1000 ? 'SIGINT' : null) });
      expect(stopped.limit).toEqual({ kind: 'interrupted', value: 'SIGINT' });
      expect(stopped.stats.distinct).toBeGreaterThan(0);
      expect(Date.now() - t1).toBeLessThan(10_000);
    });
  }
});
