// A verdict of `uffd-spec diff` as a table cell: in words for a pair of
// versions, short (ok, X(n)) for the series table.
import type { VerdictCell } from '../checker/diff/verdicts.js';

export function cellText(c: VerdictCell | undefined): string {
  if (!c) return 'not present';
  switch (c.verdict) {
    case 'holds': return 'holds';
    case 'violated': return c.steps >= 0 ? `violated (${c.steps} step${c.steps === 1 ? '' : 's'})` : 'violated';
    case 'unknown': return 'unknown';
  }
}

// the short form for the series table
export function cellShort(c: VerdictCell | undefined): string {
  if (!c) return '-';
  switch (c.verdict) {
    case 'holds': return 'ok';
    case 'violated': return c.steps >= 0 ? `X(${c.steps})` : 'X';
    case 'unknown': return '?';
  }
}
