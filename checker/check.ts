// The checker's one entry point: compile the spec, then pick the engine
// (one thread, the pipeline, or the level-synchronous search). The engines
// in search/ never import this file, so the choice lives in one place.
import type { Spec } from '../dsl/ir.js';
import { compileModel } from './compile/model.js';
import type { CheckResult } from './result.js';
import { ParallelSearch } from './search/levels-search.js';
import { Search, type CheckOptions } from './search/one-thread.js';
import { PIPELINE_MAX_WORKERS, PipelineSearch } from './search/pipeline-search.js';
import { MAX_PRODUCERS } from './search/pipeline-protocol.js';
import type { ParallelTuning } from './search/tuning.js';

export type { CheckOptions } from './search/one-thread.js';

export function check(spec: Spec, opts: CheckOptions = {}): CheckResult {
  const model = compileModel(spec, { invariants: opts.invariants, codegen: opts.codegen });
  return new Search(model, opts).run();
}

// With workers > 1 the search runs on that many threads (needs the compiled
// package): up to PIPELINE_MAX_WORKERS, this one consumes what the others
// produce (search/pipeline-search.ts); more run the level-synchronous search
// (search/levels-search.ts). Either result is identical to check()'s. A
// search that checks temporal properties builds the state graph in the
// pipeline's consumer, whatever the count (the analysis after it is one
// thread's). One with action properties or a refinement (checked on every
// step) runs the pipeline on at most PIPELINE_MAX_WORKERS threads, never the
// level-synchronous search. A --disk search runs on one thread.
export async function checkWith(spec: Spec, opts: CheckOptions & { readonly workers?: number; readonly parallel?: ParallelTuning } = {}): Promise<CheckResult> {
  const workers = opts.workers ?? 1;
  const model = compileModel(spec, { invariants: opts.invariants, codegen: opts.codegen });
  const search = new Search(model, opts);
  // the closures alone are a reference: they run on this thread only
  if (workers <= 1 || !search.pipelineable || opts.codegen === false) return search.runYielding();
  // the state graph (temporal properties) is built by the pipeline's consumer, whatever the count
  if (search.buildsGraph) return new PipelineSearch(search, Math.min(workers - 1, MAX_PRODUCERS - 1), opts.parallel).run();
  // steps checked one by one (action properties, refinement): only the
  // pipeline's consumer sees every step, so it runs them on up to its threads
  if (!search.parallelizable) return new PipelineSearch(search, Math.min(workers, PIPELINE_MAX_WORKERS) - 1, opts.parallel).run();
  const engine = opts.parallel?.engine ?? (workers <= PIPELINE_MAX_WORKERS ? 'pipeline' : 'levels');
  return engine === 'pipeline' ? new PipelineSearch(search, workers - 1, opts.parallel).run() : new ParallelSearch(search, workers, opts.parallel).run();
}
