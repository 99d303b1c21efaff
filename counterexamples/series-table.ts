// A series of versions at a glance (`uffd-spec diff V1 V2 V3 ...`): one
// table, a row per property (per scenario when --scenario is given), a
// column per version, each cell `ok` or `X(n)` (violated, shortest
// counterexample n steps); a `*` marks the version where the verdict
// changed from the version before, so the first version with each new
// verdict stands out.
import { wrap } from './wrap.js';
import { sameCell, type SpecVerdicts, type VerdictCell } from '../checker/diff/verdicts.js';
import { cellShort } from './diff-cells.js';

export interface SeriesGroup {
  readonly title: string | null; // null: the versions as given; else `scenario fork (FORK=true, ...)`
  readonly verdicts: readonly (SpecVerdicts | undefined)[]; // one per version
}

export const SERIES_LEGEND = 'Verdicts by version (ok holds, X(n) violated in n steps, - absent, ? unknown; * changed from the version before):';

// `X(18)*`: the cell, marked when its verdict differs from the one before
// (an unknown on either side is no change that can be told).
export function seriesCell(cells: readonly (VerdictCell | undefined)[], i: number): string {
  const c = cells[i];
  const p = i > 0 ? cells[i - 1] : undefined;
  const changed = i > 0 && c?.verdict !== 'unknown' && p?.verdict !== 'unknown' && !sameCell(p, c);
  return `${cellShort(c)}${changed ? '*' : ''}`;
}

export function seriesTable(labels: readonly string[], groups: readonly SeriesGroup[]): string[] {
  const table: (string[] | string)[] = [['property', ...labels]];
  for (const g of groups) {
    if (g.title) table.push(g.title);
    const names = [...new Set(g.verdicts.flatMap((v) => [...(v?.rows.keys() ?? [])]))];
    for (const n of names) {
      const cells = g.verdicts.map((v) => v?.rows.get(n)?.cell);
      table.push([n, ...cells.map((_, i) => seriesCell(cells, i))]);
    }
    table.push(['distinct states', ...g.verdicts.map((v) => (v ? v.distinct.toLocaleString('en-US') + (v.complete ? '' : '+') : '?'))]);
  }
  const rows = table.filter((r): r is string[] => Array.isArray(r));
  const w = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return [...wrap(SERIES_LEGEND, 72, 2), ...table.map((r) => (Array.isArray(r)
    ? `  ${r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(w[i] + 2))).join('')}`.trimEnd()
    : ` ${r}`))];
}
