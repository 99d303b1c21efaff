// The scenarios of the verdict table (specs/README.md): which kernel paths run
// against the monitor. Each is a set of `--const` overrides of a spec in
// specs/versions/; the variants (what the kernel does) are in
// specs/versions/generate.mjs. One list, read by the table's generator and by
// test/specs.test.ts. docs/specs.md explains each, and what changed when.
export const SCENARIOS = {
  fork: { title: 'fork vs UFFDIO_COPY (race a), anonymous memory', consts: ['FORK=true', 'MADV=false', 'FAULT=false'] },
  fork_huge: { title: 'fork vs UFFDIO_COPY on MAP_HUGETLB (mfill_atomic_hugetlb())', consts: ['FORK=true', 'MADV=false', 'FAULT=false', 'HUGETLB=true'] },
  remap: { title: 'mremap(MREMAP_DONTUNMAP) b -> c vs UFFDIO_COPY (race b; Linux 5.7+)', consts: ['FORK=false', 'MREMAP=true', 'MADV=false', 'FAULT=false'] },
  remap_huge: { title: 'mremap(MREMAP_DONTUNMAP) vs UFFDIO_COPY on MAP_HUGETLB', consts: ['FORK=false', 'MREMAP=true', 'MADV=false', 'FAULT=false', 'HUGETLB=true'] },
  remap_move: { title: 'plain mremap b -> c (REMAP, then UNMAP of b) vs UFFDIO_COPY', consts: ['FORK=false', 'MREMAP=true', 'DONTUNMAP=false', 'MADV=false', 'FAULT=false'] },
  madv_split: { title: 'MADV_DONTNEED vs a background copier thread, no monitor lock (race c)', consts: ['FORK=false', 'MADV=true', 'SPLIT=true', 'FAULT=false'] },
  madv_mutex: { title: 'MADV_DONTNEED vs a copier thread; mutex over read()+apply and pick..ioctl', consts: ['FORK=false', 'MADV=true', 'SPLIT=true', 'MON_LOCK=1', 'FAULT=false'] },
  madv_readlock: { title: 'MADV_DONTNEED vs a copier thread; read(), then mutex+apply; copier pick..ioctl', consts: ['FORK=false', 'MADV=true', 'SPLIT=true', 'MON_LOCK=2', 'FAULT=false'] },
  fork_madv: { title: 'fork and MADV_DONTNEED overlapping, one monitor loop (REMOVE ordered first)', consts: ['FORK=true', 'MADV=true', 'FAULT=false'] },
  fork_madv_order: { title: 'fork and MADV_DONTNEED overlapping, the child keeps its page-table copy', consts: ['FORK=true', 'MADV=true', 'FAULT=false', 'REMOVE_FIRST=false'] },
  fork_madv_refail: { title: 'fork and MADV_DONTNEED, the first read() of FORK fails and re-queues it', consts: ['FORK=true', 'MADV=true', 'FAULT=false', 'FORK_READ_FAILS=true'] },
  fork_munmap: { title: 'fork and munmap overlapping (event order)', consts: ['FORK=true', 'MUNMAP=true', 'MADV=false', 'FAULT=false'] },
  remap_fail: { title: 'mremap that may fail (where REMAP_FAIL says), with a faulting thread', consts: ['FORK=false', 'MREMAP=true', 'MREMAP_FAILS=true', 'MADV=false', 'FAULT=true'] },
  // FORK and REMAP are queued after their unlocks (docs/specs.md, item 6)
  fork_remap: { title: 'fork and mremap(MREMAP_DONTUNMAP) overlapping (event order)', consts: ['FORK=true', 'MREMAP=true', 'MADV=false', 'FAULT=false'] },
};
