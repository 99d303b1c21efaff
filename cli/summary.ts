// How a check result reads on the terminal: the violation with its trace,
// then the statistics and one verdict line per property.
import type { CheckResult, Limit, Stats } from '../checker/result.js';
import { formatValue } from '../counterexamples/format-value.js';
import { renderCounterexample } from '../counterexamples/render.js';
import { abstractStateLines, refinementWhy } from '../counterexamples/abstract-state.js';
import { deadlockWhy, propertyLabel } from '../counterexamples/describe.js';
import type { ShowFlags } from '../counterexamples/visible.js';

// "generated" counts successors only, never the initial states (TLC's
// "states generated" counts both): the line says so (docs/language.md,
// "Coming from TLC").
export function formatStats(s: Stats): string {
  return `${n(s.distinct)} distinct states (${n(s.initial)} initial), ${n(s.generated)} ${s.generated === 1 ? 'successor' : 'successors'} generated, depth ${s.depth}, ${s.seconds.toFixed(2)} s (${n(Math.round(s.statesPerSecond))} distinct states/s)`;
}

export function formatProgress(s: Stats, rssBytes: number): string {
  return `progress: ${n(s.generated)} successors generated, ${n(s.distinct)} distinct, ${n(s.queue)} in queue, depth ${s.depth}, ${n(Math.round(s.statesPerSecond))} distinct states/s, ${Math.round(rssBytes / 2 ** 20)} MiB`;
}

export function formatLimit(l: Limit): string {
  switch (l.kind) {
    case 'max-states': return `stopped at --max-states ${l.value}`;
    case 'max-depth': return `stopped at --max-depth ${l.value}: states deeper than that were not explored`;
    case 'time-limit': return `stopped at --time-limit ${l.value} s`;
    case 'max-memory': return `stopped at --max-memory ${Math.round(l.value / 2 ** 20)} MiB: the search would have grown past it`;
    case 'interrupted': return `interrupted (${l.value})`;
  }
}

// withTrace false: the verdicts only (the trace went out in another format).
export function renderResult(r: CheckResult, withTrace = true, show: ShowFlags = {}): string {
  const out: string[] = [];
  // --continue: every violation kept, in the order the search found them
  for (const v of r.violations ?? (r.violation ? [r.violation] : [])) {
    switch (v.kind) {
      case 'invariant': out.push(`Error: invariant ${v.name} is violated.`); break;
      case 'property': out.push(`Error: temporal property ${propertyLabel(v)} is violated. ${v.explanation}`); break;
      case 'deadlock': out.push(`Error: deadlock reached: ${deadlockWhy(v.trace.spec)}.`); break;
      case 'action-property': out.push(`Error: action property ${v.name} is violated by the last step.`); break;
      case 'refinement': out.push(`Error: the spec does not refine ${v.name}: ${refinementWhy(v)}.`); break;
      case 'eval-error': {
        const at = v.span ? `${v.span.file}:${v.span.line}:${v.span.col}: ` : '';
        const inAction = v.phase === 'action' && v.where
          ? ` in ${v.where.name}(${v.where.args.map((a, i) => `${a.name}=${formatValue(v.where!.action.params[i].domain, a.value)}`).join(', ')})`
          : v.phase === 'init' ? ' in the initial states' : '';
        out.push(`Error: ${at}evaluation error${inAction}: ${v.message}`);
        break;
      }
    }
    const steps = v.trace.steps.length;
    if (steps > 0 && withTrace) {
      const count = `${steps - 1} step${steps === 2 ? '' : 's'}`;
      out.push((v.kind === 'property' || v.kind === 'refinement') && v.trace.loopStart !== undefined
        ? `A fair behaviour that refutes it: a prefix as short as possible, then a cycle (${count} in all):`
        : `The shortest behaviour that reaches it has ${count}${v.kind === 'eval-error' && v.where ? `, then ${v.where.name} fails` : ''}:`);
      out.push(renderCounterexample(v.trace.spec, v, 'text', show));
      if (v.kind === 'refinement') out.push(...abstractStateLines(v));
    }
    out.push('');
  }
  if (r.limit) out.push(`Search ${formatLimit(r.limit)}. Covered so far:`);
  for (const w of r.warnings) out.push(`Warning: ${w}`);
  out.push(formatStats(r.stats));
  if (r.symmetry) {
    const { sets, groupSize, unreducedStates } = r.symmetry;
    const factor = r.stats.distinct ? unreducedStates / r.stats.distinct : 1;
    out.push(`symmetry ${sets.join(', ')} (${groupSize} permutations): ${n(r.stats.distinct)} orbits stand for ${n(unreducedStates)} states, reduction ${factor.toFixed(2)}x`);
  }
  const width = Math.max(0, ...r.verdicts.map((p) => p.name.length + p.kind.length));
  for (const p of r.verdicts) {
    const label = `${p.kind} ${p.name}`.padEnd(width + 3);
    const verdict = p.verdict === 'not-checked' ? `not checked${p.note ? ` (${p.note})` : ''}` : p.verdict === 'unknown' ? `unknown (${p.note ?? 'search incomplete'})` : `${p.verdict}${p.note ? ` (${p.note})` : ''}`;
    out.push(`  ${p.kind === 'deadlock' ? 'deadlock'.padEnd(width + 3) : label}${verdict}`);
  }
  out.push(
    r.outcome === 'ok' ? okVerdict(r) : r.outcome === 'violation' ? 'Verdict: VIOLATED.' : 'Verdict: incomplete: the search stopped at a limit (exit 3).',
  );
  return out.join('\n');
}

// exit 0 with a property left unchecked (--no-temporal, --allow-unchecked) says so
function okVerdict(r: CheckResult): string {
  const skipped = r.verdicts.filter((p) => p.verdict === 'not-checked').length;
  if (!skipped) return 'Verdict: every checked property holds.';
  return `Verdict: every checked property holds; ${skipped} propert${skipped === 1 ? 'y was' : 'ies were'} not checked (above).`;
}

// Break at spaces so that no line is longer than `width` (a word longer than
// that stays whole); continuation lines are indented by `indent`.
export function wrapWords(text: string, width: number, indent: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const next = line === '' ? word : `${line} ${word}`;
    if (next.length > width && line.trim() !== '') { out.push(line); line = `${' '.repeat(indent)}${word}`; } else line = next;
  }
  out.push(line);
  return out;
}

function n(x: number): string {
  return x.toLocaleString('en-US');
}
