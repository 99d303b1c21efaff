// What the parallel search's coordinator (levels-search.ts) and its worker
// threads (levels-worker.ts) say to each other. One level of the BFS is
// three rounds, each ended by every worker's reply (the barrier):
//   expand:   take chunks of the frontier, fire every action on each parent,
//             claim each successor's fingerprint in the shared table, keep
//             the candidates that may be new;
//   classify: a candidate is new iff its parent is still the fingerprint's
//             owner; count them per chunk, check invariants on the new ones;
//   write:    given each chunk's first number, write the new states into the
//             next frontier and their parent/ordinal links.
import type { Span, Spec } from '../../dsl/ir.js';

export interface WorkerSetup {
  readonly spec: Spec;
  readonly invariants?: readonly string[];
  readonly symmetry: boolean;
  readonly deadlock: boolean;
  readonly control: SharedArrayBuffer; // Int32Array, indices below
  readonly progress: SharedArrayBuffer; // Float64Array: successors generated, per worker
  readonly index: number;
}

// control words
export const C = {
  NEXT: 0, // next chunk to take (expand, rehash)
  STOP_CHUNK: 1, // smallest chunk with an event: no need to look past it
  ABORT: 2, // 1: the table passed MAX_LOAD, the level is redone after growing it
  HALT: 3, // 1: the coordinator stops (time, memory, interrupt)
  SIZE: 4, // keys in the table
  LIMIT: 5, // SIZE at which to set ABORT
  WORDS: 6,
} as const;

export const NO_CHUNK = 0x7fffffff;

// chunk statistics (Float64Array, per chunk): successors generated, new
// states, their orbit sizes summed (symmetry reduction)
export const STAT = { GEN: 0, NEW: 1, ORBIT: 2, WORDS: 3 } as const;

// An event is ordered by where the one-thread search meets it: (parent,
// ordinal). A deadlock of p comes after every successor of p (it has none).
export type EventKind = 'eval' | 'deadlock' | 'invariant' | 'invariant-error';
export interface LevelEvent {
  readonly kind: EventKind;
  readonly parent: number;
  readonly ordinal: number;
  readonly chunk: number;
  readonly instance?: number; // eval: the action instance that failed
  readonly invariant?: number; // invariant(-error): which one, in model.invariants order
  readonly message?: string;
  readonly span?: Span;
  // invariant(-error), found when classifying: counts within the chunk up to
  // and including the event's state (otherwise the chunk's own statistics)
  readonly gen?: number;
  readonly fresh?: number;
  readonly orbit?: number;
}

export const DEADLOCK_ORDINAL = 0x7fffffff;

export function eventBefore(x: LevelEvent, y: LevelEvent | null): boolean {
  return y === null || x.parent < y.parent || (x.parent === y.parent && x.ordinal < y.ordinal);
}

export type ToWorker =
  | { readonly type: 'expand'; readonly table: SharedArrayBuffer; readonly capacity: number; readonly frontier: SharedArrayBuffer; readonly levelStart: number; readonly count: number; readonly chunkSize: number; readonly chunks: number; readonly reverse: boolean; readonly flushEvery: number; readonly noDeadlock: boolean }
  | { readonly type: 'classify'; readonly stats: SharedArrayBuffer; readonly off: readonly number[] } // off: invariants not checked (--continue found them)
  | { readonly type: 'write'; readonly base: SharedArrayBuffer; readonly lastChunk: number; readonly limit: number; readonly at: number; readonly next: SharedArrayBuffer | null; readonly parents: SharedArrayBuffer; readonly labels: SharedArrayBuffer }
  | { readonly type: 'rehash'; readonly old: SharedArrayBuffer; readonly oldCapacity: number; readonly table: SharedArrayBuffer; readonly capacity: number; readonly chunk: number };

export type FromWorker =
  | { readonly type: 'expanded'; readonly event: LevelEvent | null }
  | { readonly type: 'classified'; readonly event: LevelEvent | null }
  // the state numbered `at` in this level (if this worker wrote it): counts
  // within its chunk up to and including it
  | { readonly type: 'written'; readonly at: { readonly gen: number; readonly orbit: number } | null }
  | { readonly type: 'rehashed' }
  | { readonly type: 'fatal'; readonly message: string };

// Frontier states are packed like StateStore's: the narrowest array that
// holds every slot's value.
export type Packed = Uint8Array | Uint16Array | Int32Array;
export function packedBytes(maxSpan: number): number {
  return maxSpan <= 0xff ? 1 : maxSpan <= 0xffff ? 2 : 4;
}
export function packedView(buffer: SharedArrayBuffer, maxSpan: number): Packed {
  return maxSpan <= 0xff ? new Uint8Array(buffer) : maxSpan <= 0xffff ? new Uint16Array(buffer) : new Int32Array(buffer);
}
