// Public API of the language front end: .uffd text (or the TypeScript
// builder) -> checked, constant-bound IR (dsl/ir.ts), or diagnostics.
import { readFileSync, statSync } from 'node:fs';
import type { Spec } from './ir.js';
import type { ASpec } from './ast.js';
import { parseCached } from './parse-cache.js';
import { SourceMap } from './parse.js';
import { busiestDeclaration, deepestBracket, deepestDeclaration, isStackOverflow, MAX_NESTING, MAX_OPERATORS, OVERFLOW_MESSAGE, tooDeepMessage, tooManyOperatorsMessage } from './nesting.js';
import { checkSpec } from './check.js';
import { onBigStack } from './big-stack.js';
import { type Diagnostic, diagAt, formatDiagnostic } from './diag.js';

export type { Diagnostic } from './diag.js';
export { formatDiagnostic } from './diag.js';
export type LoadResult = { ok: true; spec: Spec; warnings: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] };
export interface LoadOptions { consts?: Record<string, string> }

function whole(file: string, message: string): Diagnostic {
  return { file, line: 1, col: 1, endLine: 1, endCol: 1, message, severity: 'error' };
}

function sortDiags(ds: Diagnostic[]): Diagnostic[] {
  return [...ds].sort((a, b) => (a.file === b.file ? a.line - b.line || a.col - b.col : a.file === '<command line>' ? -1 : b.file === '<command line>' ? 1 : 0));
}

// Check an AST (from the parser or the builder) and lower it to the IR.
export function compileAst(ast: ASpec, opts?: LoadOptions): LoadResult {
  try {
    const { spec, diags } = checkSpec(ast, opts?.consts ?? {});
    const errors = diags.filter((d) => d.severity === 'error');
    const warnings = diags.filter((d) => d.severity === 'warning');
    if (errors.length || !spec) return { ok: false, diagnostics: sortDiags(diags.length ? diags : [whole(ast.file, 'the spec could not be compiled')]) };
    return { ok: true, spec, warnings };
  } catch (e) {
    if (isStackOverflow(e)) {
      const d = deepestDeclaration(ast.decls) as { span?: { line: number; col: number } } | null;
      const at = d?.span ?? { line: 1, col: 1 };
      return { ok: false, diagnostics: [{ ...whole(ast.file, OVERFLOW_MESSAGE), line: at.line, col: at.col, endLine: at.line, endCol: at.col }] };
    }
    return { ok: false, diagnostics: [whole(ast.file, `internal error in the uffd-spec front end: ${e instanceof Error ? e.message : String(e)}`)] };
  }
}

// Past these a spec goes straight to the big stack (dsl/big-stack.ts): the
// default one would overflow, and trying it first costs seconds on a chain.
const DEEP_BRACKETS = 40;
const BUSY_OPERATORS = 500;

export function compileSource(text: string, file: string, opts?: LoadOptions): LoadResult {
  const job = { text, file, consts: opts?.consts ?? {} };
  if (deepestBracket(text).depth > DEEP_BRACKETS || busiestDeclaration(text).count > BUSY_OPERATORS) return onBigStack<LoadResult>(job) ?? compileSourceHere(text, file, opts);
  const r = compileSourceHere(text, file, opts);
  // nested past what the default stack holds (else-ifs, quantifiers): again on a big one
  if (!r.ok && r.diagnostics.some((d) => d.message === OVERFLOW_MESSAGE)) return onBigStack<LoadResult>(job) ?? r;
  return r;
}

// compileSource on this thread's stack, whatever its size.
export function compileSourceHere(text: string, file: string, opts?: LoadOptions): LoadResult {
  try {
    const deep = deepestBracket(text);
    if (deep.depth > MAX_NESTING) {
      const at = new SourceMap(text, file).pos(deep.offset);
      return { ok: false, diagnostics: [{ ...whole(file, tooDeepMessage(deep.depth)), line: at.line, col: at.col, endLine: at.line, endCol: at.col + 1 }] };
    }
    const busy = busiestDeclaration(text);
    if (busy.count > MAX_OPERATORS) {
      const at = new SourceMap(text, file).pos(busy.offset);
      return { ok: false, diagnostics: [{ ...whole(file, tooManyOperatorsMessage(busy.count)), line: at.line, col: at.col, endLine: at.line, endCol: at.col + 1 }] };
    }
    const p = parseCached(text, file);
    if (!p.ok) return { ok: false, diagnostics: p.errors.map((e) => diagAt(e.span, e.message)) };
    return compileAst(p.ast, opts);
  } catch (e) {
    if (isStackOverflow(e)) {
      return { ok: false, diagnostics: [overflowAtLongestLine(text, file)] };
    }
    return { ok: false, diagnostics: [whole(file, `internal error in the uffd-spec front end: ${e instanceof Error ? e.message : String(e)}`)] };
  }
}

// A stack overflow without a tree to search: a generated spec's culprit is
// its longest line (also used by the check command for the search's overflow).
export function overflowAtLongestLine(text: string, file: string): Diagnostic {
  const lines = text.split('\n');
  let line = 0;
  for (let i = 1; i < lines.length; i++) if (lines[i].length > lines[line].length) line = i;
  return { ...whole(file, OVERFLOW_MESSAGE), line: line + 1, endLine: line + 1 };
}

// A spec is text of a few hundred lines; anything far larger is a mistake
// (a core dump, a log) that would take long to parse.
export const MAX_SPEC_BYTES = 4 * 2 ** 20;

// The text of a spec file, or why it cannot be one (a one-line reason).
export function readSpecText(path: string): { ok: true; text: string } | { ok: false; why: string } {
  try {
    const st = statSync(path);
    if (st.isDirectory()) return { ok: false, why: `${path} is a directory, not a .uffd spec file` };
    if (!st.isFile()) return { ok: false, why: `${path} is not a regular file (a device, a FIFO or a socket), not a .uffd spec file` };
    if (st.size > MAX_SPEC_BYTES) return { ok: false, why: `${path} is ${(st.size / 2 ** 20).toFixed(1)} MiB, larger than the ${MAX_SPEC_BYTES / 2 ** 20} MiB a spec file may have` };
    const buf = readFileSync(path);
    if (buf.includes(0)) return { ok: false, why: `${path} is a binary file (it contains NUL bytes), not a .uffd spec file` };
    const text = buf.toString('utf8');
    if (text.includes('\uFFFD') && !buf.includes(Buffer.from('\uFFFD', 'utf8'))) return { ok: false, why: `${path} is not UTF-8 text, not a .uffd spec file` };
    return { ok: true, text };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : e instanceof Error ? e.message : String(e);
    return { ok: false, why: `cannot read spec file ${path}: ${why}` };
  }
}

export function loadSpecFile(path: string, opts?: LoadOptions): LoadResult {
  const r = readSpecText(path);
  if (!r.ok) return { ok: false, diagnostics: [whole(path, r.why)] };
  return compileSource(r.text, path, opts);
}

// Print every diagnostic of a result, with source lines.
export function formatDiagnostics(ds: readonly Diagnostic[], sourceText: string | undefined): string {
  return ds.map((d) => formatDiagnostic(d, sourceText)).join('\n');
}

export { stripSpans } from './strip.js';
