// A spec's syntax tree kept on disk between runs, keyed by the file name,
// its text, the grammar and the parser's own code: Ohm takes 250-500 ms on
// the 27 KB main spec, reading the tree back about 10 ms. Only successful
// parses are kept (a syntax error is always found and worded afresh).
// Where: $UFFD_SPEC_CACHE, else $XDG_CACHE_HOME/uffd-spec, else
// ~/.cache/uffd-spec; UFFD_SPEC_CACHE=off keeps nothing. A cache that cannot
// be read or written is ignored.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ASpec } from './ast.js';
import { grammarSource, parseSource, type ParseResult } from './parse.js';

const FORMAT = 1;

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
    if (kept.ast) return { ok: true, ast: kept.ast };
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
    } catch {
      // a read-only or full disk: no cache
    }
  }
  return r;
}
