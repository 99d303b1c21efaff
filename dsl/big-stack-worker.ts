// The thread of dsl/big-stack.ts: runs the front end and posts its result.
// Whatever happens it sets `done`, or the waiting thread would wait its cap.
import { type MessagePort, workerData } from 'node:worker_threads';
import type { BigStackJob } from './big-stack.js';
import { flatten } from './flat-tree.js';

const { job, done, port } = workerData as { job: BigStackJob; done: Int32Array; port: MessagePort };
try {
  const { compileSourceHere } = await import('./index.js');
  port.postMessage(flatten(compileSourceHere(job.text, job.file, { consts: job.consts })));
} catch (e) {
  port.postMessage(flatten({ ok: false, diagnostics: [{ file: job.file, line: 1, col: 1, endLine: 1, endCol: 1, severity: 'error', message: `internal error in the uffd-spec front end: ${e instanceof Error ? e.message : String(e)}` }] }));
} finally {
  Atomics.store(done, 0, 1);
  Atomics.notify(done, 0);
}
