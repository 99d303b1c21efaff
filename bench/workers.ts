// The parallel search's scaling on the fork-copy model: for each worker
// count, distinct states, transitions, seconds, states/s, speed-up over one
// worker and peak RSS; each run in a fresh process (bench/check-one.ts),
// median of --runs R (default 3) by time, the worker counts taken in turn
// in each round (a machine whose speed drifts slows all of them alike).
// Runs from the build alone (node, dist/ and the production node_modules):
//   node dist/bench/workers.js P T N1,N2,... [--runs R] [--mode safety|sym|nosym] [--engine pipeline|levels]
// e.g. node dist/bench/workers.js 3 3 1,2,4,8,16
// 1 is the one-thread search (what --workers 1 runs), the speed-ups' base.
// --engine picks the parallel search (default: what --workers N picks, the
// pipeline up to 3 threads, the level-synchronous search above).
// Exits 1 if the runs disagree on the counts.
import { execFileSync } from 'node:child_process';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface Row { distinct: number; transitions: number; depth: number; seconds: number; maxRssBytes: number; outcome: string }

const args = process.argv.slice(2);
const flag = (name: string, dflt: string) => { const i = args.indexOf(name); if (i < 0) return dflt; const v = args[i + 1]; args.splice(i, 2); return v; };
const runs = Number(flag('--runs', '3'));
const mode = flag('--mode', 'safety');
const engine = flag('--engine', '');
if (engine !== '' && engine !== 'pipeline' && engine !== 'levels') {
  console.error('--engine: pipeline or levels');
  process.exit(2);
}
const [p, t, list] = args;
if (!p || !t || !list || !(runs >= 1)) {
  console.error('usage: node dist/bench/workers.js P T N1,N2,... [--runs R] [--mode safety|sym|nosym]   ');
  process.exit(2);
}
const counts = list.split(',');
const one = join(dirname(fileURLToPath(import.meta.url)), 'check-one.js');

function once(w: string): Row {
  const argv = [one, mode, p, t, w, ...(engine && w !== '1' ? [engine] : [])];
  return JSON.parse(execFileSync(process.execPath, argv, { encoding: 'utf8', maxBuffer: 1 << 20 })) as Row;
}

const all = new Map<string, Row[]>(counts.map((w) => [w, []]));
for (let i = 0; i < runs; i++) for (const w of counts) all.get(w)!.push(once(w));
function measure(w: string): Row {
  const rows = all.get(w)!.sort((a, b) => a.seconds - b.seconds);
  return rows[Math.floor(rows.length / 2)];
}

const mib = (b: number) => (b / 2 ** 20).toFixed(1);
console.log(`fork_copy ${mode} P=${p} T=${t}, engine ${engine || 'default'}: median of ${runs} run(s), node ${process.version}, ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown cpu'}), load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
console.log('workers   distinct  transitions depth seconds  states/s  speed-up  RSS MiB');
let base: Row | null = null;
let first: Row | null = null;
let mismatch = false;
for (const w of counts) {
  const r = measure(w);
  first ??= r;
  if (w === '1') base ??= r;
  if (r.distinct !== first.distinct || r.transitions !== first.transitions || r.depth !== first.depth || r.outcome !== first.outcome) mismatch = true;
  const ref = base ?? first;
  console.log(`${w.padStart(7)} ${String(r.distinct).padStart(10)} ${String(r.transitions).padStart(12)} ${String(r.depth).padStart(5)} ${r.seconds.toFixed(2).padStart(7)} ${String(Math.round(r.distinct / r.seconds)).padStart(9)} ${(ref.seconds / r.seconds).toFixed(2).padStart(8)}x ${mib(r.maxRssBytes).padStart(8)}`);
}
console.log(`load average after: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
if (mismatch) {
  console.log('MISMATCH: the worker counts disagree on distinct states, transitions, depth or outcome');
  process.exit(1);
}
