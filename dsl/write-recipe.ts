// Build step (npm run build / prepare): compile the grammar once and store it
// as an Ohm recipe beside the compiled parser, so each run loads it instead of
// compiling grammar.ohm again (dsl/parse.ts checks that the source matches).
import * as ohm from 'ohm-js';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { grammarSource, RECIPE_FILE, sourceHash } from './parse.js';
import { toRecipe } from './ohm-recipe.js';

const source = grammarSource();
const recipe = toRecipe(ohm.grammar(source));
writeFileSync(join(dirname(fileURLToPath(import.meta.url)), RECIPE_FILE), JSON.stringify({ hash: sourceHash(source), recipe }));
