// Start-up of a check, phase by phase, for the main spec (or FILE):
//   node dist/bench/startup.js [FILE] [--runs N]
// Each run is a fresh process (bench/startup-one.ts) that times, from the
// process's own start (performance.now() counts from it): loading the
// modules, parsing, checking and lowering to the IR, compiling the model,
// and the first state; the whole CLI (`check --max-states 1`) is timed too.
// Cold: Ohm parses (UFFD_SPEC_CACHE=off); warm: the syntax tree is read from
// the parse cache (dsl/parse-cache.ts, a private directory here). The runs
// alternate cold and warm. Medians of N runs (default 5).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 5;
const file = args.find((a, i) => !a.startsWith('--') && (runsAt < 0 || i !== runsAt + 1)) ?? join(here, '../../specs/mmap_changing.uffd');

type Phases = Record<string, number>;
const cache = mkdtempSync(join(tmpdir(), 'uffd-startup-'));
const modes = { cold: { ...process.env, UFFD_SPEC_CACHE: 'off' }, warm: { ...process.env, UFFD_SPEC_CACHE: cache } };
const rows: Record<string, Phases[]> = { cold: [], warm: [] };
const cli: Record<string, number[]> = { cold: [], warm: [] };
// fills the cache for the warm runs
execFileSync(process.execPath, [join(here, 'startup-one.js'), file], { env: modes.warm });
for (let i = 0; i < runs; i++) {
  for (const [mode, env] of Object.entries(modes)) {
    rows[mode].push(JSON.parse(execFileSync(process.execPath, [join(here, 'startup-one.js'), file], { encoding: 'utf8', env })) as Phases);
    const t0 = process.hrtime.bigint();
    try {
      execFileSync(process.execPath, [join(here, '../../bin/uffd-spec.mjs'), 'check', file, '--max-states', '1', '--workers', '1'], { stdio: 'ignore', env });
    } catch { /* exit 3: the limit, as asked */ }
    cli[mode].push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
}
rmSync(cache, { recursive: true, force: true });
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`start-up of ${file}, median of ${runs} fresh processes each, ms since the process started (node ${process.version})`);
console.log(`  ${''.padEnd(28)} ${'cold'.padStart(7)} ${'warm'.padStart(7)}`);
for (const k of Object.keys(rows.cold[0])) console.log(`  ${k.padEnd(28)} ${median(rows.cold.map((r) => r[k])).toFixed(1).padStart(7)} ${median(rows.warm.map((r) => r[k])).toFixed(1).padStart(7)}`);
console.log(`  ${'whole CLI, --max-states 1'.padEnd(28)} ${median(cli.cold).toFixed(1).padStart(7)} ${median(cli.warm).toFixed(1).padStart(7)}  (wall clock, exit included)`);
