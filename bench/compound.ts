// The compound-value benchmarks (records, nested maps, queues of records, sets
// of records): TLA+ examples whose counts TLC has published
// (test/bench-lamport.test.ts), one worker, each run in a fresh process
// (bench/check-spec.ts), generated code and the closures alone (--no-codegen)
// taken in turn so that a change in the machine's load hits both; medians.
// With TLA2TOOLS_JAR=path/to/tla2tools.jar (and java on the PATH), TLC checks
// the TLA+ originals (bench/tla/) on one worker in the same rounds: its wall
// time includes the JVM's start, ours (search seconds) does not include node's.
// Part of `npm run bench`; alone: node dist/bench/compound.js [--runs N]
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface SpecRow { distinct: number; transitions: number; depth: number; seconds: number; maxRssBytes: number }

const here = dirname(fileURLToPath(import.meta.url));

// label, spec, constants, TLC's module and configuration in bench/tla/
const SPECS: readonly (readonly [string, string, readonly string[], string, string])[] = [
  ['lamport_mutex N=3 maxClock=6', 'lamport_mutex.uffd', ['N=3', 'maxClock=6'], 'MCLamportMutex.tla', 'MCLamportMutex.cfg'],
  ['two_phase 7 RMs', 'two_phase.uffd', ['RM={r1,r2,r3,r4,r5,r6,r7}'], 'TwoPhase.tla', 'TwoPhase7.cfg'],
];

// TLC on one worker: distinct states and wall seconds, or null when it failed.
function tlc(jar: string, module: string, cfg: string): { distinct: number; seconds: number } | null {
  const dir = mkdtempSync(join(tmpdir(), 'uffd-tlc-'));
  try {
    cpSync(join(here, '../../bench/tla'), dir, { recursive: true });
    const t0 = process.hrtime.bigint();
    const r = spawnSync('java', ['-XX:+UseParallelGC', '-cp', jar, 'tlc2.TLC', '-workers', '1', '-metadir', join(dir, 'states'), '-config', cfg, module], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 24 });
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    // the closing line (progress lines say "distinct states found" too)
    const m = /(\d+) states generated, (\d+) distinct states found, 0 states left on queue/.exec(r.stdout ?? '');
    return r.status === 0 && m ? { distinct: Number(m[2]), seconds } : null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function oneSpec(file: string, consts: readonly string[], extra: string[] = []): SpecRow {
  const args = [join(here, 'check-spec.js'), join(here, '../../bench', file), ...consts, ...extra];
  return JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 20 })) as SpecRow;
}

const median = (rows: SpecRow[]): SpecRow => rows.sort((a, b) => a.seconds - b.seconds)[Math.floor(rows.length / 2)];

export function compoundBench(runs: number): void {
  const jar = process.env.TLA2TOOLS_JAR;
  const withTlc = jar !== undefined && existsSync(jar) && spawnSync('java', ['-version']).status === 0;
  console.log('compound specs (one worker; generated code, then the closures alone: --no-codegen)');
  if (!withTlc) console.log(jar ? `TLC column skipped: ${jar} or java not found` : 'TLC column skipped: set TLA2TOOLS_JAR to a tla2tools.jar (and have java on the PATH) to compare with TLC');
  for (const [label, file, consts, module, cfg] of SPECS) {
    const gen: SpecRow[] = [], ref: SpecRow[] = [], tlcRows: { distinct: number; seconds: number }[] = [];
    for (let i = 0; i < runs; i++) {
      gen.push(oneSpec(file, consts));
      ref.push(oneSpec(file, consts, ['--no-codegen']));
      if (withTlc) { const t = tlc(jar, module, cfg); if (t) tlcRows.push(t); }
    }
    const g = median(gen), r = median(ref);
    const same = g.distinct === r.distinct && g.transitions === r.transitions && g.depth === r.depth;
    let tail = '';
    if (withTlc) {
      const t = tlcRows.sort((a, b) => a.seconds - b.seconds)[Math.floor(tlcRows.length / 2)];
      tail = t ? `  TLC ${t.seconds.toFixed(2)} s wall (${t.distinct} distinct${t.distinct === g.distinct ? '' : ', COUNTS DIFFER'}): ${(t.seconds / g.seconds).toFixed(2)}x our time` : '  TLC failed';
    }
    console.log(`${label.padEnd(30)} ${String(g.distinct).padStart(9)} distinct ${String(g.transitions).padStart(10)} generated ${g.seconds.toFixed(2).padStart(6)} s ${String(Math.round(g.distinct / g.seconds)).padStart(8)}/s  closures ${r.seconds.toFixed(2)} s (${(r.seconds / g.seconds).toFixed(2)}x)${same ? '' : ' (COUNTS DIFFER)'}${tail}`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--runs');
  compoundBench(i > 0 ? Number(process.argv[i + 1]) : 3);
}
