// --disk DIR: what a search that spills its visited set and frontier to
// files needs, and how it shares --max-memory among its parts.
import { DiskFingerprintSet } from '../store/disk-fingerprint-set.js';
import { SpillArea } from '../store/spill-area.js';
import type { StoreSpill } from '../store/state-store.js';

export interface DiskOptions {
  readonly dir: string; // an existing folder; the search writes only in a fresh subfolder of it, removed at the end
  // tests: smaller budgets and chunks than --max-memory gives, to spill on small specs
  readonly visitedBytes?: number;
  readonly frontierChunks?: number;
  readonly chunkBits?: number;
  readonly pageBits?: number;
}

export interface Spill {
  readonly area: SpillArea;
  readonly store: StoreSpill;
  readonly visited: DiskFingerprintSet;
}

// What is left under the limit once the process is loaded (at least 16 MiB):
// 30% for the in-memory visited set, 12.5% for its Bloom filter, 15% for the
// frontier's chunks; the rest for V8's own use and garbage not yet collected.
export function openSpill(opts: DiskOptions, maxMemory: number, bytesPerState: number, withIds: boolean): Spill {
  const room = Math.max(16 * 2 ** 20, maxMemory - process.memoryUsage.rss());
  const area = new SpillArea(opts.dir);
  const chunkBytes = (1 << (opts.chunkBits ?? 14)) * bytesPerState;
  const store: StoreSpill = {
    area,
    frontierChunks: opts.frontierChunks ?? Math.max(3, Math.floor((0.15 * room) / chunkBytes)),
    chunkBits: opts.chunkBits,
    pageBits: opts.pageBits,
  };
  const visited = new DiskFingerprintSet(area, opts.visitedBytes ?? 0.3 * room, 0.125 * room, withIds);
  return { area, store, visited };
}
