// Where a worker thread's script is: beside this module in the build, or,
// when running from the sources (the test suite), in dist/.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function workerScript(name: string): URL {
  const here = new URL(`./${name}`, import.meta.url);
  if (existsSync(fileURLToPath(here))) return here;
  const built = new URL(`../../dist/checker/search/${name}`, import.meta.url);
  if (existsSync(fileURLToPath(built))) return built;
  throw new Error('the parallel search needs the compiled package (npm run build)');
}
