// Messages a user reads: no grammar internals, hints for what other
// languages spell differently, command-line mistakes caught before the search,
// and a bounded list of errors.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from './run-cli.js';
import { emitResult } from '../cli/output.js';
import { check } from '../checker/check.js';
import { compileSource } from '../dsl/index.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'uffd-msg-'));
function spec(text: string): string {
  const f = join(tmp(), 's.uffd');
  writeFileSync(f, text);
  return f;
}

const VIOLATED = 'spec v\nvar x: 0..3\naction inc when x < 3 { x = x + 1 }\ninvariant Small: x < 2\n';

describe('spec messages', () => {
  it("'==' where a statement belongs says what was expected in words", async () => {
    const f = spec('spec s\nvar x: 0..1\ninit { x == 1 }\naction a { x = 1 }\n');
    const r = await run('check', f);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${f}:3:10: error: expected a statement such as 'x = 1', found '==': a comparison is not a statement ('x = 1' assigns, 'await x == 1' waits until it holds)`);
    expect(r.err).not.toContain('not (');
  });

  it('hints: elif, var lk: mutex, s + {i}', async () => {
    const elif = await run('check', spec('spec s\nvar x: 0..1\naction a { if x == 0 { x = 1 } elif x == 1 { x = 0 } }\n'));
    expect(elif.err).toMatch(/:3:32: error: there is no 'elif': write 'else if cond \{ \.\.\. \}'/);
    const mutex = await run('check', spec('spec s\nvar lk: mutex\naction a { skip }\n'));
    expect(mutex.err).toMatch(/:2:9: error: unknown type 'mutex': there is no mutex type; use rwsem \(down_write\/up_write for an exclusive lock\) or bool/);
    const plus = await run('check', spec('spec s\nvar s: set<1..3>\naction a(i: 1..3) { s = s + {i} }\n'));
    expect(plus.err).toMatch(/:3:25: error: '\+' needs integers, but the left side is set<1\.\.3> \(for sets use 'union': s union \{i\}\)/);
    for (const r of [elif, mutex, plus]) expect(r.code).toBe(2);
  });

  it('300 name errors: the first 20, then how many more', async () => {
    const lines = ['spec s', 'var x: 0..3', ...Array.from({ length: 300 }, (_, i) => `action a${i} { y${i} = 1 }`)];
    const r = await run('check', spec(lines.join('\n')));
    expect(r.code).toBe(2);
    const errs = r.err.split('\n').filter((l) => / error: /.test(l));
    expect(errs).toHaveLength(20);
    expect(r.err).toContain('and 280 more (the first 20 are shown)');
    expect(r.err.split('\n').at(-1)).toBe('300 errors; nothing was checked.');
  });
});

describe('command line', () => {
  it('no arguments: help on stderr, exit 2; --help: exit 0', async () => {
    const none = await run();
    expect(none.code).toBe(2);
    expect(none.err).toContain('Usage: uffd-spec');
    const help = await run('--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('Usage: uffd-spec');
  });

  it('--force without --out is an error', async () => {
    const r = await run('check', spec(VIOLATED), '--force');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toBe('<command line>:1:1: error: --force only applies with --out DIR (it lets a counterexample replace a file of the same name)');
  });

  it('--out is checked before the search', async () => {
    const dir = tmp();
    const file = join(dir, 'f');
    writeFileSync(file, 'mine\n');
    for (const [out, why] of [[file, `${file} is not a directory`], [join(file, 'sub'), `${file} is not a directory`]]) {
      const r = await run('check', spec(VIOLATED), '--out', out);
      expect(r.code).toBe(2);
      expect(r.out).toBe(''); // nothing searched
      expect(r.err).toBe(`<command line>:1:1: error: --out ${out}: counterexamples cannot be written there: ${why}`);
    }
    // a folder that does not exist yet is created when a counterexample is written
    const fresh = join(dir, 'a', 'b');
    const ok = await run('check', spec(VIOLATED), '--out', fresh);
    expect(ok.code).toBe(1);
    expect(ok.err).toContain(`Counterexample written to ${join(fresh, 'v.Small.txt')}`);
  });

  it('a write that fails after the search does not hide the verdict (exit 1, the error on stderr)', () => {
    const loaded = compileSource(VIOLATED, 'v.uffd');
    if (!loaded.ok) throw new Error('spec');
    const result = check(loaded.spec);
    const dir = tmp();
    mkdirSync(join(dir, 'x'));
    writeFileSync(join(dir, 'x', 'blocker'), '');
    const err: string[] = [];
    const code = emitResult(loaded.spec, result, { format: 'text', out: join(dir, 'x', 'blocker', 'out') }, { out: () => {}, err: (s) => err.push(s) });
    expect(code).toBeNull(); // the verdict's exit code stands
    expect(result.outcome).toBe('violation');
    expect(err.join('\n')).toMatch(/^uffd-spec: cannot write the counterexample to .*blocker\/out: /);
  });
});
