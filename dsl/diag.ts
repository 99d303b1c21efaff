// Diagnostics: collected errors and warnings with source spans.
import type { Span } from './ir.js';

export interface Diagnostic {
  file: string;
  line: number; // 1-based
  col: number; // 1-based
  endLine: number;
  endCol: number; // one past the last character of the span
  message: string;
  severity: 'error' | 'warning';
}

export function diagAt(span: Span, message: string, severity: 'error' | 'warning' = 'error'): Diagnostic {
  return { file: span.file, line: span.line, col: span.col, endLine: span.endLine, endCol: span.endCol, message, severity };
}

export const COMMAND_LINE = '<command line>';

export function commandLineDiag(message: string): Diagnostic {
  return { file: COMMAND_LINE, line: 1, col: 1, endLine: 1, endCol: 1, message, severity: 'error' };
}

export function formatDiagnostic(d: Diagnostic, sourceText: string | undefined): string {
  const head = `${d.file}:${d.line}:${d.col}: ${d.severity}: ${d.message}`;
  if (sourceText === undefined || d.file === COMMAND_LINE) return head;
  const lines = sourceText.split('\n');
  const raw = lines[d.line - 1];
  if (raw === undefined) return head;
  const line = raw.replace(/\r$/, '').replace(/\t/g, ' ');
  const col = Math.max(1, Math.min(d.col, line.length + 1));
  const end = d.endLine === d.line ? Math.max(col + 1, Math.min(d.endCol, line.length + 1)) : line.length + 1;
  const caret = ' '.repeat(col - 1) + '^' + '~'.repeat(Math.max(0, end - col - 1));
  return `${head}\n${line}\n${caret}`;
}

export function levenshtein(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    for (let j = 1; j <= n; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
    }
    prev = cur;
  }
  return prev[n];
}

const isUpper = (ch: string | undefined): boolean => !!ch && ch !== ch.toLowerCase();

export function didYouMean(name: string, candidates: Iterable<string>): string {
  let best: string | undefined;
  let bestD = Infinity;
  const limit = Math.max(1, Math.floor(name.length / 3));
  for (const c of candidates) {
    if (c === name || c.includes('.')) continue;
    const d = levenshtein(name, c) + (isUpper(name[0]) === isUpper(c[0]) ? 0 : 0.5);
    if (d <= limit && d < bestD) {
      best = c;
      bestD = d;
    }
  }
  return best ? ` (did you mean '${best}'?)` : '';
}
