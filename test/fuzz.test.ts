// Fuzzing the front end and a bounded check: every input ends in a compiled
// spec or in diagnostics that point into the file (file:line:col), never in an
// exception, an 'internal error' diagnostic or a hang. Bounded: a few hundred
// inputs, a small --max-states and a time limit per check.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { compileSource, type Diagnostic } from '../dsl/index.js';
import { check } from '../checker/check.js';

const FILE = 'fuzz.uffd';
const PER_INPUT_MS = 3000;

function specFiles(): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  for (const dir of ['specs', 'specs/versions', 'bench', 'test/fixtures/dsl']) {
    let names: string[] = [];
    try { names = readdirSync(dir); } catch { continue; }
    for (const n of names.sort()) if (n.endsWith('.uffd')) out.push({ path: join(dir, n), text: readFileSync(join(dir, n), 'utf8') });
  }
  return out;
}

function diagProblem(text: string, d: Diagnostic, file: string): string | null {
  if (/internal error/i.test(d.message)) return `internal error: ${d.message}`;
  // an abstract spec's own errors (refines "FILE") are at their own file:line:col, next to the spec
  const abstract = file !== FILE && d.file.endsWith('.uffd') && dirname(d.file) === dirname(file);
  if (d.file !== file && d.file !== '<command line>' && !abstract) return `diagnostic in file ${d.file}`;
  if (d.file !== file) return d.message ? null : 'empty message';
  const lines = text.split('\n').length;
  if (!(Number.isInteger(d.line) && d.line >= 1 && d.line <= lines)) return `line ${d.line} outside 1..${lines}: ${d.message}`;
  if (!(Number.isInteger(d.col) && d.col >= 1)) return `bad column ${d.col}: ${d.message}`;
  if (!d.message || /undefined|\[object Object\]|NaN/.test(d.message)) return `odd message: ${d.message}`;
  return null;
}

// compile, then (when it compiles) a bounded check; returns what went wrong
// (file: where the text claims to be, so that refines "FILE" finds its abstract spec)
export function probe(text: string, consts?: Record<string, string>, file = FILE): string | null {
  const t0 = Date.now();
  let r;
  try {
    r = compileSource(text, file, consts ? { consts } : undefined);
  } catch (e) {
    return `compileSource threw: ${e instanceof Error ? e.stack : String(e)}`;
  }
  if (!r.ok) {
    if (!r.diagnostics.some((d) => d.severity === 'error')) return 'failed without an error diagnostic';
    for (const d of r.diagnostics) { const p = diagProblem(text, d, file); if (p) return p; }
  } else {
    for (const d of r.warnings) { const p = diagProblem(text, d, file); if (p) return p; }
    try {
      const res = check(r.spec, { maxStates: 300, timeLimitSeconds: 1, progressEverySeconds: 1e9 });
      if (res.violation?.kind === 'eval-error' && /internal/i.test(res.violation.message)) return `internal eval error: ${res.violation.message}`;
    } catch (e) {
      return `check threw: ${e instanceof Error ? e.stack : String(e)}`;
    }
  }
  const ms = Date.now() - t0;
  if (ms > PER_INPUT_MS) return `took ${ms} ms`;
  return null;
}

// UFFD_FUZZ_LAST=/tmp/last.uffd keeps the input being tried (for a crash that kills the process)
const LAST = process.env.UFFD_FUZZ_LAST;
function expectClean(text: string, consts?: Record<string, string>, file = FILE): void {
  if (LAST) writeFileSync(LAST, consts ? `// consts ${JSON.stringify(consts)}\n${text}` : text);
  const p = probe(text, consts, file);
  if (p) throw new Error(`${p}\n--- input ---\n${text.slice(0, 2000)}`);
}

// a rough tokenizer: words, numbers, operators, whitespace runs (kept)
function tokens(text: string): string[] {
  return text.match(/\s+|\/\/[^\n]*|[A-Za-z_][A-Za-z0-9_]*|\d+|<<|>>|\|->|->|~>|<=>|=>|==|!=|<=|>=|\.\.|\+=|-=|&&|\|\||\\\/|\/\\|\+\+|\]_|[^\sA-Za-z0-9_]/g) ?? [];
}

const KEYWORDS = ('spec const enum type def var init action process when invariant constraint property fairness symmetric if then else with either or and not let ' +
  'await assert skip goto forall exists choose case other true false TRUE FALSE in notin subseteq union inter minus except SUBSET DOMAIN ' +
  'bool set queue seq rwsem atomic weak strong done len head tail append card domain powerset union_all down_read up_read down_write up_write ' +
  'enqueue dequeue atomic_inc atomic_dec can_down_read can_down_write BOOLEAN ' +
  // the newer syntax: tagged unions and match, def rec, refinement, ghosts, `int` (a rec result)
  'match rec refines ghost int').split(' ');
