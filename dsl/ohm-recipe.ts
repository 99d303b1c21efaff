// Ohm's grammar recipes: the serialised form its own bundle generator
// (ohm generateBundles) emits. The functions exist at run time in ohm-js 17
// but are not in its type declarations, hence these typed wrappers.
import * as ohm from 'ohm-js';

export function toRecipe(g: ohm.Grammar): string {
  return (g as unknown as { toRecipe(): string }).toRecipe();
}

export function fromRecipe(recipe: string): ohm.Grammar {
  return (ohm as unknown as { makeRecipe(r: string): ohm.Grammar }).makeRecipe(recipe);
}
