// A spec's syntax tree kept on disk between runs, keyed by the file name,
// its text, the grammar and the parser's own code: Ohm takes 250-500 ms on
// the 27 KB main spec, reading the tree back about 10 ms. Only successful
// parses are kept (a syntax error is always found and worded afresh).
// Where: $UFFD_SPEC_CACHE, else $XDG_CACHE_HOME/uffd-spec, else
// ~/.cache/uffd-spec; UFFD_SPEC_CACHE=off keeps nothing. A cache that cannot
// be read or written is ignored.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ASpec } from './ast.js';
import { grammarSource, parseSource, type ParseResult } from './parse.js';

const FORMAT = 1;

// Every edit of a spec makes a new entry: keep the most recently used ones
// only (the main spec's tree is ~300 KB, so at most ~20 MB in all).
export const MAX_ENTRIES = 64;

export function cacheDir(): string | null {
  const env = process.env.UFFD_SPEC_CACHE;
  if (env === 'off' || env === '0') return null;
  if (env) return env;
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'uffd-spec');
}

let parserId: string | null = null;

// The grammar and the semantic actions that built the tree: a changed
// parser never reads an old tree.
function parserVersion(): string {
  if (parserId === null) {
    const here = fileURLToPath(import.meta.url);
    const parser = ['parse.js', 'parse.ts'].map((f) => join(here, '..', f)).find((f) => existsSync(f));
    parserId = createHash('sha256').update(`${FORMAT}\0${grammarSource()}\0${parser ? readFileSync(parser, 'utf8') : ''}`).digest('hex');
  }
  return parserId;
}

export function parseCached(text: string, file: string): ParseResult {
  const dir = cacheDir();
  if (dir === null) return parseSource(text, file);
  let path: string;
  try {
    const key = createHash('sha256').update(`${parserVersion()}\0${file}\0${text}`).digest('hex');
    path = join(dir, `${key}.json`);
    const kept = JSON.parse(readFileSync(path, 'utf8')) as { ast?: ASpec };
    if (kept.ast) {
      try { const now = new Date(); utimesSync(path, now, now); } catch { /* read-only: the entry just ages */ }
      return { ok: true, ast: kept.ast };
    }
  } catch {
    // not kept yet (or unreadable): parse
  }
  const r = parseSource(text, file);
  if (r.ok && path!) {
    try {
      mkdirSync(dir, { recursive: true });
      const tmp = `${path}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify({ ast: r.ast }));
      renameSync(tmp, path); // whole or not at all, for a concurrent reader
      prune(dir);
    } catch {
      // a read-only or full disk: no cache
    }
  }
  return r;
}

// Least recently used first out, down to MAX_ENTRIES; only our own `<sha256>.json` files.
function prune(dir: string): void {
  const entries = readdirSync(dir).filter((f) => /^[0-9a-f]{64}\.json$/.test(f));
  if (entries.length <= MAX_ENTRIES) return;
  const aged = entries.map((f) => { try { return { f, t: statSync(join(dir, f)).mtimeMs }; } catch { return { f, t: 0 }; } })
    .sort((a, b) => a.t - b.t || a.f.localeCompare(b.f));
  for (const { f } of aged.slice(0, entries.length - MAX_ENTRIES)) {
    try { unlinkSync(join(dir, f)); } catch { /* gone already (another run) */ }
  }
}
