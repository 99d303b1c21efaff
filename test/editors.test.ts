// The VS Code extension folder (editors/vscode): its TextMate grammar knows
// every keyword of dsl/grammar.ohm and no word that is not one, so the two
// cannot drift; the manifest points at files that exist.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { grammarKeywords } from '../lsp/keywords.js';

const DIR = 'editors/vscode';
const ohm = readFileSync('dsl/grammar.ohm', 'utf8');
const tm = JSON.parse(readFileSync(join(DIR, 'syntaxes/uffd.tmLanguage.json'), 'utf8')) as {
  scopeName: string;
  repository: Record<string, { match?: string; patterns?: { name?: string; match?: string }[] }>;
};

// reserved words (the `keyword` rule) and contextual ones (`kw<"weak">`, `kw<"rwsem">`)
function ohmKeywords(): Set<string> {
  const rule = /^\s*keyword\s*=([\s\S]*?)~identPart/m.exec(ohm);
  expect(rule).not.toBeNull();
  const words = new Set([...rule![1].matchAll(/"(\w+)"/g)].map((m) => m[1]));
  for (const m of ohm.matchAll(/kw<"(\w+)">/g)) words.add(m[1]);
  return words;
}

function alternatives(regex: string): string[] {
  return [...regex.matchAll(/\\b\(([\w|]+)\)\\b/g)].flatMap((m) => m[1].split('|'));
}

describe('editors/vscode', () => {
  it('the TextMate grammar highlights exactly the keywords of dsl/grammar.ohm', () => {
    const grammar = ohmKeywords();
    expect(grammar.size).toBeGreaterThan(50);
    for (const w of ['goto', 'await', 'fairness', 'SUBSET', 'rwsem', 'weak', 'seq']) expect(grammar).toContain(w);
    const highlighted = new Set((tm.repository.keywords.patterns ?? []).flatMap((p) => alternatives(p.match ?? '')));
    const missing = [...grammar].filter((w) => !highlighted.has(w));
    const extra = [...highlighted].filter((w) => !grammar.has(w));
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
    // completion offers the same words (lsp/keywords.ts reads the grammar)
    expect(grammarKeywords(ohm)).toEqual([...grammar].sort());
  });

  it('every pattern of the grammar is a valid regular expression and matches what it names', () => {
    const all = Object.values(tm.repository).flatMap((r) => [r, ...(r.patterns ?? [])]).map((p) => p.match).filter((m): m is string => !!m);
    for (const m of all) expect(() => new RegExp(m)).not.toThrow();
    const kw = tm.repository.keywords.patterns!;
    const scopeOf = (word: string) => kw.find((p) => new RegExp(p.match!).exec(`  ${word} `)?.[0] === word)?.name;
    expect(scopeOf('goto')).toBe('keyword.control.uffd');
    expect(scopeOf('process')).toBe('storage.type.declaration.uffd');
    expect(scopeOf('goton')).toBeUndefined();
    const label = new RegExp(tm.repository.labels.match!, 'm');
    expect(label.exec('  unlock: up_write(lk)')?.[1]).toBe('unlock');
    expect(label.exec('  x := 1')).toBeNull();
  });

  it('the extension manifest: language uffd for .uffd files, the grammar, a client running `uffd-spec lsp`', () => {
    const pkg = JSON.parse(readFileSync(join(DIR, 'package.json'), 'utf8'));
    expect(pkg.contributes.languages[0]).toMatchObject({ id: 'uffd', extensions: ['.uffd'] });
    const g = pkg.contributes.grammars[0];
    expect(g.language).toBe('uffd');
    expect(g.scopeName).toBe(tm.scopeName);
    expect(existsSync(join(DIR, g.path))).toBe(true);
    expect(existsSync(join(DIR, pkg.contributes.languages[0].configuration))).toBe(true);
    expect(existsSync(join(DIR, pkg.main))).toBe(true);
    expect(pkg.contributes.configuration.properties['uffd.server.args'].default).toEqual(['uffd-spec', 'lsp']);
    expect(readFileSync(join(DIR, pkg.main), 'utf8')).toContain("require('vscode-languageclient/node')");
  });
});
