// Writes specs/versions/<variant>.uffd from specs/mmap_changing.uffd: each file
// is the main spec with its variant constants (the first constant block)
// changed, so `uffd-spec diff` of two versions shows exactly the locking
// change between them. Run: node specs/versions/generate.mjs
// test/specs.test.ts fails if a file is out of date.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderVariant, writeVariants } from '../render-variant.mjs';

const here = dirname(fileURLToPath(import.meta.url));

// the pre-series kernel: no map_changing_lock, COPY under mmap_read_lock
const BASE = {
  CHECK_MC: 'true', MC_BOOL: 'false', SEQ: 'false',
  MCL_FORK: 'false', MCL_REMAP: 'false', MCL_UNMAP: 'false', MCL_REMOVE: '0', MCL_COPY: 'false',
  VMA_LOCK: '0', RECHECK: 'true', REMAP_FAIL: '0', LEAK: 'false', QUEUE_UNDER_LOCK: 'false',
};
// v1..v7: down_write(map_changing_lock) around all four increments, down_read in the COPY
const MCL_ALL = { MCL_FORK: 'true', MCL_REMAP: 'true', MCL_UNMAP: 'true', MCL_REMOVE: '2', MCL_COPY: 'true' };
const V7 = { ...BASE, ...MCL_ALL, VMA_LOCK: '2' };

// Titles: a real kernel names its version/commit; a hypothetical one starts with "proposal:".
export const VARIANTS = {
  none: { title: 'no mmap_changing at all (before df2cc96e7701, Linux < 4.18; MREMAP_DONTUNMAP did not exist yet: it came in 5.7)', consts: { ...BASE, CHECK_MC: 'false' } },
  bool: { title: 'mmap_changing as a bool (df2cc96e7701, 4.18 .. a759a909d42d, 5.15)', consts: { ...BASE, MC_BOOL: 'true' } },
  base: { title: 'the pre-series atomic counter (Linux 6.8): increments under the caller\'s mmap_lock, COPY under mmap_read_lock', consts: BASE },
  base_norecheck: { title: 'Linux 6.8 before 67695f18d559 (hugetlb only): mfill_atomic_hugetlb()\'s retry does not re-check mmap_changing', consts: { ...BASE, RECHECK: 'false' } },
  v1: { title: 'series v1 (2024-01-26): map_changing_lock, W in every increment incl. userfaultfd_remove(); COPY under a per-VMA lock or mmap_lock; base without the hugetlb re-check', consts: { ...BASE, ...MCL_ALL, VMA_LOCK: '1', RECHECK: 'false' } },
  v2: { title: 'series v2 (2024-01-29, the version the LKML thread reviews): v1 rebased, the hugetlb retry re-checks under map_changing_lock', consts: { ...BASE, ...MCL_ALL, VMA_LOCK: '1' } },
  v7: { title: 'series v3..v7 (merged for 6.9, 5e4c24a57b0c/867a43a34ff8): COPY always under a per-VMA read lock', consts: V7 },
  leak: { title: 'v7 + "mm/mremap: use an explicit uffd failure path" (2025): mremap_userfaultfd_fail() after mmap_write_unlock(), without the decrement (until 0496a59745b0)', consts: { ...V7, REMAP_FAIL: '1', LEAK: 'true' } },
  fixed: { title: 'the 2025 failure path with 0496a59745b0 (2026): mremap_userfaultfd_fail() decrements', consts: { ...V7, REMAP_FAIL: '1' } },
  liam_nowait: { title: 'proposal: v7, but userfaultfd_remove() increments without map_changing_lock (Liam, v2 review); fork, mremap, munmap keep W', consts: { ...V7, MCL_REMOVE: '0' } },
  remove_read: { title: 'proposal: v7, but userfaultfd_remove() takes map_changing_lock for read', consts: { ...V7, MCL_REMOVE: '1' } },
  vma_nomcl: { title: 'proposal: per-VMA locks (v7) and no map_changing_lock anywhere', consts: { ...V7, MCL_FORK: 'false', MCL_REMAP: 'false', MCL_UNMAP: 'false', MCL_REMOVE: '0', MCL_COPY: 'false' } },
  remove_only: { title: 'proposal: per-VMA locks, map_changing_lock only in userfaultfd_remove() (W) and the COPY (R)', consts: { ...V7, MCL_FORK: 'false', MCL_REMAP: 'false', MCL_UNMAP: 'false' } },
  liam_seq: { title: 'proposal: per-VMA locks, no map_changing_lock, mmap_changing an odd/even sequence count read by the COPY at its check and re-checked under the PTL (Liam, v2 review)', consts: { ...V7, SEQ: 'true', MCL_FORK: 'false', MCL_REMAP: 'false', MCL_UNMAP: 'false', MCL_REMOVE: '0', MCL_COPY: 'false' } },
  queue_lock: { title: 'proposal: v7, and dup_mmap(), mremap and munmap queue their event on event_wqh before mmap_write_unlock() (the FORK/REMAP order fix)', consts: { ...V7, QUEUE_UNDER_LOCK: 'true' } },
};

const FAMILY = { spec: 'mmap_changing', main: 'specs/mmap_changing.uffd', generator: 'specs/versions/generate.mjs' };

export function render(main, name) {
  return renderVariant(FAMILY, VARIANTS, main, name);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeVariants(FAMILY, VARIANTS, join(here, '..', 'mmap_changing.uffd'), here);
}
