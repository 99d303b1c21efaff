// One cell of the verdict table: one check of specs/versions/<variant>.uffd
// with a scenario's constants, --continue (every invariant, deadlock and
// every temporal property in one search), through the CLI's main(), read
// back from --format json.
import { join } from 'node:path';
import { main } from '../../cli/main.js';

export interface CellTask {
  readonly variant: string;
  readonly scenario: string;
  readonly consts: readonly string[];
}

// A property's verdict in the cell; steps: the shortest counterexample's
// length (a lasso's prefix and cycle for a temporal property).
export interface CellVerdict {
  readonly name: string;
  readonly kind: 'invariant' | 'deadlock' | 'property';
  readonly verdict: string;
  readonly steps?: number;
}

export type CellResult = CellTask & (
  | { readonly ok: true; readonly distinct: number; readonly generated: number; readonly verdicts: readonly CellVerdict[]; readonly seconds: number; readonly problem?: string }
  | { readonly ok: false; readonly error: string; readonly seconds: number }
);

interface JsonResult {
  outcome: string;
  verdicts: { name: string; kind: CellVerdict['kind']; verdict: string; note?: string }[];
  stats: { distinct: number; generated: number };
  limit: { kind: string; value: unknown } | null;
  violations?: { kind: string; name: string; message?: string; trace: { steps: unknown[] } }[];
}

export function cellFile(root: string, variant: string): string {
  return join(root, 'specs', 'versions', `${variant}.uffd`);
}

export async function runCell(root: string, task: CellTask): Promise<CellResult> {
  const start = Date.now();
  const out: string[] = [];
  const err: string[] = [];
  const args = ['node', 'uffd-spec', 'check', cellFile(root, task.variant), '--continue', '--format', 'json', '--workers', '1', '--progress', '1000000'];
  for (const c of task.consts) args.push('--const', c);
  const code = await main(args, { out: (s) => out.push(s), err: (s) => err.push(s), progress: () => {} });
  const seconds = (Date.now() - start) / 1000;
  const where = `specs/versions/${task.variant}.uffd, scenario ${task.scenario} (${task.consts.join(' ')})`;
  if (code !== 0 && code !== 1) {
    return { ...task, ok: false, seconds, error: `${where}: uffd-spec check exited ${code}:\n${[...err, ...out].join('\n').split(root + '/').join('')}` };
  }
  const r = JSON.parse(out.join('\n')) as JsonResult;
  const steps = new Map<string, number>();
  for (const v of r.violations ?? []) steps.set(`${v.kind} ${v.name}`, v.trace.steps.length - 1);
  const verdicts = r.verdicts.map((v): CellVerdict => {
    const n = steps.get(`${v.kind} ${v.name}`);
    return n === undefined ? { name: v.name, kind: v.kind, verdict: v.verdict } : { name: v.name, kind: v.kind, verdict: v.verdict, steps: n };
  });
  // anything but holds/violated leaves the cell undecided: the table says so, the run fails
  const errors = (r.violations ?? []).filter((v) => v.kind === 'eval-error').map((v) => `evaluation error: ${v.message}`);
  const open = r.verdicts.filter((v) => v.verdict !== 'holds' && v.verdict !== 'violated').map((v) => `${v.name} ${v.verdict}${v.note ? ` (${v.note})` : ''}`);
  const problem = [...errors, ...(r.limit ? [`stopped at ${r.limit.kind}`] : []), ...open].join('; ');
  const cell: CellResult = { ...task, ok: true, seconds, distinct: r.stats.distinct, generated: r.stats.generated, verdicts };
  return problem ? { ...cell, problem: `${where}: ${problem}` } : cell;
}
