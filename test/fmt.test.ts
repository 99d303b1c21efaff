// uffd-spec fmt: the canonical layout, comments kept, idempotent, the IR of
// every formatted spec equal to the original's (every spec of the repository
// and a bounded sample of the fuzz test's mutants), --check for CI, refusals.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileSource } from '../dsl/index.js';
import { parseSource } from '../dsl/parse.js';
import { stripSpans } from '../dsl/strip.js';
import { formatText } from '../dsl/fmt.js';
import { firstDifference, formatChecked } from '../dsl/fmt-check.js';
import { run } from './run-cli.js';

function specFiles(): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  const walk = (dir: string): void => {
    for (const n of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(dir, n.name);
      if (n.isDirectory()) walk(p);
      else if (n.name.endsWith('.uffd')) out.push({ path: p, text: readFileSync(p, 'utf8') });
    }
  };
  for (const d of ['specs', 'bench', 'test/fixtures', 'docs/examples']) walk(d);
  return out;
}

const comments = (text: string): string[] => (text.match(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g) ?? []).map((c) => c.trimEnd());

// The formatted text keeps every comment, is a fixpoint, and has the IR of
// the original (both compiled with the same, default, constants).
function expectSound(text: string, file: string): string {
  const out = formatText(text);
  expect(out, file).not.toBeNull();
  expect(formatText(out!), `${file}: formatting twice changes nothing`).toBe(out);
  expect(comments(out!), `${file}: comments kept, in order`).toEqual(comments(text));
  const a = compileSource(text, file);
  if (a.ok) {
    const b = compileSource(out!, file);
    expect(b.ok, `${file}: the formatted text compiles`).toBe(true);
    if (b.ok) expect(firstDifference(stripSpans(a.spec), stripSpans(b.spec)), `${file}: IR`).toBeNull();
  } else {
    const p = parseSource(out!, file);
    expect(p.ok, `${file}: the formatted text parses`).toBe(true);
  }
  return out!;
}

const MESSY = `spec   demo
// the constants
const N=2 // threads
const CHECK =   true   // the check exists
enum Pte {MISSING,DATA}
var pp : [ 1..N -> Pte ]   // pages
var lk:rwsem<2>
var q: set < set<Pte> >
var n : 0 .. 3
init { pp[1]=MISSING
    n=0 }
// one thread
process worker ( t : 1..N ) {
  lock : down_write( lk ) // take it
    if ! CHECK { goto done } else {
     n +=1 ;
       }
  work: with i in 1 .. N { pp[ i ] = DATA }
  // give it back
  unlock:up_write(lk)
}
action fill(i:1..N) when pp[i]=MISSING && ( n<3 || - n > -1 ) { pp[i] = DATA }
invariant Bounded : n<= 3
  && forall i in 1..N: pp[i] \\in {MISSING, DATA}
property Done: <>(forall t in 1..N: worker[t].done)
`;

const MESSY_FORMATTED = `spec demo
// the constants
const N = 2         // threads
const CHECK = true  // the check exists
enum Pte { MISSING, DATA }
var pp: [1..N -> Pte]  // pages
var lk: rwsem<2>
var q: set<set<Pte>>
var n: 0..3

init { pp[1] = MISSING
  n = 0 }

// one thread
process worker(t: 1..N) {
  lock:   down_write(lk)  // take it
          if !CHECK { goto done } else {
            n += 1;
          }
  work:   with i in 1..N { pp[i] = DATA }
  // give it back
  unlock: up_write(lk)
}

action fill(i: 1..N) when pp[i] = MISSING && (n < 3 || -n > -1) { pp[i] = DATA }

invariant Bounded: n <= 3
  && forall i in 1..N: pp[i] \\in {MISSING, DATA}
property Done: <>(forall t in 1..N: worker[t].done)
`;

