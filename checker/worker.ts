// A search worker thread: compiles the spec once, then expands the batches of
// frontier states the coordinator sends (checker/parallel-search.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { BatchExpander, type WorkerSetup } from './expand-batch.js';

const expander = new BatchExpander(workerData as WorkerSetup);
parentPort!.on('message', (msg: { id: number; states: Int32Array; count: number }) => {
  try {
    const r = expander.expand(msg.states, msg.count);
    parentPort!.postMessage({ id: msg.id, records: r.records, errors: r.errors }, [r.records.buffer as ArrayBuffer]);
  } catch (e) {
    parentPort!.postMessage({ id: msg.id, fatal: e instanceof Error ? e.message : String(e) });
  }
});
