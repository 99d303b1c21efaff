// Names a `constraint` reads, directly or through the operators it calls.
// Under TLC's CONSTRAINT semantics a value outside such a variable's range is
// judged by the constraints at run time (checker/compile/constraint-slack.ts),
// so the compile-time range checks of literals spare these variables.
import type { ASpec } from '../ast.js';

export function constrainedNames(ast: ASpec): Set<string> {
  const defs = new Map<string, unknown>();
  for (const d of ast.decls) if (d.k === 'def') defs.set(d.name, d.body);
  const out = new Set<string>();
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) { for (const x of n) walk(x); return; }
    if (!n || typeof n !== 'object') return;
    const o = n as { k?: string; name?: string };
    if ((o.k === 'name' || o.k === 'call') && typeof o.name === 'string' && !out.has(o.name)) {
      out.add(o.name);
      if (defs.has(o.name)) walk(defs.get(o.name));
    }
    for (const [k, v] of Object.entries(n)) if (k !== 'span' && k !== 'nameSpan') walk(v);
  };
  for (const d of ast.decls) if (d.k === 'constraint') walk(d.expr);
  return out;
}
