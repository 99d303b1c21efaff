// Verdicts for `uffd-spec diff`: every property of a spec settled, not only
// the first one violated. check() stops at the first violation, so a violated
// invariant (or deadlock) is set aside and the search runs again without it,
// until a search finishes: at most one run per violated safety property.
import type { Spec } from '../../dsl/ir.js';
import type { CheckResult, PropertyVerdict } from '../result.js';
import { check } from '../check.js';

export type VerdictCell =
  | { readonly verdict: 'holds' }
  | { readonly verdict: 'violated'; readonly steps: number; readonly lasso?: boolean }
  | { readonly verdict: 'unknown'; readonly note: string };

export interface SpecVerdicts {
  readonly rows: ReadonlyMap<string, { readonly kind: PropertyVerdict['kind']; readonly cell: VerdictCell }>;
  readonly distinct: number; // distinct states of the last (most complete) search
  readonly complete: boolean;
  readonly note?: string;
}

export interface VerdictOptions {
  readonly maxStates?: number;
  readonly deadlock?: boolean;
}

export function settleVerdicts(spec: Spec, opts: VerdictOptions = {}): SpecVerdicts {
  const rows = new Map<string, { kind: PropertyVerdict['kind']; cell: VerdictCell }>();
  let invariants = spec.invariants.map((i) => i.name);
  let deadlock = opts.deadlock ?? true;
  let last: CheckResult | null = null;
  for (let round = 0; round <= spec.invariants.length + 1; round++) {
    const r = check(spec, { invariants, deadlock, maxStates: opts.maxStates, progressEverySeconds: 3600 });
    last = r;
    const v = r.violation;
    if (v?.kind === 'invariant') {
      rows.set(v.name, { kind: 'invariant', cell: { verdict: 'violated', steps: v.trace.steps.length - 1 } });
      invariants = invariants.filter((n) => n !== v.name);
      continue;
    }
    if (v?.kind === 'deadlock') {
      rows.set('deadlock', { kind: 'deadlock', cell: { verdict: 'violated', steps: v.trace.steps.length - 1 } });
      deadlock = false;
      continue;
    }
    for (const p of r.verdicts) {
      if (rows.has(p.name)) continue;
      if (v?.kind === 'property' && v.name === p.name) rows.set(p.name, { kind: p.kind, cell: { verdict: 'violated', steps: v.trace.steps.length - 1, lasso: true } });
      else if (p.verdict === 'holds' || (p.verdict === 'violated' && p.kind !== 'property')) rows.set(p.name, { kind: p.kind, cell: p.verdict === 'holds' ? { verdict: 'holds' } : { verdict: 'violated', steps: -1 } });
      else rows.set(p.name, { kind: p.kind, cell: { verdict: 'unknown', note: p.verdict === 'violated' ? 'violated' : p.note ?? p.verdict } });
    }
    break;
  }
  const complete = last !== null && last.outcome !== 'limit' && last.violation?.kind !== 'eval-error';
  const note = last?.violation?.kind === 'eval-error' ? `evaluation error: ${last.violation.message}` : last?.limit ? `stopped at ${last.limit.kind} ${last.limit.value}` : undefined;
  // order: invariants, deadlock, properties, as declared
  const ordered = new Map<string, { kind: PropertyVerdict['kind']; cell: VerdictCell }>();
  const unk: VerdictCell = { verdict: 'unknown', note: note ?? 'not reached' };
  for (const i of spec.invariants) ordered.set(i.name, rows.get(i.name) ?? { kind: 'invariant', cell: unk });
  if (opts.deadlock ?? true) ordered.set('deadlock', rows.get('deadlock') ?? { kind: 'deadlock', cell: unk });
  for (const p of spec.properties) ordered.set(p.name, rows.get(p.name) ?? { kind: 'property', cell: unk });
  return { rows: ordered, distinct: last?.stats.distinct ?? 0, complete, ...(note ? { note } : {}) };
}

export function sameCell(a: VerdictCell | undefined, b: VerdictCell | undefined): boolean {
  if (!a || !b) return a === b;
  return a.verdict === b.verdict;
}
