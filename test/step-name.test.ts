// Step names in the lkml column: a kernel function shared by several steps
// gets a phrase from each step's own comment; a read off a queue says what
// it read.
import { describe, expect, it } from 'vitest';
import { compileSource } from '../dsl/index.js';
import { docPhrase, shortDoc, stepDoc } from '../counterexamples/step-name.js';
import { main } from '../cli/main.js';

describe('step names', () => {
  it('docPhrase: the first clause after the leading call, cut at a word to 32 columns', () => {
    expect(docPhrase('mfill_atomic(): down_read(map_changing_lock), then the authoritative check;')).toBe('down_read(map_changing_lock)');
    expect(docPhrase('mfill_atomic(): uffd_mfill_lock() finds the VMA and read-locks it, or mmap_read_lock(); -ENOENT')).toBe('uffd_mfill_lock() finds the VMA');
    expect(docPhrase('mm/userfaultfd.c mfill_atomic(): check mmap_changing; -EAGAIN')).toBe('check mmap_changing');
    expect(docPhrase('mfill_atomic()')).toBeNull();
    expect(docPhrase('prose, not a call')).toBeNull();
    // a clause after '; ' is about something else, and ': ' ends the phrase as ';' does
    expect(docPhrase('mmap_write_unlock(); QUEUE_UNDER_LOCK: REMAP (and UNMAP of b) queued just before')).toBeNull();
    expect(docPhrase('move_vma() after mremap_userfaultfd_prep(): with REMAP_FAIL 1 (2025) an error')).toBe('after mremap_userfaultfd_prep()');
    // a parenthesis cut before it closes is dropped with the words after it
    expect(docPhrase('f(): queues REMAP (and UNMAP of the old range b) at once')).toBe('queues REMAP');
    expect(shortDoc('fs/userfaultfd.c userfaultfd_ctx_read(); the monitor')).toBe('userfaultfd_ctx_read()');
  });

  it('stepDoc adds the phrase only where another step of the spec names the same function', () => {
    const r = compileSource([
      'spec s', 'var x: 0..3',
      'process p {',
      '  a: x = 1   // mfill_atomic(): take the lock',
      '  b: x = 2   // mfill_atomic(): check mmap_changing',
      '  c: x = 3   // mfill_atomic_pte_copy(): install',
      '}', '',
    ].join('\n'), 's.uffd');
    if (!r.ok) throw new Error('spec');
    const docs = r.spec.actions.map((a) => stepDoc(r.spec, a.doc));
    expect(docs).toEqual(['mfill_atomic() take the lock', 'mfill_atomic() check mmap_changing', 'mfill_atomic_pte_copy()']);
  });

  it('lkml: the read of an event names the event; shared functions are told apart; lines within 72 columns', async () => {
    const out: string[] = [];
    await main(['node', 'uffd-spec', 'check', 'test/fixtures/counterexamples/fork_race_ghosts.uffd', '--const', 'CHECK_MC=false', '--format', 'lkml'], { out: (s) => out.push(s), err: () => {} });
    const text = out.join('\n');
    expect(text).toMatch(/^13 +idle: reads FORK$/m);
    expect(text).toMatch(/^10 +check: mfill_atomic\(\) check mmap_changing$/m);
    expect(text).toMatch(/^ 9 +mcl: mfill_atomic\(\)$/m); // its phrase wraps to the next line
    expect(text).toMatch(/^ +down_read\(map_changing_lock\)$/m);
    expect(Math.max(...text.split('\n').map((l) => l.length))).toBeLessThanOrEqual(72);
  });
});
