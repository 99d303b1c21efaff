// npm run bench: the fork-copy reference model at P=3,T=2 and P=3,T=3, one
// worker, each size in a fresh process (median of --runs N, default 3).
// Bytes per distinct state = (peak RSS at the size - peak RSS at P=1,T=1) / distinct.
// With `spin` on the PATH it also runs ../shared/bench/fork_copy.pml on the same sizes.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface Row { P: number; T: number; distinct: number; transitions: number; depth: number; seconds: number; maxRssBytes: number; outcome: string }

const here = dirname(fileURLToPath(import.meta.url));
const one = join(here, 'check-one.js');
const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 3;
const sizes: [number, number][] = [[3, 2], [3, 3]];

function measure(p: number, t: number): Row {
  const rows: Row[] = [];
  for (let i = 0; i < runs; i++) {
    rows.push(JSON.parse(execFileSync(process.execPath, [one, String(p), String(t)], { encoding: 'utf8', maxBuffer: 1 << 20 })) as Row);
  }
  rows.sort((a, b) => a.seconds - b.seconds);
  const median = rows[Math.floor(rows.length / 2)];
  return { ...median, maxRssBytes: Math.max(...rows.map((r) => r.maxRssBytes)) };
}

function spinRate(p: number, t: number): number | null {
  if (spawnSync('spin', ['-V']).status !== 0) return null;
  const pml = [join(here, '../../../shared/bench/fork_copy.pml'), join(here, '../../shared/bench/fork_copy.pml')].find(existsSync);
  if (!pml) return null;
  const dir = mkdtempSync(join(tmpdir(), 'uffd-spin-'));
  copyFileSync(pml, join(dir, 'fork_copy.pml'));
  execFileSync('spin', [`-DP=${p}`, `-DT=${t}`, '-a', 'fork_copy.pml'], { cwd: dir, stdio: 'ignore' });
  execFileSync('gcc', ['-O2', '-DBFS', '-DNOREDUCE', '-DSAFETY', '-o', 'pan', 'pan.c'], { cwd: dir, stdio: 'ignore' });
  const t0 = process.hrtime.bigint();
  const out = execFileSync('./pan', ['-w22'], { cwd: dir, encoding: 'utf8' });
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  const m = /([\d.e+]+) states, stored/.exec(out);
  return m ? Number(m[1]) / secs : null;
}

const base = measure(1, 1);
console.log(`fork_copy benchmark, one worker, median of ${runs} run(s), node ${process.version}`);
console.log(`baseline P=1,T=1: ${base.distinct} states, peak RSS ${(base.maxRssBytes / 2 ** 20).toFixed(1)} MiB`);
console.log('size    distinct    transitions  depth  seconds  states/s   peak RSS MiB  bytes/state  vs SPIN');
for (const [p, t] of sizes) {
  const r = measure(p, t);
  const rate = r.distinct / r.seconds;
  const bps = (r.maxRssBytes - base.maxRssBytes) / r.distinct;
  const spin = spinRate(p, t);
  const vs = spin === null ? 'spin not installed: skipped' : `${(rate / spin).toFixed(2)}x (${Math.round(spin)} states/s)`;
  console.log(`P${p} T${t}  ${String(r.distinct).padStart(10)}  ${String(r.transitions).padStart(12)}  ${String(r.depth).padStart(5)}  ${r.seconds.toFixed(2).padStart(7)}  ${String(Math.round(rate)).padStart(8)}  ${(r.maxRssBytes / 2 ** 20).toFixed(1).padStart(12)}  ${bps.toFixed(1).padStart(11)}  ${vs}`);
}