const OPERATORS = ['{', '}', '(', ')', '[', ']', '<<', '>>', ',', ';', ':', '.', '..', '=', '==', '!=', '/=', '<', '<=', '>', '>=', '+', '-', '*', '/', '%',
  '++', '+=', '-=', '&&', '||', '!', '~', '[]', '<>', '~>', '=>', '<=>', '->', '|->', '\\in', '\\A', '\\E', '\\cup', '\\', '/\\', '\\/', '"s"', '@', '#', '$',
  // primes and [][A]_v (action properties), `|` (union types, weak(A | B)), a refines file
  "'", ']_', '[][', '|', '"fuzz.uffd"'];
const NAMES = ['x', 'y', 'P', 'N', 'T', 'pp', 'lk', 'q', 'a', 'p1', 'p2', 'MISSING', 'DATA', 'Pte', 'Page', 'f', 't', 'Msg', 'Ping', 'Stop', 'm', 'g'];
const NUMBERS = ['0', '1', '2', '3', '-1', '99999999999999999999', '4294967296', '2147483647'];

const token = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...KEYWORDS) },
  { weight: 4, arbitrary: fc.constantFrom(...OPERATORS) },
  { weight: 3, arbitrary: fc.constantFrom(...NAMES) },
  { weight: 1, arbitrary: fc.constantFrom(...NUMBERS) },
  { weight: 1, arbitrary: fc.constantFrom('\n', ' ', '\t', '/*', '*/', '//') },
);
const soup = fc.array(token, { minLength: 0, maxLength: 40 }).map((ts) => ts.join(' '));

// a small valid prefix gives soups a chance to get past the declarations
const PRELUDE = 'const P = 2\nconst T = {t1, t2}\nenum Pte { MISSING, ZERO, DATA }\ntype Page = 1..P\nvar pp: [Page -> Pte]\nvar x: 0..3\nvar lk: rwsem\nvar q: queue<Pte, 2>\n' +
  'type Msg = Ping(n: Page) | Stop\nvar m: Msg\ndef rec g(n: 0..3): int = if n == 0 then 0 else g(n - 1)\n';
const stmtSoup = fc.array(token, { minLength: 1, maxLength: 25 }).map((ts) => `${PRELUDE}action a(i: Page) when ${ts.slice(0, 6).join(' ')} {\n  ${ts.slice(6).join(' ')}\n}\n`);

type Mutation = { kind: 'delete' | 'duplicate' | 'swap' | 'truncate' | 'replace'; i: number; j: number; tok: string };
const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('delete', 'duplicate', 'swap', 'truncate', 'replace'),
  i: fc.nat(),
  j: fc.nat(),
  tok: fc.constantFrom(...KEYWORDS, ...OPERATORS, ...NUMBERS),
});

function mutate(text: string, ms: readonly Mutation[]): string {
  let ts = tokens(text);
  for (const m of ms) {
    if (ts.length === 0) break;
    const i = m.i % ts.length;
    const j = m.j % ts.length;
    if (m.kind === 'delete') ts = [...ts.slice(0, i), ...ts.slice(i + 1)];
    else if (m.kind === 'duplicate') ts = [...ts.slice(0, i + 1), ' ', ts[i], ...ts.slice(i + 1)];
    else if (m.kind === 'swap') { ts = [...ts]; [ts[i], ts[j]] = [ts[j], ts[i]]; }
    else if (m.kind === 'replace') { ts = [...ts]; ts[i] = m.tok; }
    else return ts.join('').slice(0, m.i % (text.length + 1));
  }
  return ts.join('');
}

const SPECS = specFiles();
// specs written with the newer syntax (tagged unions, match, def rec, primes,
// refines, weak(A | B), quantified and LTL properties), mutated at their own
// path so that refines "FILE" reads the abstract spec next to them
const NEWER = ['test/fixtures/classic', 'docs/examples'].flatMap((dir) =>
  readdirSync(dir).filter((n) => n.endsWith('.uffd')).sort().map((n) => ({ path: join(dir, n), text: readFileSync(join(dir, n), 'utf8') })));
// more runs locally: UFFD_FUZZ_SCALE=20 multiplies every run count
const SCALE = Number(process.env.UFFD_FUZZ_SCALE ?? 1) || 1;
const RUNS = SCALE;

