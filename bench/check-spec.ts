// One check of a bench spec in a fresh process (its own peak RSS), one worker:
//   node dist/bench/check-spec.js FILE [NAME=VALUE ...] [--no-codegen]  ->  one JSON line
// --no-codegen checks with the closure compiler alone (the reference).
import { check } from '../checker/check.js';
import { loadSpecFile } from '../dsl/index.js';

const args = process.argv.slice(2);
const file = args[0];
const consts = Object.fromEntries(args.slice(1).filter((a) => a.includes('=')).map((a) => [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]));
const codegen = !args.includes('--no-codegen');
const loaded = loadSpecFile(file, { consts });
if (!loaded.ok) {
  process.stderr.write(JSON.stringify(loaded.diagnostics) + '\n');
  process.exit(2);
}
const r = check(loaded.spec, { progressEverySeconds: 1e9, codegen });
process.stdout.write(JSON.stringify({
  file, consts, codegen, outcome: r.outcome,
  distinct: r.stats.distinct, transitions: r.stats.generated, depth: r.stats.depth,
  seconds: r.stats.seconds, maxRssBytes: process.resourceUsage().maxRSS * 1024,
}) + '\n');
