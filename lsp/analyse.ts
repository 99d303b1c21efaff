// One parse per version of a document: the diagnostics `uffd-spec check`
// prints for it (compileSource's two steps, parse then compileAst, with the
// same messages and positions) and the AST for navigation.
import type { ASpec } from '../dsl/ast.js';
import { diagAt } from '../dsl/diag.js';
import { compileAst, type Diagnostic } from '../dsl/index.js';
import { parseSource } from '../dsl/parse.js';

export interface Analysed { readonly diagnostics: Diagnostic[]; readonly ast: ASpec | null }

function internal(file: string, e: unknown): Diagnostic {
  return { file, line: 1, col: 1, endLine: 1, endCol: 1, severity: 'error', message: `internal error in the uffd-spec front end: ${e instanceof Error ? e.message : String(e)}` };
}

export function analyseText(text: string, file: string): Analysed {
  let ast: ASpec;
  try {
    const p = parseSource(text, file);
    if (!p.ok) return { diagnostics: p.errors.map((e) => diagAt(e.span, e.message)), ast: null };
    ast = p.ast;
  } catch (e) {
    return { diagnostics: [internal(file, e)], ast: null };
  }
  const r = compileAst(ast); // catches its own internal errors
  return { diagnostics: r.ok ? r.warnings : r.diagnostics, ast };
}

// The AST only (for a request that comes before the diagnostics of this version).
export function parseOnly(text: string, file: string): ASpec | null {
  try {
    const p = parseSource(text, file);
    return p.ok ? p.ast : null;
  } catch {
    return null;
  }
}
