// --out DIR: each counterexample in its own file, named after the spec and
// the property (mmap_changing.ChildSeesData.itf.json). A file is first
// written under a temporary name in the same folder, then linked to its
// final name, which fails rather than replace an existing file: the next
// numbered name is tried instead (mmap_changing.ChildSeesData-1.itf.json).
// With force, the temporary file is renamed over the final name. Either way
// no reader ever sees a half-written file.
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export function counterexampleBaseName(specName: string, property: string): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9_.-]/g, '_');
  return `${safe(specName)}.${safe(property)}`;
}

export function writeNew(dir: string, base: string, ext: string, content: string, force = false): string {
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `.${base}.${process.pid}.${Date.now()}.tmp`);
  const fd = openSync(tmp, 'wx');
  try {
    writeSync(fd, content.endsWith('\n') ? content : `${content}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    if (force) {
      const target = join(dir, `${base}.${ext}`);
      renameSync(tmp, target);
      return target;
    }
    for (let n = 0; ; n++) {
      const target = join(dir, n === 0 ? `${base}.${ext}` : `${base}-${n}.${ext}`);
      try {
        linkSync(tmp, target);
        return target;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
    }
  } finally {
    try { unlinkSync(tmp); } catch { /* renamed, or already gone */ }
  }
}
