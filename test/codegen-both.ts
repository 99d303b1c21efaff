// Generated code against the closure compiler (the reference, --no-codegen):
// one search with each, summarised so that a test compares counts, verdicts,
// the limit and the counterexample step by step.
import { compileSource } from '../dsl/index.js';
import type { Spec } from '../dsl/ir.js';
import { compileModel } from '../checker/compile/model.js';
import { Search, type CheckOptions } from '../checker/search/one-thread.js';
import { renderTraceText } from '../counterexamples/text.js';
import type { CheckResult } from '../checker/result.js';

export function load(text: string, file: string, consts?: Record<string, string>): Spec {
  const r = compileSource(text, file, consts ? { consts } : undefined);
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.file}:${d.line}:${d.col}: ${d.message}`).join('\n'));
  return r.spec;
}

export function summary(r: CheckResult): unknown {
  const v = r.violation;
  return {
    outcome: r.outcome,
    distinct: r.stats.distinct,
    generated: r.stats.generated,
    depth: r.stats.depth,
    verdicts: r.verdicts,
    limit: r.limit,
    violation: v && {
      kind: v.kind,
      name: 'name' in v ? v.name : null,
      message: 'message' in v ? v.message : null,
      span: 'span' in v ? v.span : null,
      trace: renderTraceText(v.trace),
    },
  };
}

export function both(spec: Spec, opts: CheckOptions = {}): { gen: unknown; ref: unknown } {
  const gen = new Search(compileModel(spec, { invariants: opts.invariants }), opts).run();
  const ref = new Search(compileModel(spec, { invariants: opts.invariants, codegen: false }), opts).run();
  return { gen: summary(gen), ref: summary(ref) };
}
