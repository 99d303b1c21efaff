// The verdict table from scratch: every variant of specs/versions/generate.mjs
// against every scenario of specs/scenarios.mjs (read at run time, so that a
// new variant or scenario needs no change here), rendered with the readings.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CellResult, CellTask } from './cell.js';
import { parseReadings } from './readings.js';
import { runCells } from './run-cells.js';
import { renderVerdicts, type Rendered, type ScenarioDef, type Titled } from './table.js';

// The repository: the first folder above this module with specs/scenarios.mjs
// (specs/verdicts/ from the sources, dist/specs/verdicts/ in the build).
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'specs', 'scenarios.mjs')) && existsSync(join(dir, 'package.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the repository (specs/scenarios.mjs) above specs/verdicts/');
    dir = up;
  }
}

export async function loadDefinitions(root: string): Promise<{ variants: Record<string, Titled>; scenarios: Record<string, ScenarioDef> }> {
  const { VARIANTS } = (await import(pathToFileURL(join(root, 'specs', 'versions', 'generate.mjs')).href)) as { VARIANTS: Record<string, Titled> };
  const { SCENARIOS } = (await import(pathToFileURL(join(root, 'specs', 'scenarios.mjs')).href)) as { SCENARIOS: Record<string, ScenarioDef> };
  return { variants: VARIANTS, scenarios: SCENARIOS };
}

export interface Computed extends Rendered {
  readonly cells: readonly CellResult[];
}

export async function computeVerdicts(root: string, threads: number, onDone: (r: CellResult, done: number, total: number) => void = () => {}): Promise<Computed> {
  const { variants, scenarios } = await loadDefinitions(root);
  const tasks: CellTask[] = [];
  for (const variant of Object.keys(variants)) {
    for (const [scenario, d] of Object.entries(scenarios)) tasks.push({ variant, scenario, consts: d.consts });
  }
  const cells = await runCells(root, tasks, threads, (r, done) => onDone(r, done, tasks.length));
  const readingsFile = join(root, 'specs', 'readings.md');
  const readings = parseReadings(existsSync(readingsFile) ? readFileSync(readingsFile, 'utf8') : '');
  const rendered = renderVerdicts(cells, variants, scenarios, readings);
  return { ...rendered, cells, problems: [...readings.malformed, ...rendered.problems] };
}
