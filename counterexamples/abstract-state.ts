// A refinement counterexample's other half: the abstract states that the
// last step (or the initial state) maps to, which the abstract spec cannot
// reach by one of its steps; or, for the abstract spec's fairness, the
// mapped state of every state of the lasso. Shared by the text, lkml, html
// and json output.
import type { Violation } from '../checker/result.js';
import { decodeTrace } from './decoded.js';
import { formatValue } from './format-value.js';
import { toItf, type Json } from './itf-value.js';

type RefinementViolation = Extract<Violation, { kind: 'refinement' }>;

// Whether the failure is at an initial state (no abstract state before it).
export function atInit(v: RefinementViolation): boolean {
  return v.abstract.steps.length === 1;
}

// One sentence: what has no match in the abstract spec.
export function refinementWhy(v: RefinementViolation): string {
  const steps = v.trace.steps.length - 1;
  if (v.fairness !== undefined) return `a fair behaviour (a lasso of ${steps} step${steps === 1 ? '' : 's'}) breaks the fairness of ${v.name}`;
  return atInit(v)
    ? `an initial state maps to a state that is not an initial state of ${v.name}`
    : `step ${steps} maps to a step that ${v.name} does not allow (and that is not a stutter)`;
}

// `Lock before step 3:` and `Lock after step 3:` with every abstract variable.
export function abstractStateLines(v: RefinementViolation, indent = '    '): string[] {
  const t = decodeTrace(v.abstract);
  const steps = v.trace.steps.length - 1;
  const out: string[] = [];
  if (v.fairness !== undefined) {
    out.push(v.fairness, `Mapped to ${v.name} (${v.abstract.spec.file}), state by state:`);
    t.steps.forEach((st, i) => {
      const vals = t.spec.vars.map((x, k) => `${x.name} = ${formatValue(x.type, st.values[k] as never)}`).join(', ');
      out.push(`${indent}${i}: ${vals}${i === v.abstract.loopStart ? '  <- the cycle starts here' : ''}`);
    });
    return out;
  }
  const block = (title: string, values: readonly unknown[]): void => {
    out.push(title);
    t.spec.vars.forEach((x, i) => { out.push(`${indent}${x.name} = ${formatValue(x.type, values[i] as never)}`); });
  };
  if (atInit(v)) block(`The initial state mapped to ${v.name} (${v.abstract.spec.file}), which is not one of its initial states:`, t.steps[0].values);
  else {
    block(`Mapped to ${v.name} (${v.abstract.spec.file}), before step ${steps}:`, t.steps[0].values);
    block(`and after it, a state no action of ${v.name} reaches from the one before:`, t.steps[1].values);
  }
  return out;
}

export function abstractStateJson(v: RefinementViolation): { [k: string]: Json } {
  const t = decodeTrace(v.abstract);
  const state = (values: readonly unknown[]): { [k: string]: Json } => Object.fromEntries(t.spec.vars.map((x, i) => [x.name, toItf(x.type, values[i] as never)]));
  if (v.fairness !== undefined) {
    return { spec: v.name, file: v.abstract.spec.file, fairness: v.fairness, loopStart: v.abstract.loopStart ?? null, states: t.steps.map((st) => state(st.values)) };
  }
  return {
    spec: v.name,
    file: v.abstract.spec.file,
    before: atInit(v) ? null : state(t.steps[0].values),
    after: state(t.steps[t.steps.length - 1].values),
  };
}
