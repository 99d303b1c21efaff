// npm run verdicts: recompute specs/README.md's verdict table (between
// <!-- verdicts:begin --> and <!-- verdicts:end -->; the rest of the file is
// left as it is) and the readings of its failing cells from specs/readings.md.
// Progress and each cell's time on stderr, the total on stdout; the table
// itself has no times, so two runs write the same bytes.
// Exit 1 (after writing): a failing cell has no reading, or a reading matches
// no failing cell. Exit 2 (nothing written): no markers, or a cell that did
// not run to the end (e.g. a scenario constant the variant's spec lacks).
import { availableParallelism } from 'node:os';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { computeVerdicts, repoRoot } from './compute.js';
import { withSection } from './table.js';

const arg = process.argv.indexOf('--threads');
const threads = arg > 0 ? Math.max(1, Number(process.argv[arg + 1]) || 1) : Math.min(2, availableParallelism());
const root = repoRoot();
const readmeFile = join(root, 'specs', 'README.md');
const readme = readFileSync(readmeFile, 'utf8');
if (typeof withSection(readme, '') !== 'string') {
  process.stderr.write(`verdicts: ${(withSection(readme, '') as { error: string }).error}; nothing written\n`);
  process.exit(2);
}
const start = Date.now();
let cpu = 0;
const r = await computeVerdicts(root, threads, (c, done, total) => {
  cpu += c.seconds;
  const what = c.ok ? `${c.distinct.toLocaleString('en-US')} states` : 'FAILED';
  process.stderr.write(`[${done}/${total}] ${c.variant} / ${c.scenario}: ${what}, ${c.seconds.toFixed(2)} s\n`);
});
const took = `${r.cells.length} cells in ${((Date.now() - start) / 1000).toFixed(1)} s on ${threads} thread${threads === 1 ? '' : 's'} (cells' own times add up to ${cpu.toFixed(1)} s)`;
// a cell that did not run (a scenario constant the spec lacks) or did not
// finish (a limit, an evaluation error): the table would be wrong, keep the old one
if (r.problems.length) {
  for (const p of r.problems) process.stderr.write(`verdicts: ${p}\n`);
  process.stderr.write(`verdicts: ${took}; specs/README.md not written\n`);
  process.exit(2);
}
const next = withSection(readme, r.markdown) as string;
if (next !== readme) writeFileSync(readmeFile, next);
process.stdout.write(`verdicts: ${took}; specs/README.md ${next !== readme ? 'updated' : 'unchanged'}\n`);
for (const h of r.missing) process.stderr.write(`verdicts: no reading for the failing cell '### ${h}' in specs/readings.md\n`);
for (const h of r.stale) process.stderr.write(`verdicts: the reading '### ${h}' in specs/readings.md matches no failing cell (stale)\n`);
if (r.missing.length || r.stale.length) process.exitCode = 1;
