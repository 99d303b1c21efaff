// Writes specs/move/<variant>.uffd from specs/uffdio_move.uffd: each file is
// the main spec with its variant constants (the first constant block) changed,
// so `uffd-spec diff` of two versions shows exactly the locking change between
// them. Run: node specs/move/generate.mjs
// test/specs.move.test.ts fails if a file is out of date.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderVariant, writeVariants } from '../render-variant.mjs';

const here = dirname(fileURLToPath(import.meta.url));

const BASE = { MOVE_LOCK: 'v5', MCL: 'true', CHECK_MC: 'true', FORK_VMA_LOCK: 'true', SPURIOUS: 'false' };

// Kernel versions and patch versions of "per-vma locks in userfaultfd" (Lokesh Gidra).
// v6 and v7 only renamed v5's find_and_lock_vmas() (uffd_move_lock()): same order as v5.
export const VARIANTS = {
  pre: { title: 'Linux 6.8, before the series: userfaultfd_move() holds mmap_read_lock() for the whole move; no map_changing_lock', consts: { ...BASE, MOVE_LOCK: 'pre', MCL: 'false' } },
  v4: { title: 'series v3 (2024-02-06) and v4 (2024-02-08): find_and_lock_vmas() takes lock_vma(src), then lock_vma(dst), each falling back to mmap_read_lock() when vma_start_read() fails', consts: { ...BASE, MOVE_LOCK: 'v4' } },
  v5: { title: 'series v5 (2024-02-13): lock_vma(dst), then lock_vma_under_rcu(src); if that fails, vma_end_read(dst) and both under mmap_read_lock(); one VMA locked once', consts: { ...BASE, MOVE_LOCK: 'v5' } },
  v7: { title: 'series v6 (2024-02-13) and v7 (2024-02-15), merged for 6.9: uffd_move_lock(), the order of v5', consts: { ...BASE, MOVE_LOCK: 'v5' } },
};

const FAMILY = { spec: 'uffdio_move', main: 'specs/uffdio_move.uffd', generator: 'specs/move/generate.mjs' };

export function render(main, name) {
  return renderVariant(FAMILY, VARIANTS, main, name);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeVariants(FAMILY, VARIANTS, join(here, '..', 'uffdio_move.uffd'), here);
}
