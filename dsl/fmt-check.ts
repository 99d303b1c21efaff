// The guard around dsl/fmt.ts: a formatted text is only handed out when it
// parses to the same syntax tree (spans aside) and, for a spec that compiles,
// lowers to the same IR. A difference is a formatter bug; it is reported
// with the construct it touches and nothing is written.
import type { ADecl } from './ast.js';
import { diagAt, type Diagnostic } from './diag.js';
import { formatText } from './fmt.js';
import { compileSource } from './index.js';
import { parseSource } from './parse.js';
import { stripSpans } from './strip.js';

export type FmtOutcome =
  | { readonly kind: 'unchanged' }
  | { readonly kind: 'changed'; readonly text: string }
  | { readonly kind: 'syntax'; readonly diagnostics: readonly Diagnostic[] }
  | { readonly kind: 'refused'; readonly diagnostic: Diagnostic };

// Every span-like key (span, nameSpan, labelSpan) left out.
function stripAllSpans(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(stripAllSpans);
  if (x && typeof x === 'object') {
    return Object.fromEntries(Object.entries(x as Record<string, unknown>).filter(([k]) => !/[sS]pan$/.test(k)).map(([k, v]) => [k, stripAllSpans(v)]));
  }
  return x;
}

// The path of the first difference between two JSON-like values, or null.
export function firstDifference(a: unknown, b: unknown, path = ''): string | null {
  if (a === b) return null;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return path || '(top)';
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const d = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  for (const k of new Set([...Object.keys(ao), ...Object.keys(bo)])) {
    const d = firstDifference(ao[k], bo[k], `${path}.${k}`);
    if (d) return d;
  }
  return null;
}

function declName(d: ADecl): string {
  return 'name' in d && d.name ? `${d.k} ${d.name}` : d.k === 'var' ? `var ${d.names.map((n) => n.name).join(', ')}` : d.k;
}

// Format `text` (the contents of `file`), checked as described above.
export function formatChecked(text: string, file: string): FmtOutcome {
  const before = parseSource(text, file);
  if (!before.ok) return { kind: 'syntax', diagnostics: before.errors.map((e) => diagAt(e.span, e.message)) };
  const out = formatText(text);
  const whole = before.ast.decls[0]?.span ?? { file, line: 1, col: 1, endLine: 1, endCol: 1 };
  const refuse = (span: typeof whole, what: string): FmtOutcome =>
    ({ kind: 'refused', diagnostic: diagAt(span, `not formatted: ${what} (a bug in uffd-spec fmt; the file is left as it is)`) });
  if (out === null) return refuse(whole, 'the layout could not be computed');
  if (out === text) return { kind: 'unchanged' };
  const after = parseSource(out, file);
  if (!after.ok) {
    const e = after.errors[0];
    return refuse(whole, `the formatted text would not parse (line ${e.span.line}:${e.span.col} of it: ${e.message})`);
  }
  const astDiff = firstDifference(stripAllSpans(before.ast), stripAllSpans(after.ast));
  if (astDiff) {
    const m = /^\.decls\[(\d+)\]/.exec(astDiff);
    const d = m ? before.ast.decls[Number(m[1])] : undefined;
    return refuse(d?.span ?? whole, `the formatted text would change ${d ? declName(d) : 'the spec'} (${astDiff})`);
  }
  const a = compileSource(text, file);
  if (a.ok) {
    const b = compileSource(out, file);
    const irDiff = b.ok ? firstDifference(stripSpans(a.spec), stripSpans(b.spec)) : 'it no longer compiles';
    if (irDiff) return refuse(whole, `the formatted text would change the IR at ${irDiff}`);
  }
  return { kind: 'changed', text: out };
}
