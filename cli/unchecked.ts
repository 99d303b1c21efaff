// Temporal properties a check would not decide (past the checker's limits:
// state predicates, automaton size; or any property under symmetry
// reduction) are refused before the search (exit 2) unless
// --allow-unchecked: none may end silently as exit 0.
import { shapesOf } from '../checker/temporal/temporal-shape.js';
import type { Spec } from '../dsl/ir.js';
import { diagAt, type Diagnostic } from '../dsl/diag.js';

export const ALLOW = '--allow-unchecked';

export function uncheckedDiagnostics(spec: Spec, flags: { readonly temporal: boolean; readonly symmetry: boolean }): Diagnostic[] {
  const refinement = refinementUnchecked(spec, flags);
  if (!flags.temporal) return refinement; // asked for: the summary says "not checked (--no-temporal)"
  const at = (span: Spec['properties'][number]['span'], message: string): Diagnostic =>
    diagAt(span ?? { file: spec.file, line: 1, col: 1, endLine: 1, endCol: 1 }, message);
  const shapes = shapesOf(spec.properties);
  const reduced = flags.symmetry && spec.symmetric.length > 0;
  const out: Diagnostic[] = [];
  spec.properties.forEach((p, i) => {
    const s = shapes[i];
    if (!s.ok) {
      out.push(at(p.span, `property ${p.name} cannot be checked: ${s.why}; ${ALLOW} checks the rest and reports ${p.name} as not checked`));
    } else if (reduced) {
      out.push(at(p.span, `property ${p.name} cannot be checked under symmetry reduction (symmetric ${spec.symmetric.join(', ')}): a fair cycle of the reduced state graph need not be a behaviour of the spec; rerun with --no-symmetry, or ${ALLOW} to check the rest and report ${p.name} as not checked`));
    }
  });
  return [...out, ...refinement];
}

// A refinement is checked on initial states and steps, and the abstract
// spec's fairness on the state graph (a temporal obligation: --no-temporal
// asks not to check it); under symmetry reduction none of it.
function refinementUnchecked(spec: Spec, flags: { readonly temporal: boolean; readonly symmetry: boolean }): Diagnostic[] {
  const r = spec.refinement;
  if (!r) return [];
  const span = r.span ?? { file: spec.file, line: 1, col: 1, endLine: 1, endCol: 1 };
  const out: Diagnostic[] = [];
  if (flags.symmetry && spec.symmetric.length > 0) {
    out.push(diagAt(span, `the refinement of ${r.name} cannot be checked under symmetry reduction (symmetric ${spec.symmetric.join(', ')}): the abstract spec need not treat the members alike; rerun with --no-symmetry, or ${ALLOW} to check the rest and report it as not checked`));
  }
  return out;
}