describe('fmt: the layout', () => {
  it('spacing, indentation, aligned step labels and trailing comments, blank lines around blocks', () => {
    expect(formatText(MESSY)).toBe(MESSY_FORMATTED);
    expectSound(MESSY, 'messy.uffd');
  });

  it('a continuation comment line stays under the trailing comment it continues', () => {
    const src = 'var a: bool   // first line of a note\n              // its second line\nvar bb: bool // other\n';
    expect(formatText(src)).toBe('var a: bool   // first line of a note\n              // its second line\nvar bb: bool  // other\n');
  });

  it('multi-line expressions: continuation lines indented, brackets aligned', () => {
    const src = 'var x: 0..3\nvar y: 0..3\ninvariant I:\n(x == 1 ||\n        y == 2)\n   && x < 3\n';
    expect(formatText(src)).toBe('var x: 0..3\nvar y: 0..3\ninvariant I:\n  (x == 1 ||\n   y == 2)\n  && x < 3\n');
  });

  it('a /* */ comment after code on the line above a step is no documentation, so the step can be re-indented', () => {
    // found by the fuzz corpus: docAbove() used to read such a line as the end
    // of a block comment and took every line up to the top of the file
    const src = 'var x: 0..3\nvar y: 0..3\nprocess p {\n  a:   x = 1\n     y = 2 /* c */\n  b: x = 2 // the b step\n}\n';
    const r = formatChecked(src, 'doc.uffd');
    expect(r).toEqual({ kind: 'changed', text: 'var x: 0..3\nvar y: 0..3\n\nprocess p {\n  a:      x = 1\n          y = 2 /* c */\n  b:      x = 2  // the b step\n}\n' });
    const a = compileSource(src, 'doc.uffd');
    expect(a.ok && a.spec.actions.find((x) => x.name === 'p.b')?.doc).toBe('the b step');
  });

  it('blank lines: at most one, none at the ends', () => {
    expect(formatText('\n\n\nconst A = 1\n\n\n\nconst B = 2\n\n\n')).toBe('const A = 1\n\nconst B = 2\n');
  });
});

describe('fmt: every spec of the repository', () => {
  const specs = specFiles();
  it('finds them', () => expect(specs.length).toBeGreaterThan(15));
  it('formatChecked hands out the layout of a big generated spec (not refused); the bundled spec is in it already', () => {
    const v = specs.find((x) => x.path === join('specs', 'versions', 'none.uffd'))!;
    const r = formatChecked(v.text, v.path);
    expect(r.kind).toBe('changed');
    if (r.kind === 'changed') expect(r.text).toBe(formatText(v.text));
    const s = specs.find((x) => x.path === join('specs', 'mmap_changing.uffd'))!;
    expect(formatChecked(s.text, s.path).kind).toBe('unchanged');
  });
  for (const s of specs) {
    it(s.path, () => {
      if (!parseSource(s.text, s.path).ok) {
        expect(formatChecked(s.text, s.path).kind).toBe('syntax'); // test/fixtures/diff/broken.uffd
        return;
      }
      expectSound(s.text, s.path);
    });
  }
});

// The fuzz test's mutations (test/fuzz.test.ts): tokens deleted, duplicated,
// swapped or replaced; every mutant that parses is formatted and checked.
function tokens(text: string): string[] {
  return text.match(/\s+|\/\/[^\n]*|[A-Za-z_][A-Za-z0-9_]*|\d+|<<|>>|\|->|->|~>|<=>|=>|==|!=|<=|>=|\.\.|\+=|-=|&&|\|\||\\\/|\/\\|\+\+|[^\sA-Za-z0-9_]/g) ?? [];
}
const REPLACEMENTS = ['{', '}', '(', ')', '[', ']', ',', ';', ':', '.', '..', '=', '==', '!', '-', '+', '<<', '>>', 'if', 'else', 'x', '1', '-1', '// c', '\n', '/* c */', 'skip', 'or', 'either'];
type Mutation = { kind: 'delete' | 'duplicate' | 'swap' | 'replace'; i: number; j: number; tok: string };
const mutation: fc.Arbitrary<Mutation> = fc.record({ kind: fc.constantFrom('delete', 'duplicate', 'swap', 'replace'), i: fc.nat(), j: fc.nat(), tok: fc.constantFrom(...REPLACEMENTS) });
function mutate(text: string, ms: readonly Mutation[]): string {
  const ts = tokens(text);
  for (const m of ms) {
    const i = m.i % ts.length;
    const j = m.j % ts.length;
    if (m.kind === 'delete') ts.splice(i, 1);
    else if (m.kind === 'duplicate') ts.splice(i + 1, 0, ' ', ts[i]);
    else if (m.kind === 'swap') [ts[i], ts[j]] = [ts[j], ts[i]];
    else ts[i] = m.tok;
  }
  return ts.join('');
}

