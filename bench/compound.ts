// The compound-value benchmarks (records, nested maps, queues of records, sets
// of records): TLA+ examples whose counts TLC has published
// (test/bench-lamport.test.ts), one worker, each run in a fresh process
// (bench/check-spec.ts), generated code and the closures alone (--no-codegen)
// taken in turn so that a change in the machine's load hits both; medians.
// Part of `npm run bench`; alone: node dist/bench/compound.js [--runs N]
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface SpecRow { distinct: number; transitions: number; depth: number; seconds: number; maxRssBytes: number }

const here = dirname(fileURLToPath(import.meta.url));

const SPECS: readonly (readonly [string, string, readonly string[]])[] = [
  ['lamport_mutex N=3 maxClock=6', 'lamport_mutex.uffd', ['N=3', 'maxClock=6']],
  ['two_phase 7 RMs', 'two_phase.uffd', ['RM={r1,r2,r3,r4,r5,r6,r7}']],
];

function oneSpec(file: string, consts: readonly string[], extra: string[] = []): SpecRow {
  const args = [join(here, 'check-spec.js'), join(here, '../../bench', file), ...consts, ...extra];
  return JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 20 })) as SpecRow;
}

const median = (rows: SpecRow[]): SpecRow => rows.sort((a, b) => a.seconds - b.seconds)[Math.floor(rows.length / 2)];

export function compoundBench(runs: number): void {
  console.log('compound specs (one worker; generated code, then the closures alone: --no-codegen)');
  for (const [label, file, consts] of SPECS) {
    const gen: SpecRow[] = [], ref: SpecRow[] = [];
    for (let i = 0; i < runs; i++) { gen.push(oneSpec(file, consts)); ref.push(oneSpec(file, consts, ['--no-codegen'])); }
    const g = median(gen), r = median(ref);
    const same = g.distinct === r.distinct && g.transitions === r.transitions && g.depth === r.depth;
    console.log(`${label.padEnd(30)} ${String(g.distinct).padStart(9)} distinct ${String(g.transitions).padStart(10)} generated ${g.seconds.toFixed(2).padStart(6)} s ${String(Math.round(g.distinct / g.seconds)).padStart(8)}/s  closures ${r.seconds.toFixed(2)} s (${(r.seconds / g.seconds).toFixed(2)}x)${same ? '' : ' (COUNTS DIFFER)'}`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--runs');
  compoundBench(i > 0 ? Number(process.argv[i + 1]) : 3);
}
