// The folder a --disk search spills into: one fresh subfolder of the user's
// DIR (never a file outside it), removed with everything in it at the end.
import { closeSync, mkdtempSync, openSync, readSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export class SpillArea {
  readonly dir: string;
  private readonly fds = new Set<number>();

  constructor(parent: string) {
    this.dir = mkdtempSync(join(parent, 'uffd-spec-spill-'));
  }

  path(name: string): string { return join(this.dir, name); }

  // a new file of this area, open for reading and writing
  open(name: string): number {
    const fd = openSync(this.path(name), 'w+');
    this.fds.add(fd);
    return fd;
  }

  close(fd: number): void {
    if (this.fds.delete(fd)) closeSync(fd);
  }

  // A whole array as a file of its own, and back (the file is then deleted).
  writeFile(name: string, a: ArrayBufferView): void {
    const fd = openSync(this.path(name), 'w');
    try { writeAt(fd, a, 0); } finally { closeSync(fd); }
  }

  takeFile(name: string, into: ArrayBufferView): void {
    const fd = openSync(this.path(name), 'r');
    try {
      if (readAt(fd, into, 0) !== into.byteLength) throw new Error(`internal: spill file ${name} is short`);
    } finally { closeSync(fd); }
    unlinkSync(this.path(name));
  }

  removeFile(name: string): void {
    unlinkSync(this.path(name));
  }

  // Everything this area holds, and the area itself.
  remove(): void {
    for (const fd of this.fds) closeSync(fd);
    this.fds.clear();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

// Whole typed arrays to and from a file at a byte position.
export function writeAt(fd: number, a: ArrayBufferView, pos: number): void {
  const b = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  for (let done = 0; done < b.length;) done += writeSync(fd, b, done, b.length - done, pos + done);
}

export function readAt(fd: number, a: ArrayBufferView, pos: number): number {
  const b = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  let done = 0;
  while (done < b.length) {
    const n = readSync(fd, b, done, b.length - done, pos + done);
    if (n === 0) break;
    done += n;
  }
  return done;
}
