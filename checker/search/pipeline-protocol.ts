// What the pipelined search's consumer (pipeline-search.ts, the main
// thread) and its producers (pipeline-worker.ts) share. The consumer hands
// out parents in BFS order through the parent ring. The parents from START
// on form blocks of BLOCK; blocks are claimed in order (NEXT_BLOCK), by a
// producer, which writes the successors of the block's parents,
// fingerprinted, into its own successor ring, or by the consumer, when it
// gets to a block no producer has claimed yet (it then expands the block
// itself). The consumer takes the blocks in order and does with each
// successor what the one-thread search does (visited set, numbering,
// invariants, limits).
//
// What crosses between cores is kept small, since each cache line costs a
// transfer: states go packed, and a successor's state sits apart from its
// entry (fingerprint, ordinal), so the consumer reads it only when the
// state is new (about one successor in six on fork_copy).
import type { Spec } from '../../dsl/ir.js';

export interface ProducerSetup {
  readonly spec: Spec;
  readonly symmetry: boolean;
  readonly graph: boolean; // temporal checking: every successor is sent, with its action instance
  readonly control: SharedArrayBuffer; // Int32Array, words below
  readonly parents: SharedArrayBuffer; // packed states: PARENT_SLOTS of them
  readonly ring: SharedArrayBuffer; // Int32Array: this producer's entries, RING_WORDS
  readonly states: SharedArrayBuffer; // packed states: this producer's successors, STATE_SLOTS
  readonly index: number;
  // every successor goes to the consumer, duplicates too: it checks each step
  // (action properties, refinement: Search.checkStepFrom)
  readonly everyStep?: boolean;
}

export const BLOCK = 32; // parents per block
export const PARENT_SLOTS = 1 << 13; // parents handed out and not yet consumed, at most
export const RING_WORDS = 1 << 16; // per producer: 256 KiB of entries, stays in cache
// a successor entry takes at least SUCCESSOR_WORDS words, so this many are
// in the ring at most: successor k's state is in slot k % STATE_SLOTS
export const SUCCESSOR_WORDS = 4; // tag, ordinal, h1, h2 (then the orbit size under symmetry)
export const STATE_SLOTS = RING_WORDS / SUCCESSOR_WORDS;
// a successor entry's words: the orbit size follows under symmetry, the
// action instance when the state graph is built
export const successorWords = (symmetric: boolean, graph = false): number => SUCCESSOR_WORDS + (symmetric ? 1 : 0) + (graph ? 1 : 0);

// Control words, each on a cache line of its own (16 words apart): a word
// one side writes often must not share a line with one the other side reads.
const LINE = 16;
export const C = {
  ISSUED: 0, // parents [START, ISSUED) have been handed out (parent n in slot n % PARENT_SLOTS); 0 before the first
  PRODUCER_WAITS: LINE, // 1: a producer waits for ISSUED (the consumer notifies)
  DONE: 2 * LINE, // 1: the producers stop
  START: 2 * LINE + 1, // the first parent handed out (the one-thread search did those before)
  NEXT_BLOCK: 3 * LINE, // blocks [0, NEXT_BLOCK) are claimed
  OWNERS: 4 * LINE, // OWNER_SLOTS words: block b's claimer as b * MAX_PRODUCERS + producer, at b % OWNER_SLOTS
  PER: 4 * LINE + 1024,
} as const;
// per producer p, at PER + p * P.WORDS
export const P = {
  WRITTEN: 0, // words written into the ring (wraps as int32; the ring's size divides 2^32)
  READ: LINE, // words the consumer is done with
  ROOM_WAIT: 2 * LINE, // 1: the producer waits for room (the consumer notifies on READ)
  DATA_WAIT: 3 * LINE, // 1: the consumer waits for data (the producer notifies on WRITTEN)
  WORDS: 4 * LINE,
} as const;
export const word = (p: number, field: number): number => C.PER + p * P.WORDS + field;
export const controlWords = (producers: number): number => C.PER + producers * P.WORDS;

// Entries in a successor ring, by their first word. Only successors the
// consumer may not have seen are sent: not those outside the state
// constraints, nor those the producer sent before (its small cache of sent
// fingerprints: the consumer takes them in order, so an earlier one is in
// the visited set by then). Ordinals count every successor generated. When
// the state graph is built (temporal properties) every successor is sent,
// as an edge: a CUT entry for one outside the constraints.
export const TAG = {
  SUCCESSOR: 0, // ordinal, h1, h2 (, orbit size); its state in the state ring
  END: 2, // the parent's successors are done; then how many were generated, and a flag
  WRAP: 3, // the rest of the ring is unused: go on at its start
  CUT: 4, // with the state graph: a successor outside the state constraints; then ordinal, action instance
} as const;
export const CUT_WORDS = 3;
export const END_WORDS = 3;
export const SENT_CACHE = 1 << 16; // fingerprints, direct-mapped: 512 KiB, in the producer's L2
export const END_ERROR = 1; // an action failed to evaluate: the consumer redoes the parent itself

// Parents are handed out at most PARENT_SLOTS ahead of the consumer, so a
// producer's claims stay within PARENT_SLOTS / BLOCK + 1 blocks of it; the
// consumer produces ahead at most OWNER_SLOTS / 2 blocks. Either way a slot
// is not reused before the consumer has read it.
export const OWNER_SLOTS = 1024;

export const MAX_PRODUCERS = 8;
