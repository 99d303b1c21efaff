// One benchmark measurement in a fresh process, so its peak RSS is its own:
// node dist/bench/check-one.js P T  ->  one JSON line on stdout.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { check } from '../checker/search.js';
import { loadSpecFile } from '../dsl/index.js';

const [p, t] = process.argv.slice(2);
const here = dirname(fileURLToPath(import.meta.url));
const file = [join(here, 'fork_copy.uffd'), join(here, '../../bench/fork_copy.uffd')].find((f) => existsSync(f));

const loaded = loadSpecFile(file ?? 'bench/fork_copy.uffd', { consts: { P: p, T: t } });
if (!loaded.ok) {
  process.stderr.write(JSON.stringify(loaded.diagnostics) + '\n');
  process.exit(2);
}
const r = check(loaded.spec, { progressEverySeconds: 1e9 });
process.stdout.write(JSON.stringify({
  P: Number(p), T: Number(t), outcome: r.outcome,
  distinct: r.stats.distinct, transitions: r.stats.generated, depth: r.stats.depth,
  seconds: r.stats.seconds, maxRssBytes: process.resourceUsage().maxRSS * 1024,
}) + '\n');
