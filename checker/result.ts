// What a check returns: verdicts, statistics and traces, as data. The engine
// never prints; the CLI and the renderers decide how to show it.
import type { Trace, TraceAction } from './store/trace.js';

export interface Stats {
  readonly distinct: number; // distinct states found (stored)
  readonly initial: number; // distinct initial states (part of distinct; not counted in generated)
  readonly generated: number; // successor states generated, duplicates included (transitions); TLC's "states generated" is generated + its initial states
  readonly queue: number; // states found but not yet explored
  readonly depth: number; // BFS depth reached (longest shortest path from an initial state)
  readonly seconds: number;
  readonly statesPerSecond: number; // distinct states per second
}

export type Violation =
  | { readonly kind: 'invariant'; readonly name: string; readonly trace: Trace }
  // a temporal property refuted by a fair behaviour: trace.loopStart marks the
  // cycle (a lasso); `explanation` says which fairness keeps it alive, if any.
  // No loopStart: a safety violation (no continuation of the trace satisfies
  // it). `instance`: the value of a top-level forall that fails, e.g. "p2"
  | { readonly kind: 'property'; readonly name: string; readonly trace: Trace; readonly explanation: string; readonly instance?: string }
  | { readonly kind: 'deadlock'; readonly trace: Trace }
  // an action property [][A]_v false on the last step of the trace
  | { readonly kind: 'action-property'; readonly name: string; readonly trace: Trace }
  // the last step of the trace (its initial state when it has none) maps to
  // no step of the abstract spec `name`: `abstract` holds the mapped states,
  // before and after (only the one for an initial state). With `fairness`: a
  // fair lasso of this spec whose mapped behaviour breaks the abstract spec's
  // fairness (the sentence saying which); `abstract` maps every trace state
  | { readonly kind: 'refinement'; readonly name: string; readonly trace: Trace; readonly abstract: Trace; readonly fairness?: string }
  | { readonly kind: 'eval-error'; readonly message: string; readonly phase: 'init' | 'action' | 'invariant'; readonly where: TraceAction | null; readonly span?: import('../dsl/ir.js').Span; readonly trace: Trace };

export type Limit =
  | { readonly kind: 'max-states'; readonly value: number }
  | { readonly kind: 'max-depth'; readonly value: number }
  | { readonly kind: 'time-limit'; readonly value: number }
  | { readonly kind: 'max-memory'; readonly value: number } // bytes
  | { readonly kind: 'interrupted'; readonly value: string };

export type Verdict = 'holds' | 'violated' | 'unknown' | 'not-checked';

export interface PropertyVerdict {
  readonly name: string;
  readonly kind: 'invariant' | 'deadlock' | 'property' | 'refinement';
  readonly verdict: Verdict;
  readonly note?: string;
}

export interface CheckResult {
  readonly outcome: 'ok' | 'violation' | 'limit';
  readonly stats: Stats;
  readonly violation: Violation | null; // the first found
  readonly violations?: readonly Violation[]; // with `continue`: every one kept, in the order found
  readonly limit: Limit | null;
  readonly verdicts: readonly PropertyVerdict[];
  readonly warnings: readonly string[]; // e.g. a property that holds vacuously
  // with symmetry reduction: distinct counts orbits; unreducedStates is the
  // size of the full state space they stand for (sum of orbit sizes)
  readonly symmetry: { readonly sets: readonly string[]; readonly groupSize: number; readonly unreducedStates: number } | null;
}
