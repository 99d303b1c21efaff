// Spans of the front end (1-based line and column, end one past the last
// character, columns in UTF-16 units like JavaScript strings) and LSP
// positions (0-based, also UTF-16): the conversions and the text they cover.
import type { Span } from '../dsl/ir.js';
import { SourceMap } from '../dsl/parse.js';

export interface Pos { readonly line: number; readonly col: number } // 1-based, as in a Span
export interface LspPosition { line: number; character: number }
export interface LspRange { start: LspPosition; end: LspPosition }

export function toRange(s: Span): LspRange {
  return { start: { line: s.line - 1, character: s.col - 1 }, end: { line: s.endLine - 1, character: s.endCol - 1 } };
}

export function fromLsp(p: LspPosition): Pos {
  return { line: p.line + 1, col: p.character + 1 };
}

function before(a: Pos, b: Pos): boolean {
  return a.line < b.line || (a.line === b.line && a.col <= b.col);
}

// The end is inclusive: a cursor right after a name still points at it.
export function spanContains(s: Span, p: Pos): boolean {
  return before({ line: s.line, col: s.col }, p) && before(p, { line: s.endLine, col: s.endCol });
}

export function spanLength(s: Span): number {
  return s.endLine === s.line ? s.endCol - s.col : Infinity;
}

// The first `len` characters of a span (a name at the start of a binder or parameter).
export function headSpan(s: Span, len: number): Span {
  return { file: s.file, line: s.line, col: s.col, endLine: s.line, endCol: s.col + len };
}

// The last `len` characters of a span (the field name of `proc.label`).
export function tailSpan(s: Span, len: number): Span {
  return { file: s.file, line: s.endLine, col: s.endCol - len, endLine: s.endLine, endCol: s.endCol };
}

// A document's text with offsets of line starts (the front end's SourceMap,
// plus the LSP's position -> offset direction).
export class SourceText extends SourceMap {
  constructor(text: string) {
    super(text, '');
  }
  offset(p: Pos): number {
    const s = this.starts[p.line - 1];
    return s === undefined ? this.text.length : Math.min(this.text.length, s + p.col - 1);
  }
  slice(s: Span): string {
    return this.text.slice(this.offset({ line: s.line, col: s.col }), this.offset({ line: s.endLine, col: s.endCol }));
  }
  spanOf(start: number, end: number, file: string): Span {
    const a = this.pos(start);
    const b = this.pos(end);
    return { file, line: a.line, col: a.col, endLine: b.line, endCol: b.col };
  }
  // the name being typed just before `p` (letters, digits, `_`)
  wordBefore(p: Pos): string {
    const o = this.offset(p);
    let i = o;
    while (i > 0 && /[A-Za-z0-9_]/.test(this.text[i - 1])) i--;
    return this.text.slice(i, o);
  }
}
