// Runs the table's cells, on worker threads when more than one is asked for
// (each cell is one single-threaded search: the state graph of temporal
// checking is built on one thread). Results come back in the tasks' order.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { runCell, type CellResult, type CellTask } from './cell.js';

// Beside this module in the build; from the sources (the tests), in dist/.
function workerScript(root: string): URL {
  const here = new URL('./cell-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(here))) return here;
  const built = join(root, 'dist', 'specs', 'verdicts', 'cell-worker.js');
  if (existsSync(built)) return pathToFileURL(built);
  throw new Error('the verdict table runs its cells on threads from the compiled package (npm run build)');
}

export async function runCells(root: string, tasks: readonly CellTask[], threads: number, onDone: (r: CellResult, done: number) => void): Promise<CellResult[]> {
  const results: CellResult[] = new Array(tasks.length);
  let next = 0;
  let done = 0;
  const finish = (i: number, r: CellResult) => { results[i] = r; onDone(r, ++done); };
  if (threads <= 1) {
    for (; next < tasks.length; next++) finish(next, await runCell(root, tasks[next]));
    return results;
  }
  const script = workerScript(root);
  const lane = (): Promise<void> => new Promise((resolve, reject) => {
    const w = new Worker(script, { workerData: { root } });
    let mine = -1;
    const take = () => {
      if (next >= tasks.length) { void w.terminate().then(() => resolve()); return; }
      mine = next++;
      w.postMessage(tasks[mine]);
    };
    w.on('message', (r: CellResult) => { finish(mine, r); take(); });
    w.on('error', reject);
    take();
  });
  await Promise.all(Array.from({ length: Math.min(threads, tasks.length) }, lane));
  return results;
}
