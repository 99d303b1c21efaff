import type { Span } from '../../dsl/ir.js';

// An error in the spec found while evaluating it (value out of range, map
// applied outside its domain, head of an empty queue...). The search catches
// it and reports it with the trace that reached the failing state.
export class EvalError extends Error {
  constructor(message: string, readonly span?: Span) {
    super(message);
    this.name = 'EvalError';
  }
}
