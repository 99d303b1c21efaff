// Which comment becomes an action's doc (issue 16, point 8): the block right
// above it, ended by a blank line or by a separator line such as
// `// ---- coordinator ----`, which heads a section and documents nothing.
import { describe, expect, it } from 'vitest';
import { compileSource } from '../dsl/index.js';

function docs(src: string): Record<string, string | undefined> {
  const r = compileSource(src, 'doc.uffd');
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return Object.fromEntries(r.spec.actions.map((a) => [a.name, a.doc]));
}

describe('doc comments and separators', () => {
  it('a separator right above an action is not its doc', () => {
    expect(docs('var x: bool\n// ---- coordinator ----\naction a { x = true }\n').a).toBeUndefined();
    expect(docs('var x: bool\n// =====================\naction a { x = true }\n').a).toBeUndefined();
    expect(docs('var x: bool\n//### participants ###\naction a { x = true }\n').a).toBeUndefined();
  });
  it('a separator above a comment block ends the doc there', () => {
    expect(docs('var x: bool\n// ---- coordinator ----\n// mm/fork.c dup_mmap()\n// copies the tables\naction a { x = true }\n').a)
      .toBe('mm/fork.c dup_mmap()\ncopies the tables');
  });
  it('also for a process and its steps', () => {
    const src = 'var x: bool\n// ---- the TM ----\nprocess p {\n  // ~~~ phase one ~~~\n  one: x = true\n}\n';
    const r = compileSource(src, 'doc.uffd');
    if (!r.ok) throw new Error('bad');
    expect(r.spec.processes[0].doc).toBeUndefined();
    expect(r.spec.actions[0].doc).toBeUndefined();
  });
  it('a blank line between the comment and the action ends it too', () => {
    expect(docs('var x: bool\n// about the section\n\naction a { x = true }\n').a).toBeUndefined();
  });
  it('an ordinary comment, also one with a dash in it, still documents', () => {
    expect(docs('var x: bool\n// -- not a rule: two dashes\naction a { x = true }\n').a).toBe('-- not a rule: two dashes');
    expect(docs('var x: bool\n// mfill_atomic() - copy a page\naction a { x = true }\n').a).toBe('mfill_atomic() - copy a page');
  });
});
