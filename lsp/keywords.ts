// Reserved and contextual words of the language, read from the grammar
// itself (dsl/grammar.ohm) so completion cannot miss one.
export function grammarKeywords(grammar: string): string[] {
  const words = new Set<string>();
  for (const m of grammar.matchAll(/kw<"([A-Za-z_]+)">|kw_([A-Za-z_]+) = /g)) words.add(m[1] ?? m[2]);
  const rule = /\n\s*keyword\s*=\s*\(([^)]*)\)/.exec(grammar);
  for (const m of (rule?.[1] ?? '').matchAll(/"([A-Za-z_]+)"/g)) words.add(m[1]);
  return [...words].sort();
}

// Functions the checker knows and the kernel primitives usable as
// statements: the front end's own lists, so completion offers what it accepts.
export { BUILTINS as BUILTIN_FUNCTIONS, PRIMITIVES as PRIMITIVE_STATEMENTS } from '../dsl/check/scope.js';
