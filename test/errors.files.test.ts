// Files that cannot be specs: one line naming the path, exit 2, nothing
// checked; and nothing the user already has is ever overwritten.
import { describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../cli/main.js';
import { loadSpecFile, MAX_SPEC_BYTES } from '../dsl/index.js';

async function cli(...args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['node', 'uffd-spec', ...args], { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out, err };
}

const dir = mkdtempSync(join(tmpdir(), 'uffd-files-'));

async function refused(path: string, why: RegExp): Promise<void> {
  const r = await cli('check', path);
  expect(r.code).toBe(2);
  expect(r.out).toEqual([]);
  expect(r.err).toHaveLength(1);
  expect(r.err[0]).toContain(path);
  expect(r.err[0]).toMatch(why);
  // the library API says the same, as a diagnostic
  const l = loadSpecFile(path);
  expect(l.ok).toBe(false);
  if (!l.ok) expect(l.diagnostics[0].message).toMatch(why);
}

describe('files that are not specs', () => {
  it('a missing file', () => refused(join(dir, 'nope.uffd'), /cannot read spec file .*: no such file/));
  it('a directory', () => refused(dir, /is a directory, not a \.uffd spec file/));
  it('a binary file (NUL bytes)', () => {
    const f = join(dir, 'core.uffd');
    writeFileSync(f, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 0, 0x76, 0x61, 0x72]));
    return refused(f, /is a binary file \(it contains NUL bytes\)/);
  });
  it('a file that is not UTF-8', () => {
    const f = join(dir, 'latin1.uffd');
    writeFileSync(f, Buffer.from('var x: 0..3 // caf\xe9\n', 'latin1'));
    return refused(f, /is not UTF-8 text/);
  });
  it(`a huge file (over ${MAX_SPEC_BYTES / 2 ** 20} MiB)`, () => {
    const f = join(dir, 'huge.uffd');
    writeFileSync(f, Buffer.alloc(MAX_SPEC_BYTES + 1, 0x20));
    return refused(f, /is 4\.0 MiB, larger than the 4 MiB a spec file may have/);
  });
  it('a device is not read', () => refused('/dev/zero', /is not a regular file/));
  it.skipIf(process.getuid?.() === 0)('an unreadable file', () => {
    const f = join(dir, 'secret.uffd');
    writeFileSync(f, 'var x: 0..3\n');
    chmodSync(f, 0o000);
    return refused(f, /cannot read spec file .*: permission denied/);
  });
});

describe('nothing is overwritten', () => {
  it('--out never replaces an existing counterexample file, and the spec is left alone', async () => {
    const out = join(dir, 'out');
    mkdirSync(out, { recursive: true });
    const spec = join(dir, 'viol.uffd');
    const text = 'spec viol\nvar x: 0..3\naction inc when x < 3 { x = x + 1 }\ninvariant Small: x < 2\n';
    writeFileSync(spec, text);
    writeFileSync(join(out, 'viol.Small.txt'), 'mine\n');
    const r = await cli('check', spec, '--out', out);
    expect(r.code).toBe(1);
    expect(readFileSync(join(out, 'viol.Small.txt'), 'utf8')).toBe('mine\n');
    expect(readdirSync(out).sort()).toEqual(['viol.Small-1.txt', 'viol.Small.txt']); // no temporary file left behind
    expect(readFileSync(spec, 'utf8')).toBe(text);
  });
});
