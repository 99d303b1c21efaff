// A fixed set of search worker threads, each with the compiled spec; batches
// are handed out round-robin and answered in any order, matched by id.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { BatchResult, WorkerSetup } from './expand-batch.js';

export class WorkerPool {
  private readonly workers: Worker[];
  private readonly pending = new Map<number, { resolve: (r: BatchResult) => void; reject: (e: Error) => void }>();
  private nextId = 0;

  constructor(n: number, setup: WorkerSetup) {
    const script = new URL('./worker.js', import.meta.url);
    if (!existsSync(fileURLToPath(script))) throw new Error('the parallel search needs the compiled package (npm run build)');
    this.workers = Array.from({ length: n }, () => {
      const w = new Worker(script, { workerData: setup });
      w.on('message', (m: { id: number; records?: Int32Array; errors?: BatchResult['errors']; fatal?: string }) => {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if (m.fatal !== undefined) p.reject(new Error(m.fatal));
        else p.resolve({ records: m.records!, errors: m.errors! });
      });
      w.on('error', (e: unknown) => { for (const p of this.pending.values()) p.reject(e instanceof Error ? e : new Error(String(e))); this.pending.clear(); });
      return w;
    });
  }

  run(states: Int32Array, count: number): Promise<BatchResult> {
    const id = this.nextId++;
    const w = this.workers[id % this.workers.length];
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      w.postMessage({ id, states, count }, [states.buffer as ArrayBuffer]);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
