// specs/README.md's verdict table is computed: this recomputes every cell
// (every variant x scenario, one --continue check each, on two threads) and
// fails when the generated part of the file differs, or when a failing cell
// has no reading in specs/readings.md. Regenerate with `npm run verdicts`.
// The cells run on worker threads from the compiled package (dist/).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCell } from '../specs/verdicts/cell.js';
import { computeVerdicts, repoRoot } from '../specs/verdicts/compute.js';
import { parseReadings } from '../specs/verdicts/readings.js';
import { between, withSection } from '../specs/verdicts/table.js';

beforeAll(() => {
  // the worker threads load dist/: stale code there would make this test lie
  for (const dir of ['checker', 'dsl', 'cli', 'counterexamples', 'specs/verdicts']) {
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.ts'))) {
      const built = join('dist', dir, f.replace(/\.ts$/, '.js'));
      let stale = true;
      try { stale = statSync(built).mtimeMs < statSync(join(dir, f)).mtimeMs; } catch { /* missing */ }
      if (stale) throw new Error(`${built} is missing or older than ${dir}/${f}: run npm run build before the tests`);
    }
  }
});

// The first lines where two texts differ, with their line numbers.
function firstDifferences(want: string, got: string, max = 8): string {
  const a = want.split('\n');
  const b = got.split('\n');
  const out: string[] = [];
  for (let i = 0; i < Math.max(a.length, b.length) && out.length < max * 2; i++) {
    if (a[i] !== b[i]) out.push(`line ${i + 1} computed: ${a[i] ?? '(none)'}`, `line ${i + 1} in file:  ${b[i] ?? '(none)'}`);
  }
  return out.join('\n');
}

describe('the verdict table of specs/README.md', () => {
  it('is what the checker computes now, and every failing cell has a reading (npm run verdicts)', async () => {
    const root = repoRoot();
    const r = await computeVerdicts(root, 2);
    expect(r.problems, 'cells that did not run to the end').toEqual([]);
    expect(r.missing, 'failing cells with no reading in specs/readings.md').toEqual([]);
    expect(r.stale, 'readings in specs/readings.md that match no failing cell').toEqual([]);
    const parts = between(readFileSync(join(root, 'specs', 'README.md'), 'utf8'));
    if (typeof parts === 'string') throw new Error(parts);
    const inFile = parts.inside.replace(/^\n/, '');
    if (inFile !== r.markdown) {
      throw new Error(`specs/README.md is stale: run npm run verdicts. First differences:\n${firstDifferences(r.markdown, inFile)}`);
    }
    // the table has a row per variant and scenario, and a reading per failing cell
    expect(r.cells.length).toBeGreaterThan(0);
    for (const h of r.failing) expect(r.markdown).toContain(`### ${h}\n`);
  }, 1_800_000);
});

describe('npm run verdicts, its parts', () => {
  it('a scenario constant the variant\'s spec lacks: the cell fails with a clear message', async () => {
    const r = await runCell(repoRoot(), { variant: 'v7', scenario: 'probe', consts: ['FORK=true', 'NO_SUCH_CONST=1'] });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toContain('specs/versions/v7.uffd, scenario probe');
      expect(r.error).toContain("the spec declares no constant 'NO_SUCH_CONST'");
    }
  });

  it('replaces only the text between the markers', () => {
    const readme = 'before\n<!-- verdicts:begin -->\nold\n<!-- verdicts:end -->\nafter, by hand\n';
    expect(withSection(readme, 'new\n')).toBe('before\n<!-- verdicts:begin -->\nnew\n<!-- verdicts:end -->\nafter, by hand\n');
    expect(withSection('no markers here\n', 'new\n')).toEqual({ error: expect.stringContaining('verdicts:begin') });
    expect(withSection('<!-- verdicts:end -->\n<!-- verdicts:begin -->\n', 'x')).toEqual({ error: expect.any(String) });
  });

  it('reads one heading per cell from specs/readings.md, and flags other headings', () => {
    const r = parseReadings('# Title\n<!-- note -->\nIntro.\n\n### v / s: Inv (3 steps)\n\nText.\n\n### v / s: P (1 step)\nOne.\n### not a cell\nx\n');
    expect(r.intro).toBe('Intro.');
    expect([...r.byHeading.entries()]).toEqual([['v / s: Inv (3 steps)', 'Text.'], ['v / s: P (1 step)', 'One.'], ['not a cell', 'x']]);
    expect(r.malformed).toEqual(["specs/readings.md:11: '### not a cell' is not '### variant / scenario: Property (N steps)'"]);
  });
});
