// A worker thread of `npm run verdicts` (run-cells.ts): runs the cells it is
// sent, one at a time, and answers each with its result.
import { parentPort, workerData } from 'node:worker_threads';
import { runCell, type CellTask } from './cell.js';

const root = (workerData as { root: string }).root;
parentPort!.on('message', (task: CellTask) => {
  runCell(root, task).then(
    (r) => parentPort!.postMessage(r),
    (e: unknown) => parentPort!.postMessage({ ...task, ok: false, seconds: 0, error: `internal error: ${e instanceof Error ? e.stack ?? e.message : String(e)}` }),
  );
});
