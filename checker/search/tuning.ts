// What both parallel searches share: the knobs tests turn, and when the
// main thread hands a search over to the threads. Defaults are what a check uses.
export interface ParallelTuning {
  // which parallel search (default: the pipeline up to PIPELINE_MAX_WORKERS threads)
  readonly engine?: 'pipeline' | 'levels';
  readonly chunkSize?: number; // parents per chunk (default: from the level's size)
  readonly reverse?: boolean; // take chunks last first (makes larger parents claim first)
  readonly tableCapacity?: number; // initial buckets, a power of two
  readonly presize?: boolean; // grow the table before a level (default true); false: only when a level overflows it
  // levels smaller than this run on the main thread, and the workers start
  // only when one this large is next (default SEQUENTIAL_UNTIL; 0: from the initial states)
  readonly sequentialUntil?: number;
  // the pipeline, for tests: no producer threads at all (the consumer does
  // every block), and the consumer producing each block ahead into its own
  // ring before it takes the block
  readonly noProducers?: boolean;
  readonly aheadAtBlockStart?: boolean;
}

// Below this many frontier states a level is done sooner on one thread than
// the workers start (about 0.1 s each to spawn and compile the spec).
export const SEQUENTIAL_UNTIL = 20_000;
