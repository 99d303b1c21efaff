// The on-disk syntax-tree cache (dsl/parse-cache.ts): a spec read back from
// it compiles to the very IR Ohm's parse gives; syntax errors are never kept;
// an unreadable entry is parsed again; UFFD_SPEC_CACHE=off keeps nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileSource } from '../dsl/index.js';
import { parseSource } from '../dsl/parse.js';
import { MAX_ENTRIES, parseCached } from '../dsl/parse-cache.js';

let dir = '';
const saved = process.env.UFFD_SPEC_CACHE;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'uffd-cache-')); process.env.UFFD_SPEC_CACHE = dir; });
afterEach(() => { rmSync(dir, { recursive: true, force: true }); process.env.UFFD_SPEC_CACHE = saved; });

const files = ['specs/mmap_changing.uffd', 'specs/uffdio_move.uffd', 'bench/lamport_mutex.uffd', 'bench/two_phase.uffd', 'test/fixtures/dsl/two_phase.uffd'];

describe('parse cache', () => {
  for (const file of files) {
    it(`${file}: the tree read back gives the same IR as a fresh parse`, () => {
      const text = readFileSync(file, 'utf8');
      const first = parseCached(text, file);
      expect(readdirSync(dir)).toHaveLength(1);
      const again = parseCached(text, file);
      const fresh = parseSource(text, file);
      expect(again).toEqual(fresh);
      const viaCache = compileSource(text, file);
      process.env.UFFD_SPEC_CACHE = 'off';
      const direct = compileSource(text, file);
      expect(viaCache).toEqual(direct);
      expect(first).toEqual(fresh);
    });
  }

  it('keeps no syntax error and no entry with UFFD_SPEC_CACHE=off', () => {
    const bad = parseCached('spec e\nvar x: 0..3\naction go { x == 1 }\n', 'bad.uffd');
    expect(bad.ok).toBe(false);
    expect(readdirSync(dir)).toHaveLength(0);
    process.env.UFFD_SPEC_CACHE = 'off';
    expect(parseCached('spec e\nvar x: 0..3\n', 'e.uffd').ok).toBe(true);
    expect(readdirSync(dir)).toHaveLength(0);
  });

  it('a different file name or text is another entry; a corrupt entry is parsed again', () => {
    const text = 'spec e\nvar x: 0..3\naction go when x < 3 { x = x + 1 }\n';
    parseCached(text, 'a.uffd');
    parseCached(text, 'b.uffd');
    parseCached(`${text}\n`, 'a.uffd');
    const entries = readdirSync(dir);
    expect(entries).toHaveLength(3);
    for (const e of entries) writeFileSync(join(dir, e), '{"ast": ');
    expect(parseCached(text, 'a.uffd')).toEqual(parseSource(text, 'a.uffd'));
  });

  it(`keeps at most ${MAX_ENTRIES} entries, the least recently used go first, and nothing else in the folder`, () => {
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    const text = (i: number) => `spec e\nvar x: 0..${i + 1}\n`;
    parseCached(text(0), 'e.uffd');
    for (let i = 1; i <= MAX_ENTRIES + 4; i++) {
      parseCached(text(i), 'e.uffd');
      if (i % 8 === 0) parseCached(text(0), 'e.uffd'); // used again: it stays
    }
    const entries = readdirSync(dir);
    expect(entries.filter((f) => f.endsWith('.json'))).toHaveLength(MAX_ENTRIES);
    expect(entries).toContain('notes.txt');
    const before = readdirSync(dir).sort();
    parseCached(text(0), 'e.uffd'); // still kept: a hit writes and removes nothing
    expect(readdirSync(dir).sort()).toEqual(before);
    parseCached(text(1), 'e.uffd'); // the oldest: it was pruned, so it is parsed and written again
    expect(readdirSync(dir).sort()).not.toEqual(before);
  });
});
