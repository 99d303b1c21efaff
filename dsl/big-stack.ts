// The front end on a thread with a 256 MB stack, called synchronously: Ohm
// and the checker recurse once per level of nesting, and the default stack
// (about 1 MB) holds only about 70 levels. Used only for a spec that
// overflowed it or measures deep, so an ordinary check starts no thread.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { unflatten } from './flat-tree.js';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';

export const BIG_STACK_MB = 256;
const WAIT_CAP_MS = 10 * 60_000;

// Beside this module in the build, or dist/ when running from the sources.
function workerScript(): URL | null {
  const here = new URL('./big-stack-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(here))) return here;
  const built = new URL('../dist/dsl/big-stack-worker.js', import.meta.url);
  return existsSync(fileURLToPath(built)) ? built : null;
}

export interface BigStackJob { text: string; file: string; consts: Record<string, string> }

// The worker's answer (structured-cloned), or null when there is no built
// worker script to run.
export function onBigStack<R>(job: BigStackJob): R | null {
  const script = workerScript();
  if (!script) return null;
  const done = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const w = new Worker(script, {
    workerData: { job, done, port: port2 },
    transferList: [port2],
    resourceLimits: { stackSizeMb: BIG_STACK_MB },
    stdout: true, stderr: true,
  });
  try {
    // the worker stores 1 into done after posting its answer on the port; a
    // worker that died without it (out of memory) is given up after the cap
    const until = Date.now() + WAIT_CAP_MS;
    while (Atomics.load(done, 0) === 0 && Date.now() < until) Atomics.wait(done, 0, 0, 1000);
    const m = receiveMessageOnPort(port1);
    return m ? (unflatten(m.message) as R) : null;
  } finally {
    port1.close();
    void w.terminate();
  }
}
