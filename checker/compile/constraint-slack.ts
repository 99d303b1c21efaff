// TLC's CONSTRAINT semantics for values outside a variable's declared range.
// In TLC a type is only an invariant, so a successor that breaks a CONSTRAINT
// is dropped whatever it holds. Here a scalar written outside its range into a
// variable that some constraint reads is kept in its slot (slots hold
// value - lo, so it reads back exactly) and only judged when the successor is
// emitted: it is passed on, for the search to count and discard, when every
// out-of-range variable is read by a constraint that is false in it;
// otherwise the range error of the write is thrown (docs/language.md).
import type { Expr, Span, Spec } from '../../dsl/ir.js';
import { EvalError } from './eval-error.js';

// what it needs of the state layout (layout.ts imports this file)
interface Slots { readonly size: number; readonly offsets: readonly number[]; readonly lo: Int32Array; readonly hi: Int32Array }

export type Emit = (w: Int32Array) => void;

export interface SlackConstraint {
  readonly vars: ReadonlySet<number>; // state variables its expression reads
  readonly test: (s: Int32Array) => boolean;
}

// Indices of the state variables an expression reads.
export function varsRead(x: Expr): Set<number> {
  const out = new Set<number>();
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) { for (const y of n) walk(y); return; }
    if (!n || typeof n !== 'object') return;
    const o = n as { op?: string; index?: number };
    if (o.op === 'var' && typeof o.index === 'number') out.add(o.index);
    for (const [k, v] of Object.entries(n)) if (k !== 'type' && k !== 'span') walk(v);
  };
  walk(x);
  return out;
}

export class ConstraintSlack {
  private readonly notes = new Map<number, EvalError>(); // slot -> its last out-of-range write
  private readonly varOfSlot: Int32Array;
  private target: Emit = () => {};
  // the emit handed to the compiled body in place of the search's
  readonly pass: Emit = (w) => this.through(w);

  private constructor(readonly vars: ReadonlySet<number>, private readonly constraints: readonly SlackConstraint[], private readonly layout: Slots, private readonly spec: Spec) {
    this.varOfSlot = new Int32Array(layout.size);
    layout.offsets.forEach((off, v) => { const end = layout.offsets[v + 1] ?? layout.size; this.varOfSlot.fill(v, off, end); });
  }

  // null when no constraint reads a variable: then every range error is immediate.
  static of(spec: Spec, layout: Slots, constraints: readonly SlackConstraint[]): ConstraintSlack | null {
    const vars = new Set<number>();
    for (const c of constraints) for (const v of c.vars) vars.add(v);
    return vars.size === 0 ? null : new ConstraintSlack(vars, constraints, layout, spec);
  }

  covers(varIndex: number): boolean {
    return this.vars.has(varIndex);
  }

  // Start of one action instance (or of the init block): successors go to emit.
  begin(emit: Emit): void {
    this.notes.clear();
    this.target = emit;
  }

  // A scalar write of x (declared lo..hi) to `slot` of a covered variable:
  // the slot value to store, or the range error when x does not fit a slot.
  miss(slot: number, x: number, lo: number, hi: number, where: string, span?: Span): number {
    const err = new EvalError(`value ${x} is outside the declared range ${lo}..${hi} of ${where}`, span);
    const d = x - lo;
    if (!Number.isSafeInteger(d) || d < -(2 ** 31) || d > 2 ** 31 - 1) throw err;
    this.notes.set(slot, err);
    return d;
  }

  private through(w: Int32Array): void {
    if (this.notes.size === 0) { this.target(w); return; }
    const { lo, hi, size } = this.layout;
    for (let i = 0; i < size; i++) {
      if (w[i] >= 0 && w[i] <= hi[i] - lo[i]) continue;
      const v = this.varOfSlot[i];
      if (this.constraints.some((c) => c.vars.has(v) && !c.test(w))) continue;
      throw this.notes.get(i) ?? new EvalError(`value ${w[i] + lo[i]} is outside the declared range ${lo[i]}..${hi[i]} of ${this.spec.vars[v].name}`);
    }
    this.target(w);
  }
}
