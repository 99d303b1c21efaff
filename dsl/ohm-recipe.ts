// Ohm's grammar recipes: the serialised form its own bundle generator
// (ohm generateBundles) emits. The functions exist at run time in ohm-js 17
// but are not in its type declarations, hence these typed wrappers.
import { createRequire } from 'node:module';
import type * as ohm from 'ohm-js';

// ohm-js loaded on first use, as its one-file CommonJS build: a check whose
// syntax tree comes from the parse cache (parse-cache.ts) never loads it, and
// the bundle loads in about half the time of its 46 ES modules.
let lib: typeof ohm | undefined;
export function ohmLib(): typeof ohm {
  return (lib ??= createRequire(import.meta.url)('ohm-js') as typeof ohm);
}

export function toRecipe(g: ohm.Grammar): string {
  return (g as unknown as { toRecipe(): string }).toRecipe();
}

export function fromRecipe(recipe: string): ohm.Grammar {
  return (ohmLib() as unknown as { makeRecipe(r: string): ohm.Grammar }).makeRecipe(recipe);
}
