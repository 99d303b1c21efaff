// A producer thread of the pipelined search (consumer: pipeline-search.ts,
// shared layout: pipeline-protocol.ts). It claims blocks of parents in
// order, expands their parents and writes each successor with its
// fingerprint into its ring (producer.ts); all the visited-set work stays
// with the consumer, so the result is the one-thread search's by
// construction.
import { parentPort, workerData } from 'node:worker_threads';
import { compileModel } from '../compile/model.js';
import { packedView } from './levels-protocol.js';
import { BLOCK, C, MAX_PRODUCERS, OWNER_SLOTS, P, PARENT_SLOTS, RING_WORDS, word, type ProducerSetup } from './pipeline-protocol.js';
import { Producer } from './producer.js';
import { Symmetry } from '../symmetry/canonical.js';

const setup = workerData as ProducerSetup;
const model = compileModel(setup.spec, { invariants: [] });
const spec = setup.spec;
const sym = setup.symmetry && spec.symmetric.length ? new Symmetry(spec, model.layout, spec.symmetric) : null;
const size = model.layout.size;
const control = new Int32Array(setup.control);
const parents = packedView(setup.parents, model.layout.maxSpan);
const WRITTEN = word(setup.index, P.WRITTEN), READ = word(setup.index, P.READ);
const ROOM_WAIT = word(setup.index, P.ROOM_WAIT), DATA_WAIT = word(setup.index, P.DATA_WAIT);
let read = 0; // READ as last seen: reloaded only when the ring looks full

class Done extends Error {}

// Room for n more words at the producer's `written`: waits for the consumer.
function room(n: number): void {
  if (((producer.written - read) | 0) + n <= RING_WORDS) return;
  read = Atomics.load(control, READ);
  while (((producer.written - read) | 0) + n > RING_WORDS) {
    publish();
    Atomics.store(control, ROOM_WAIT, 1);
    read = Atomics.load(control, READ);
    if (((producer.written - read) | 0) + n > RING_WORDS) Atomics.wait(control, READ, read, 50);
    Atomics.store(control, ROOM_WAIT, 0);
    read = Atomics.load(control, READ);
    if (Atomics.load(control, C.DONE)) throw new Done();
  }
}

const producer = new Producer(model, sym, new Int32Array(setup.ring), packedView(setup.states, model.layout.maxSpan), room, setup.graph, setup.everyStep ?? false);

function publish(): void {
  Atomics.store(control, WRITTEN, producer.written);
  if (Atomics.load(control, DATA_WAIT)) Atomics.notify(control, WRITTEN);
}

// Waits until parent n is handed out; false when the search is over.
let issued = 0; // ISSUED as last seen
function awaitParent(n: number): boolean {
  if (n < issued) return true;
  issued = Atomics.load(control, C.ISSUED);
  while (n >= issued) {
    if (Atomics.load(control, C.DONE)) return false;
    publish();
    Atomics.store(control, C.PRODUCER_WAITS, 1);
    issued = Atomics.load(control, C.ISSUED);
    if (n >= issued) Atomics.wait(control, C.ISSUED, issued, 50);
    issued = Atomics.load(control, C.ISSUED);
  }
  return true;
}

function run(): void {
  const cur = new Int32Array(size);
  if (!awaitParent(0)) return; // ISSUED > 0: START is set
  const start = Atomics.load(control, C.START);
  for (;;) {
    const block = Atomics.add(control, C.NEXT_BLOCK, 1);
    Atomics.store(control, C.OWNERS + (block % OWNER_SLOTS), block * MAX_PRODUCERS + setup.index);
    const first = start + block * BLOCK;
    for (let n = first; n < first + BLOCK; n++) {
      if (!awaitParent(n)) return;
      const from = (n % PARENT_SLOTS) * size;
      for (let i = 0; i < size; i++) cur[i] = parents[from + i];
      producer.expand(cur);
      // publish every few parents, or at once when the consumer waits
      if ((n & 7) === 7 || Atomics.load(control, DATA_WAIT)) publish();
    }
  }
}

try {
  run();
} catch (e) {
  if (!(e instanceof Done)) parentPort!.postMessage({ type: 'fatal', message: e instanceof Error ? e.stack ?? e.message : String(e) });
}