// more runs locally, as in test/fuzz.test.ts: UFFD_FUZZ_SCALE=20
const SCALE = Number(process.env.UFFD_FUZZ_SCALE ?? 1) || 1;

describe('fmt: the fuzz corpus', { timeout: 60_000 * SCALE }, () => {
  it('mutants of the small specs that still parse: sound and idempotent (bounded sample)', () => {
    const small = specFiles().filter((s) => s.text.length < 10_000 && parseSource(s.text, s.path).ok);
    let parsed = 0;
    for (const s of small) {
      fc.assert(fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (ms) => {
        const text = mutate(s.text, ms);
        if (!parseSource(text, 'mutant.uffd').ok) return;
        parsed++;
        expectSound(text, 'mutant.uffd');
      }), SCALE === 1 ? { numRuns: 15, seed: 18 } : { numRuns: 15 * SCALE });
    }
    expect(parsed).toBeGreaterThan(20 * SCALE); // most mutants do not parse; enough of them must
  });
});

describe('uffd-spec fmt', () => {
  const dir = (): string => mkdtempSync(join(tmpdir(), 'uffd-fmt-'));

  it('--check lists the files that would change (exit 1) and writes nothing; fmt rewrites them; then --check passes', async () => {
    const d = dir();
    const messy = join(d, 'messy.uffd');
    const clean = join(d, 'clean.uffd');
    writeFileSync(messy, MESSY);
    writeFileSync(clean, MESSY_FORMATTED);
    const c1 = await run('fmt', '--check', messy, clean);
    expect(c1.code).toBe(1);
    expect(c1.out).toBe(messy);
    expect(readFileSync(messy, 'utf8')).toBe(MESSY);
    const f = await run('fmt', messy, clean);
    expect(f.code).toBe(0);
    expect(f.err).toBe(`formatted ${messy}`);
    expect(readFileSync(messy, 'utf8')).toBe(MESSY_FORMATTED);
    expect(readdirSync(d).sort()).toEqual(['clean.uffd', 'messy.uffd']); // no temporary file left
    const c2 = await run('fmt', '--check', messy, clean);
    expect(c2.code).toBe(0);
    expect(c2.out).toBe('');
  });

  // the project's own hand-written specs keep the layout it asks of users
  // (specs/versions/ and specs/move/ are generated from them)
  it('the hand-written specs of the repo are in the canonical layout (fmt --check passes)', async () => {
    const r = await run('fmt', '--check', 'specs/mmap_changing.uffd', 'specs/uffdio_move.uffd', 'bench/fork_copy.uffd', 'bench/fork_copy_sym.uffd');
    expect(r.out).toBe('');
    expect(r.code).toBe(0);
  });

  it('a file that does not parse: exit 2, file:line:col, the file untouched', async () => {
    const f = join(dir(), 'broken.uffd');
    const text = 'var x: 0..3\nconst = 3\n';
    writeFileSync(f, text);
    const r = await run('fmt', f);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(new RegExp(`^${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:7: error: expected a name`));
    expect(readFileSync(f, 'utf8')).toBe(text);
    expect((await run('fmt', join(dir(), 'missing.uffd'))).code).toBe(2);
  });

  it('a layout that would change the IR is refused, naming the construct (exit 2), the file untouched', async () => {
    // the comment documents `action a` (the line above its keyword); moving the
    // action to a line of its own would take the documentation away
    const text = 'var x: 0..3\n// models foo()\nconst K = 1 action a when x < K { x = 1 }\n';
    const f = join(dir(), 'doc.uffd');
    writeFileSync(f, text);
    const r = await run('fmt', f);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/doc\.uffd:3:13: error: not formatted: the formatted text would change action a \(\.decls\[2\]\.doc\)/);
    expect(readFileSync(f, 'utf8')).toBe(text);
  });
});
