// SIGINT / SIGTERM during a long check: the search stops at the next poll
// (every 1024 states), prints what it covered and exits 3.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';

function runAndSignal(signal: NodeJS.Signals, afterMs: number, extra: string[] = []): Promise<{ code: number | null; sig: NodeJS.Signals | null; out: string; err: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const child = spawn(process.execPath, ['bin/uffd-spec.mjs', 'check', 'bench/fork_copy.uffd', '--const', 'P=3', '--const', 'T=4', '--progress', '0.5', ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    const timer = setTimeout(() => child.kill(signal), afterMs);
    const guard = setTimeout(() => child.kill('SIGKILL'), afterMs + 20_000);
    child.on('error', reject);
    child.on('close', (code, sig) => { clearTimeout(timer); clearTimeout(guard); resolve({ code, sig, out, err, ms: Date.now() - t0 }); });
  });
}

describe('interruption', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal} prints the partial summary and exits 3`, async () => {
      const r = await runAndSignal(signal, 1500);
      expect(r.sig, r.err).toBeNull(); // exited by itself, not killed by the signal
      expect(r.code, r.out + r.err).toBe(3);
      expect(r.ms).toBeLessThan(10_000); // stopped promptly, not at the end of the search
      expect(r.out).toContain(`Search interrupted (${signal}). Covered so far:`);
      const m = /([\d,]+) distinct states \([\d,]+ initial\), ([\d,]+) successors? generated, depth (\d+)/.exec(r.out);
      expect(m, r.out).not.toBeNull();
      expect(Number(m![1].replace(/,/g, ''))).toBeGreaterThan(1000);
      expect(Number(m![3])).toBeGreaterThan(0);
      expect(r.out).toMatch(/invariant \w+\s+unknown/);
      expect(r.out).toContain('Verdict: incomplete: the search stopped at a limit (exit 3).');
    });
  }
});
