// The command line as a user meets it: exit codes, the summary, the trace,
// and error messages with file:line:col.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from './run-cli.js';

function tmpSpec(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'uffd-cli-'));
  const f = join(dir, 'bad.uffd');
  writeFileSync(f, text);
  return f;
}

describe('uffd-spec check', () => {
  it('the bundled spec holds: exit 0 and a verdict line per property', async () => {
    const r = await run('check', 'specs/mmap_changing.uffd');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/invariant ChildSeesData\s+holds/);
    expect(r.out).toMatch(/deadlock\s+holds/);
    expect(r.out).toMatch(/property MonitorLearnsOfFork\s+holds/);
    expect(r.out).toContain('Verdict: every checked property holds.');
  });

  it('without the mmap_changing check the child sees a zero page: exit 1 and a trace', async () => {
    const r = await run('check', 'specs/mmap_changing.uffd', '--const', 'CHECK_MC=false', '--invariant', 'ChildSeesData');
    expect(r.code).toBe(1);
    expect(r.out).toContain('Error: invariant ChildSeesData is violated.');
    expect(r.out).toMatch(/fork\.copy\(\)/);
    expect(r.out).toMatch(/cpte\[\w\] = zero|cpte = \[.*zero/);
  });

  it('the trace length equals the BFS depth of the first violation', async () => {
    const r = await run('check', 'bench/fork_copy.uffd', '--const', 'P=2', '--const', 'T=1', '--const', 'CHECK=false');
    expect(r.code).toBe(1);
    expect(r.out).toContain('has 10 steps');
    expect(r.out).toMatch(/State 10: child_fault\(i=\d\)/);
    expect(r.out).not.toMatch(/State 11/);
  });

  it('prints only the variables that changed at each step', async () => {
    const r = await run('check', 'bench/fork_copy.uffd', '--const', 'P=1', '--const', 'T=1', '--const', 'CHECK=false');
    const step1 = r.out.split('State 1:')[1].split('State 2:')[0];
    expect(step1).toContain('lk = write-locked');
    expect(step1).toContain('fork.pc = copy');
    expect(step1).not.toContain('pp =');
  });

  it('a limit exits 3 and says what was covered', async () => {
    const r = await run('check', 'bench/fork_copy.uffd', '--max-states', '100');
    expect(r.code).toBe(3);
    expect(r.out).toContain('stopped at --max-states 100');
    expect(r.out).toContain('100 distinct states');
    expect(r.out).toMatch(/invariant NoZeroOverFilled\s+unknown/);
  });

  it('--no-deadlock and --invariant select what is checked', async () => {
    const r = await run('check', 'bench/fork_copy.uffd', '--const', 'P=1', '--const', 'T=1', '--no-deadlock', '--invariant', 'NoZeroOverFilled');
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(/^\s+deadlock/m);
    const bad = await run('check', 'bench/fork_copy.uffd', '--invariant', 'Nope');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("no invariant named 'Nope'");
  });

  it('--no-temporal checks invariants and deadlock only; temporal checking on --workers N, said nowhere (it no longer runs on one thread)', async () => {
    const r = await run('check', 'bench/fork_copy.uffd', '--const', 'P=2', '--const', 'T=2', '--no-temporal');
    expect(r.code).toBe(0);
    expect(r.out).toContain('10,895 distinct states (1 initial), 45,062 successors generated, depth 25');
    expect(r.out).toMatch(/invariant NoZeroOverFilled\s+holds/);
    expect(r.out).toMatch(/property EventsRead\s+not checked/);
    expect(r.out).not.toContain('runs on one thread');
    const asked = await run('check', 'bench/fork_copy.uffd', '--const', 'P=1', '--const', 'T=1', '--workers', '3');
    expect(asked.code).toBe(0);
    expect(asked.out).not.toContain('runs on one thread');
    expect(asked.out).toMatch(/property EventsRead\s+holds/);
    const plain = await run('check', 'bench/fork_copy.uffd', '--const', 'P=1', '--const', 'T=1');
    expect(plain.out).not.toContain('runs on one thread'); // the default worker count depends on the machine
  });

  it('bad input exits 2 with file:line:col', async () => {
    const missing = await run('check', 'no/such/file.uffd');
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/no\/such\/file\.uffd:1:1: error: /);
    const f = tmpSpec('spec s\nvar x: 0..3\naction a when y > 0 { x = 1 }\n');
    const unknown = await run('check', f);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain(`${f}:3:15: error:`);
    expect(unknown.err).toMatch(/\n\s*\^/);
    const badConst = await run('check', 'bench/fork_copy.uffd', '--const', 'P=many');
    expect(badConst.code).toBe(2);
    expect(badConst.err).toContain('<command line>:1:1: error:');
    const badFlag = await run('check', 'bench/fork_copy.uffd', '--max-states', 'lots');
    expect(badFlag.code).toBe(2);
  });
});

describe('the installed command', () => {
  it('--workers 2 gives byte-identical results to one worker (counts, verdicts, traces)', () => {
    const cases = [
      ['bench/fork_copy.uffd', '--const', 'P=2', '--const', 'T=2'],
      ['bench/fork_copy.uffd', '--const', 'P=2', '--const', 'T=2', '--const', 'CHECK=false'],
      ['bench/fork_copy_sym.uffd', '--const', 'P=2', '--allow-unchecked'], // its property: not checked under symmetry
      ['specs/mmap_changing.uffd', '--const', 'CHECK_MC=false'],
    ];
    for (const args of cases) {
      const one = spawnSync(process.execPath, ['bin/uffd-spec.mjs', 'check', ...args, '--format', 'json'], { encoding: 'utf8' });
      const two = spawnSync(process.execPath, ['bin/uffd-spec.mjs', 'check', ...args, '--format', 'json', '--workers', '2'], { encoding: 'utf8' });
      expect(two.status).toBe(one.status);
      expect(two.stdout).toBe(one.stdout);
      expect(JSON.parse(one.stdout).stats.distinct).toBeGreaterThan(0);
    }
  });

  it('a low --max-memory stops a large check cleanly with what it covered (exit 3)', () => {
    const r = spawnSync(process.execPath, ['bin/uffd-spec.mjs', 'check', 'bench/fork_copy.uffd', '--const', 'P=3', '--const', 'T=3', '--max-memory', '140'], { encoding: 'utf8' });
    expect(r.status).toBe(3);
    expect(r.stdout).toContain('stopped at --max-memory 140 MiB');
    expect(r.stdout).toMatch(/[\d,]+ distinct states \([\d,]+ initial\), [\d,]+ successors? generated, depth \d+/);
    expect(r.stderr).not.toMatch(/heap out of memory|\bat .*\.js:\d+/);
  });

  it('never prints a stack trace on bad input', () => {
    const f = tmpSpec('spec s\nvar x: 0..3\naction a { x = }\n');
    const r = spawnSync(process.execPath, ['bin/uffd-spec.mjs', 'check', f], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/bad\.uffd:3:\d+: error: /);
    expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });
});
