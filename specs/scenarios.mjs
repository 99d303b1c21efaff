// The scenarios of the verdict table (specs/README.md): which kernel paths run
// against the monitor. Each is a set of `--const` overrides of a spec in
// specs/versions/; the variants (what the kernel does) are in
// specs/versions/generate.mjs. One list, read by the table's generator and by
// test/specs.test.ts.
export const SCENARIOS = {
  fork: { title: 'fork vs UFFDIO_COPY (race a)', consts: ['FORK=true', 'MADV=false', 'FAULT=false'] },
  remap: { title: 'mremap(MREMAP_DONTUNMAP) b -> c vs UFFDIO_COPY (race b)', consts: ['FORK=false', 'MREMAP=true', 'MADV=false', 'FAULT=false'] },
  madv_split: { title: 'MADV_DONTNEED vs a background copier thread (race c)', consts: ['FORK=false', 'MADV=true', 'SPLIT=true', 'FAULT=false'] },
  fork_madv: { title: 'fork and MADV_DONTNEED overlapping, one monitor loop', consts: ['FORK=true', 'MADV=true', 'FAULT=false'] },
  remap_fail: { title: 'mremap that may fail after mremap_userfaultfd_prep(), with a faulting thread', consts: ['FORK=false', 'MREMAP=true', 'MREMAP_FAILS=true', 'MADV=false', 'FAULT=true'] },
  // FORK and REMAP are queued after their unlocks (docs/specs.md, item 6)
  fork_remap: { title: 'fork and mremap overlapping (event order)', consts: ['FORK=true', 'MREMAP=true', 'MADV=false', 'FAULT=false'] },
};
