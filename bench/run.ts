// npm run bench: the fork-copy reference model (bench/fork_copy.uffd, from
// ../shared/bench/MODEL.md), one worker, each measurement in a fresh process,
// median of --runs N (default 3):
//   safety-only at P=3,T=2 and P=3,T=3: distinct states/s, peak RSS and bytes
//     per distinct state = (peak RSS at the size - peak RSS at P=1,T=1) / distinct;
//   the same with the liveness property EventsRead (cost of temporal checking);
//   symmetric copy threads with and without reduction (bench/fork_copy_sym.uffd);
//   P=3,T=3 safety-only on 2 threads (--workers 2), one and two threads taken
//   in turn, against one thread;
//   the compound-value specs bench/lamport_mutex.uffd and bench/two_phase.uffd,
//   generated code against the closures alone (bench/compound.ts).
// With `spin` on the PATH it also runs ../shared/bench/fork_copy.pml on the same sizes.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compoundBench } from './compound.js';

interface Row { mode: string; P: number; T: number; distinct: number; transitions: number; depth: number; seconds: number; maxRssBytes: number }

const here = dirname(fileURLToPath(import.meta.url));
const one = join(here, 'check-one.js');
const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 3;

function once(mode: string, p: number, t: number, workers?: number): Row {
  const args = [one, mode, String(p), String(t), ...(workers === undefined ? [] : [String(workers)])];
  return JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 20 })) as Row;
}
const median = (rows: Row[]): Row => rows.sort((a, b) => a.seconds - b.seconds)[Math.floor(rows.length / 2)];

function measure(mode: string, p: number, t: number): Row {
  const rows: Row[] = [];
  for (let i = 0; i < runs; i++) rows.push(once(mode, p, t));
  return median(rows);
}

function spinRate(p: number, t: number): number | null {
  if (spawnSync('spin', ['-V']).status !== 0) return null;
  const pml = [join(here, '../../../shared/bench/fork_copy.pml'), join(here, '../../shared/bench/fork_copy.pml')].find((f) => existsSync(f));
  if (!pml) return null;
  const dir = mkdtempSync(join(tmpdir(), 'uffd-spin-'));
  copyFileSync(pml, join(dir, 'fork_copy.pml'));
  execFileSync('spin', [`-DP=${p}`, `-DT=${t}`, '-a', 'fork_copy.pml'], { cwd: dir, stdio: 'ignore' });
  execFileSync('gcc', ['-O2', '-DBFS', '-DNOREDUCE', '-DSAFETY', '-o', 'pan', 'pan.c'], { cwd: dir, stdio: 'ignore' });
  const times: number[] = [];
  let states = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    const out = execFileSync('./pan', ['-w22'], { cwd: dir, encoding: 'utf8' });
    times.push(Number(process.hrtime.bigint() - t0) / 1e9);
    const m = /([\d.e+]+) states, stored/.exec(out);
    states = m ? Number(m[1]) : 0;
  }
  times.sort((a, b) => a - b);
  return states / times[Math.floor(times.length / 2)];
}

const mib = (b: number) => (b / 2 ** 20).toFixed(1);
const base = measure('safety', 1, 1);
console.log(`fork_copy benchmark: one worker, median of ${runs} run(s), node ${process.version}`);
console.log(`baseline P=1,T=1: ${base.distinct} states, peak RSS ${mib(base.maxRssBytes)} MiB`);
console.log('');
console.log('safety   distinct  transitions depth seconds  states/s  RSS MiB  bytes/state  vs SPIN');
for (const [p, t] of [[3, 2], [3, 3]] as const) {
  const r = measure('safety', p, t);
  const rate = r.distinct / r.seconds;
  const spin = spinRate(p, t);
  const vs = spin === null ? 'spin not installed: skipped' : `${(rate / spin).toFixed(2)}x of ${Math.round(spin)}/s`;
  console.log(`P${p} T${t} ${String(r.distinct).padStart(10)} ${String(r.transitions).padStart(12)} ${String(r.depth).padStart(5)} ${r.seconds.toFixed(2).padStart(7)} ${String(Math.round(rate)).padStart(9)} ${mib(r.maxRssBytes).padStart(8)} ${((r.maxRssBytes - base.maxRssBytes) / r.distinct).toFixed(1).padStart(12)}  ${vs}`);
}
console.log('');
console.log('liveness (EventsRead under WF(read_event)) vs safety-only');
for (const [p, t] of [[3, 2], [3, 3]] as const) {
  const s = measure('safety', p, t);
  const l = measure('live', p, t);
  console.log(`P${p} T${t}  safety ${s.seconds.toFixed(2)} s, with liveness ${l.seconds.toFixed(2)} s: ${(l.seconds / s.seconds).toFixed(2)}x time, RSS ${mib(s.maxRssBytes)} -> ${mib(l.maxRssBytes)} MiB`);
}
console.log('');
console.log('symmetric copy threads (fork_copy_sym.uffd)');
for (const [p, t] of [[3, 3], [3, 4]] as const) {
  const s = measure('sym', p, t);
  const n = t <= 3 ? measure('nosym', p, t) : null;
  const tail = n ? `; without: ${n.distinct} states in ${n.seconds.toFixed(2)} s (${(n.seconds / s.seconds).toFixed(2)}x slower)` : '';
  console.log(`P${p} T${t}  reduced: ${s.distinct} orbits in ${s.seconds.toFixed(2)} s${tail}`);
}
console.log('');
{
  const ones: Row[] = [], twos: Row[] = [];
  for (let i = 0; i < runs; i++) { ones.push(once('safety', 3, 3)); twos.push(once('safety', 3, 3, 2)); }
  const a = median(ones), b = median(twos);
  const same = a.distinct === b.distinct && a.transitions === b.transitions && a.depth === b.depth;
  console.log(`threads (P3 T3 safety): one ${a.seconds.toFixed(2)} s, two (--workers 2) ${b.seconds.toFixed(2)} s: ${(a.seconds / b.seconds).toFixed(2)}x, RSS ${mib(a.maxRssBytes)} -> ${mib(b.maxRssBytes)} MiB${same ? '' : ' (COUNTS DIFFER)'}`);
}
console.log('');
compoundBench(runs);
