// One benchmark measurement in a fresh process, so its peak RSS is its own:
//   node dist/bench/check-one.js MODE P T [WORKERS [ENGINE]]  ->  one JSON line on stdout
// MODE: safety (invariants only, like SPIN -DSAFETY), live (also EventsRead
// under fairness), sym / nosym (fork_copy_sym.uffd with and without symmetry).
// WORKERS: run the parallel search on that many threads (default: check(),
// the one-thread search); ENGINE: pipeline or levels (default: checkWith's choice).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { check, checkWith } from '../checker/check.js';
import { loadSpecFile } from '../dsl/index.js';

const [mode, p, t, w, engine] = process.argv.slice(2);
const here = dirname(fileURLToPath(import.meta.url));
const symmetric = mode === 'sym' || mode === 'nosym';
const name = symmetric ? 'fork_copy_sym.uffd' : 'fork_copy.uffd';
const file = [join(here, name), join(here, '../../bench', name)].find((f) => existsSync(f)) ?? join('bench', name);
const threads = Array.from({ length: Number(t) }, (_, i) => `t${i + 1}`).join(',');
const consts: Record<string, string> = symmetric ? { P: p, Thread: `{${threads}}` } : { P: p, T: t };

const loaded = loadSpecFile(file, { consts });
if (!loaded.ok) {
  process.stderr.write(JSON.stringify(loaded.diagnostics) + '\n');
  process.exit(2);
}
const opts = { progressEverySeconds: 1e9, temporal: mode === 'live', symmetry: mode !== 'nosym' };
const r = w === undefined ? check(loaded.spec, opts) : await checkWith(loaded.spec, { ...opts, workers: Number(w), parallel: engine ? { engine: engine as 'pipeline' | 'levels' } : undefined });
process.stdout.write(JSON.stringify({
  mode, P: Number(p), T: Number(t), workers: w === undefined ? null : Number(w), outcome: r.outcome,
  distinct: r.stats.distinct, transitions: r.stats.generated, depth: r.stats.depth,
  seconds: r.stats.seconds, maxRssBytes: process.resourceUsage().maxRSS * 1024,
  verdicts: r.verdicts.map((v) => `${v.name}:${v.verdict}`),
}) + '\n');
