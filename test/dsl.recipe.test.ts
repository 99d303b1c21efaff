// The grammar recipe written at build time (dsl/write-recipe.ts) must parse
// exactly as the grammar compiled from dsl/grammar.ohm: same successes, same
// failure positions; and a recipe made from another source is not used.
import { describe, expect, it } from 'vitest';
import * as ohm from 'ohm-js';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { grammarSource, sourceHash } from '../dsl/parse.js';
import { fromRecipe, toRecipe } from '../dsl/ohm-recipe.js';

describe('grammar recipe', () => {
  const source = grammarSource();
  const compiled = ohm.grammar(source);
  const loaded = fromRecipe(toRecipe(compiled));
  const texts: string[] = [];
  // (specs/versions/ are the main spec with other constants: one of them is enough)
  for (const dir of ['specs', 'bench', 'test/fixtures/dsl', 'test/fixtures/diff', 'test/fixtures/counterexamples']) {
    for (const n of readdirSync(dir).sort()) if (n.endsWith('.uffd')) texts.push(readFileSync(join(dir, n), 'utf8'));
  }
  texts.push(readFileSync('specs/versions/v1.uffd', 'utf8'));
  it('parses every bundled spec as the compiled grammar does, and fails at the same places', () => {
    expect(texts.length).toBeGreaterThan(8);
    const broken = texts.map((t) => t.replace(/\bwhen\b/, 'when when'));
    for (const t of [...texts, ...broken]) {
      const a = compiled.match(t), b = loaded.match(t);
      expect(b.succeeded()).toBe(a.succeeded());
      if (a.failed() && b.failed()) expect(b.message).toBe(a.message);
    }
    expect(broken.some((t) => compiled.match(t).failed())).toBe(true);
  });
  it('is keyed by the grammar source', () => {
    expect(sourceHash(source)).toMatch(/^[0-9a-f]{64}$/);
    expect(sourceHash(source + ' ')).not.toBe(sourceHash(source));
  });
});
