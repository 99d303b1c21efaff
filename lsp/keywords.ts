// Reserved and contextual words of the language, read from the grammar
// itself (dsl/grammar.ohm) so completion cannot miss one.
export function grammarKeywords(grammar: string): string[] {
  const words = new Set<string>();
  for (const m of grammar.matchAll(/kw<"([A-Za-z_]+)">|kw_([A-Za-z_]+) = /g)) words.add(m[1] ?? m[2]);
  const rule = /\n\s*keyword\s*=\s*\(([^)]*)\)/.exec(grammar);
  for (const m of (rule?.[1] ?? '').matchAll(/"([A-Za-z_]+)"/g)) words.add(m[1]);
  return [...words].sort();
}

// Functions the checker knows (dsl/check.ts: BUILTINS) and the kernel
// primitives usable as statements (PRIMITIVES), as docs/language.md lists them.
export const BUILTIN_FUNCTIONS = ['len', 'head', 'tail', 'append', 'card', 'Cardinality', 'Len', 'Head', 'Tail', 'Append', 'domain', 'powerset', 'union_all', 'UNION', 'can_down_read', 'can_down_write'];
export const PRIMITIVE_STATEMENTS = ['down_read', 'up_read', 'down_write', 'up_write', 'enqueue', 'dequeue', 'atomic_inc', 'atomic_dec'];