describe('fuzz: front end and bounded check', { timeout: 60_000 * SCALE }, () => {
  it('finds the specs to mutate', () => {
    expect(SPECS.length).toBeGreaterThan(3);
    for (const s of SPECS.filter((x) => x.text.length < 10_000)) expect(compileSource(s.text, s.path).ok, s.path).toBe(true);
  });

  it('random byte strings', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => expectClean(Buffer.from(bytes).toString('utf8'))), { numRuns: 150 * RUNS });
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 120 }), (s) => expectClean(s)), { numRuns: 150 * RUNS });
  });

  it('random token soups', () => {
    fc.assert(fc.property(soup, (s) => expectClean(s)), { numRuns: 300 * RUNS });
    fc.assert(fc.property(fc.array(token, { maxLength: 30 }).map((ts) => PRELUDE + ts.join(' ')), (s) => expectClean(s)), { numRuns: 200 * RUNS });
    fc.assert(fc.property(stmtSoup, (s) => expectClean(s)), { numRuns: 300 * RUNS });
  });

  it('mutations of every spec in specs/ and bench/ (deleted, duplicated, swapped, replaced tokens, truncation)', () => {
    // the large specs parse slowly (~0.2 s each): the versions of mmap_changing
    // differ only in constants, so each run mutates two of them at random
    const large = SPECS.filter((x) => x.text.length >= 10_000);
    const picked = new Set(fc.sample(fc.constantFrom(...large), 2 * RUNS));
    for (const s of SPECS) {
      if (s.text.length >= 10_000 && !picked.has(s)) continue;
      const runs = s.text.length >= 10_000 ? 2 * RUNS : 30 * RUNS;
      fc.assert(fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (ms) => expectClean(mutate(s.text, ms))), { numRuns: runs });
    }
  });

  it('mutations of the specs with the newer syntax (classic specs, docs examples), at their own paths', () => {
    const all = NEWER.map((x) => x.text).join('\n');
    for (const syntax of ['match m {', 'def rec ', 'refines "', "msgs'", 'weak(InitiateProbe | PassToken)', 'type Msg = Prepared(rm: RM) | Commit | Abort']) expect(all).toContain(syntax);
    for (const s of NEWER) {
      expect(compileSource(s.text, s.path).ok, s.path).toBe(true);
      fc.assert(fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (ms) => expectClean(mutate(s.text, ms), undefined, s.path)), { numRuns: 12 * RUNS });
    }
  });

  it('every truncation point of one spec', () => {
    const s = SPECS.find((x) => x.path.endsWith('fork_copy.uffd')) ?? SPECS[0];
    const ts = tokens(s.text);
    for (let k = 0; k < ts.length; k += Math.max(1, Math.round(12 / RUNS))) expectClean(ts.slice(0, k).join(''));
  });

  it('odd --const values', () => {
    const s = SPECS.find((x) => x.path.endsWith('fork_copy.uffd')) ?? SPECS[0];
    const values = fc.oneof(fc.constantFrom('abc', '', '-1', '0', '1e3', '99999999999999999999', '{}', '{p1,p1}', '{1,2}', 'true', '3', '{a', 'x}', '0x10', ' 2 '), fc.string({ maxLength: 8 }));
    fc.assert(fc.property(fc.constantFrom('P', 'T', 'THREADS', 'CHECK', 'NOPE'), values, (name, v) => expectClean(s.text, { [name]: v })), { numRuns: 40 * RUNS });
  });
});

describe('fuzz: the CLI path', () => {
  it('a spec that does not compile exits 2 with file:line:col on stderr', async () => {
    const { main } = await import('../cli/main.js');
    const { mkdtempSync, writeFileSync: write } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'uffd-fuzz-'));
    const file = join(dir, 'm.uffd');
    const s = SPECS.find((x) => x.path.endsWith('fork_copy.uffd')) ?? SPECS[0];
    const inputs = fc.sample(fc.array(mutation, { minLength: 1, maxLength: 3 }).map((ms) => mutate(s.text, ms)), 12 * RUNS);
    for (const text of [...inputs, '\u0000\u0001garbage', 'action {']) {
      if (compileSource(text, file).ok) continue;
      write(file, text);
      const err: string[] = [];
      const code = await main(['node', 'uffd-spec', 'check', file, '--max-states', '100'], { out: () => {}, err: (x) => err.push(x) });
      expect(code, text).toBe(2);
      expect(err[0], text).toMatch(new RegExp(`^(${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}|<command line>):\\d+:\\d+: error: `));
      expect(err.join('\n')).not.toMatch(/internal error/);
    }
  });
});
