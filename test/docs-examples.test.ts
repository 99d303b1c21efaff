// The examples in the docs are real output: every fenced block right after a
// `<!-- example: uffd-spec ARGS -->` line is what `uffd-spec ARGS` prints on
// stdout, byte for byte (`<!-- example head: ... -->`: its first lines, for
// a long output). Run times are the one part that varies: `, 0.21 s (1,234
// distinct states/s)` is written `, <time>`. A renderer change that alters
// an example fails here; copy the new output into the doc after reading it.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { main } from '../cli/main.js';

// the findings quote the checker's traces: they must stay its output too
const DOCS = ['docs/counterexamples.md', 'docs/diff.md', 'docs/language.md', ...readdirSync('docs/findings').filter((f) => f.endsWith('.md') && f !== 'README.md').sort().map((f) => `docs/findings/${f}`)];

interface Example { readonly doc: string; readonly line: number; readonly args: string[]; readonly head: boolean; readonly text: string }

export function examples(doc: string, text: string): Example[] {
  const lines = text.split('\n');
  const out: Example[] = [];
  lines.forEach((l, i) => {
    const m = /^<!-- example( head)?: uffd-spec (.+?) -->$/.exec(l);
    if (!m) return;
    const open = lines[i + 1];
    if (open !== '```') throw new Error(`${doc}:${i + 1}: an example marker must be followed by a \`\`\` block`);
    const end = lines.indexOf('```', i + 2);
    if (end < 0) throw new Error(`${doc}:${i + 2}: the example block is not closed`);
    out.push({ doc, line: i + 1, args: m[2].split(/\s+/), head: m[1] !== undefined, text: lines.slice(i + 2, end).join('\n') });
  });
  return out;
}

// `<!-- file: PATH -->` before a ``` block: the block is the file PATH byte for
// byte, so a spec shown in the docs is the one its example checks
export function shownFiles(doc: string, text: string): { line: number; path: string; text: string }[] {
  const lines = text.split('\n');
  const out: { line: number; path: string; text: string }[] = [];
  lines.forEach((l, i) => {
    const m = /^<!-- file: (\S+) -->$/.exec(l);
    if (!m) return;
    if (!/^```/.test(lines[i + 1] ?? '')) throw new Error(`${doc}:${i + 1}: a file marker must be followed by a \`\`\` block`);
    const end = lines.indexOf('```', i + 2);
    if (end < 0) throw new Error(`${doc}:${i + 2}: the file block is not closed`);
    out.push({ line: i + 1, path: m[1], text: lines.slice(i + 2, end).join('\n') + '\n' });
  });
  return out;
}

async function stdout(args: string[]): Promise<string> {
  const out: string[] = [];
  await main(['node', 'uffd-spec', ...args], { out: (s) => out.push(s), err: () => {} });
  return out.join('\n').replace(/, [\d.]+ s \([\d,]+ distinct states\/s\)/g, ', <time>');
}

// UPDATE_DOCS=1 writes each example's current output into its doc (as
// UPDATE_GOLDEN=1 does for test/golden/): read `git diff docs/` before committing.
async function rewrite(doc: string): Promise<void> {
  const lines = readFileSync(doc, 'utf8').split('\n');
  for (const ex of examples(doc, lines.join('\n')).reverse()) { // from the end: earlier line numbers stay put
    const got = (await stdout(ex.args)).split('\n');
    const old = lines.indexOf('```', ex.line + 1) - (ex.line + 1); // the block's lines (an empty block has none)
    lines.splice(ex.line + 1, old, ...(ex.head ? got.slice(0, old) : got));
  }
  writeFileSync(doc, lines.join('\n'));
}

describe('examples in the docs are what the commands print', () => {
  for (const doc of DOCS) {
    if (process.env.UPDATE_DOCS) {
      it(`${doc}: examples rewritten (UPDATE_DOCS)`, () => rewrite(doc), 300_000);
      continue;
    }
    const found = examples(doc, readFileSync(doc, 'utf8'));
    it(`${doc} has examples`, () => expect(found.length).toBeGreaterThan(0));
    for (const f of shownFiles(doc, readFileSync(doc, 'utf8'))) {
      it(`${doc}:${f.line}: shows ${f.path} as it is`, () => expect(f.text).toBe(readFileSync(f.path, 'utf8')));
    }
    for (const ex of found) {
      it(`${doc}:${ex.line}: uffd-spec ${ex.args.join(' ')}`, async () => {
        const got = await stdout(ex.args);
        const want = ex.head ? got.split('\n').slice(0, ex.text.split('\n').length).join('\n') : got;
        expect(ex.text).toBe(want);
      }, 60_000);
    }
  }

  it('the extractor finds a marked block and refuses a marker without one', () => {
    const md = ['x', '<!-- example head: uffd-spec check a.uffd --const N=2 -->', '```', 'one', 'two', '```', ''].join('\n');
    expect(examples('t.md', md)).toEqual([{ doc: 't.md', line: 2, args: ['check', 'a.uffd', '--const', 'N=2'], head: true, text: 'one\ntwo' }]);
    expect(() => examples('t.md', '<!-- example: uffd-spec check a.uffd -->\n    indented\n')).toThrow(/t.md:1/);
    expect(shownFiles('t.md', '<!-- file: a.uffd -->\n```uffd\nvar x: bool\n```\n')).toEqual([{ line: 1, path: 'a.uffd', text: 'var x: bool\n' }]);
    expect(() => shownFiles('t.md', '<!-- file: a.uffd -->\nvar x\n')).toThrow(/t.md:1/);
  });
});
