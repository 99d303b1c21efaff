// The parallel searches (--workers N: the pipeline and the level-synchronous
// search) against the one-thread search: the same counts, depth, verdicts,
// limits and the same counterexample, rendered, for 2 and 3 threads; also
// with chunks of one parent taken last first (so that a larger parent claims
// a state before the smaller one that must own it) and with a table too
// small for a level (aborted, grown and redone).
// The workers run the compiled package (dist/): build it first.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileModel } from '../checker/compile/model.js';
import { ParallelSearch, type ParallelInfo } from '../checker/search/levels-search.js';
import type { ParallelTuning } from '../checker/search/tuning.js';
import { PipelineSearch } from '../checker/search/pipeline-search.js';
import { BLOCK, MAX_PRODUCERS, OWNER_SLOTS, PARENT_SLOTS } from '../checker/search/pipeline-protocol.js';
import { Search, type CheckOptions } from '../checker/search/one-thread.js';
import type { CheckResult } from '../checker/result.js';
import { resultJson, stringify } from '../counterexamples/json.js';
import { renderTraceText } from '../counterexamples/text.js';
import { compileSource, loadSpecFile } from '../dsl/index.js';
import type { Spec } from '../dsl/ir.js';

beforeAll(() => {
  // the workers load dist/: stale code there would make these tests lie
  for (const dir of ['checker', 'dsl']) {
    for (const f of readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((x) => x.endsWith('.ts'))) {
      const built = join('dist', dir, f.replace(/\.ts$/, '.js'));
      let stale = true;
      try { stale = statSync(built).mtimeMs < statSync(join(dir, f)).mtimeMs; } catch { /* missing */ }
      if (stale) throw new Error(`${built} is missing or older than ${dir}/${f}: run npm run build before the tests`);
    }
  }
});

function file(path: string, consts: Record<string, string> = {}): Spec {
  const r = loadSpecFile(path, { consts });
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
  return r.spec;
}

function source(src: string): Spec {
  const r = compileSource(src, 'test.uffd', {});
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.line}:${d.col} ${d.message}`).join('\n'));
  return r.spec;
}

interface Seen { readonly json: string; readonly trace: string | null; readonly unreduced: number | null; readonly result: CheckResult; readonly info: ParallelInfo | null; readonly pipe: PipelineSearch | null }

async function search(spec: Spec, opts: CheckOptions, workers: number, tuning?: ParallelTuning): Promise<Seen> {
  const s = new Search(compileModel(spec, { invariants: opts.invariants }), { progressEverySeconds: 1e9, temporal: false, ...opts });
  const pipe = workers > 1 && tuning?.engine === 'pipeline' ? new PipelineSearch(s, workers - 1, tuning) : null;
  const par = workers > 1 && !pipe ? new ParallelSearch(s, workers, tuning) : null;
  const result = pipe ? await pipe.run() : par ? await par.run() : await s.runYielding();
  return {
    json: stringify(resultJson(spec, result)),
    trace: result.violation ? renderTraceText(result.violation.trace) : null,
    unreduced: result.symmetry?.unreducedStates ?? null,
    result,
    info: par?.info ?? null,
    pipe,
  };
}

// sequentialUntil: 0 runs every level on the workers; the default hands over
// only at levels of SEQUENTIAL_UNTIL states, more than most specs here have.
const VARIANTS: [string, number, ParallelTuning | undefined][] = [
  ['levels, 2 workers', 2, { engine: 'levels', sequentialUntil: 0 }],
  ['pipeline, 2 threads', 2, { engine: 'pipeline', sequentialUntil: 0 }],
  ['levels, 3 workers', 3, { engine: 'levels', sequentialUntil: 0 }],
  ['pipeline, 3 threads (two producers)', 3, { engine: 'pipeline', sequentialUntil: 0 }],
  ['levels, 2 workers, one parent per chunk, last chunk first', 2, { engine: 'levels', chunkSize: 1, reverse: true, sequentialUntil: 0 }],
  ['levels, 3 workers, a 16-bucket table grown only when a level overflows it', 3, { engine: 'levels', tableCapacity: 16, presize: false, chunkSize: 7, sequentialUntil: 0 }],
  ['levels, 2 workers after one thread up to a level of 20 states', 2, { engine: 'levels', sequentialUntil: 20 }],
  ['pipeline, 2 threads after one thread up to a level of 20 states', 2, { engine: 'pipeline', sequentialUntil: 20 }],
  ['pipeline, 2 threads, default hand-over', 2, { engine: 'pipeline' }],
  ['pipeline, no producer threads: every block expanded by the consumer', 2, { engine: 'pipeline', noProducers: true, sequentialUntil: 0 }],
  ['pipeline, no producer threads: every block produced ahead into the consumer\'s ring', 2, { engine: 'pipeline', noProducers: true, aheadAtBlockStart: true, sequentialUntil: 0 }],
  ['pipeline, producers and blocks produced ahead', 2, { engine: 'pipeline', aheadAtBlockStart: true, sequentialUntil: 0 }],
];

// Runs the variants and expects exactly the one-thread result; returns it.
async function same(spec: Spec, opts: CheckOptions = {}, variants = VARIANTS): Promise<Seen> {
  const one = await search(spec, opts, 1);
  for (const [name, workers, tuning] of variants) {
    const par = await search(spec, opts, workers, tuning);
    expect(par.json, name).toBe(one.json);
    expect(par.trace, name).toBe(one.trace);
    expect(par.unreduced, name).toBe(one.unreduced);
    // the consumer's own paths were taken (blocks of 32 states)
    if (tuning?.noProducers && one.result.stats.distinct > 100) {
      expect(par.pipe!.stolen + par.pipe!.producedAhead, name).toBeGreaterThan(0);
      if (tuning.aheadAtBlockStart) expect(par.pipe!.producedAhead, name).toBeGreaterThan(0);
    }
    if (tuning?.presize === false && one.result.stats.distinct > 100) expect(par.info!.redoneLevels, name).toBeGreaterThan(0);
    // a hand-over mid-search: some levels on one thread, the rest on the workers
    if (tuning?.sequentialUntil === 20 && tuning.engine === 'levels' && one.result.stats.distinct > 1000) {
      expect(par.info!.levels, name).toBeGreaterThan(0);
      expect(par.info!.levels, name).toBeLessThan(one.result.stats.depth);
    }
  }
  return one;
}

describe('the pipeline at scale', () => {
  it('3 threads on fork_copy P=3,T=3: the reference counts (many blocks in flight at once)', async () => {
    // two producers run far ahead of the consumer here: with too few owner
    // slots a block's owner was overwritten before the consumer read it (a hang)
    expect(OWNER_SLOTS).toBeGreaterThan(PARENT_SLOTS / BLOCK + MAX_PRODUCERS + 1);
    const r = await search(file('bench/fork_copy.uffd', { P: '3', T: '3' }), {}, 3, { engine: 'pipeline' });
    expect([r.result.outcome, r.result.stats.distinct, r.result.stats.generated, r.result.stats.depth]).toEqual(['ok', 1685844, 10154053, 33]);
  }, 60_000);
});

describe('the parallel search gives the one-thread result', () => {
  it('fork_copy P=2,T=2: every state, every transition', async () => {
    const r = await same(file('bench/fork_copy.uffd', { P: '2', T: '2' }));
    expect(r.result.outcome).toBe('ok');
    expect([r.result.stats.distinct, r.result.stats.generated, r.result.stats.depth]).toEqual([10895, 45062, 25]);
  });

  it('levels written into reused buffers (the frontier before theirs, the links)', async () => {
    // fork_copy's levels grow, then shrink: later levels go into the buffers
    // of earlier ones, with their stale contents
    const spec = file('bench/fork_copy.uffd', { P: '2', T: '2' });
    const one = await search(spec, {}, 1);
    const par = await search(spec, {}, 2, { engine: 'levels', sequentialUntil: 0 });
    expect(par.json).toBe(one.json);
    expect(par.trace).toBe(one.trace);
    expect(par.info!.reusedFrontiers).toBeGreaterThan(3);
  });

  it('fork_copy with the 2018 bug: the same shortest counterexample', async () => {
    const r = await same(file('bench/fork_copy.uffd', { P: '2', T: '2', CHECK: 'false' }));
    expect(r.result.violation?.kind).toBe('invariant');
  });

  it('symmetric copy threads: the same orbits and unreduced count', async () => {
    const r = await same(file('bench/fork_copy_sym.uffd', { P: '2', Thread: '{t1,t2,t3}' }), {}, VARIANTS.slice(0, 5));
    expect(r.result.symmetry).not.toBeNull();
    expect(r.result.outcome).toBe('ok');
  });

  it('mmap_changing without the check (invariants only)', async () => {
    const r = await same(file('specs/mmap_changing.uffd', { CHECK_MC: 'false' }), { temporal: false });
    expect(r.result.violation?.kind).toBe('invariant');
  });

  it('a state reached from two parents is numbered from the smaller one', async () => {
    // (0,0) -a-> (1,0) = state 1, -b-> (0,1) = state 2; both reach (1,1):
    // its parent must be state 1 (trace a, b), whichever worker gets there first
    const r = await same(source(`spec diamond
      var x: 0..1
      var y: 0..1
      action a when x == 0 { x = 1 }
      action b when y == 0 { y = 1 }
      invariant NotBoth: !(x == 1 && y == 1)`));
    expect(r.result.violation?.kind).toBe('invariant');
    expect(r.result.violation!.trace.steps.map((s) => s.action?.name ?? 'init')).toEqual(['init', 'a', 'b']);
    expect([r.result.stats.distinct, r.result.stats.generated]).toEqual([4, 3]);
  });

  it('a deadlock', async () => {
    const r = await same(source(`spec dead
      var x: 0..9
      var y: 0..9
      action inc when x < 6 { x += 1 }
      action up when y < 4 && x > 1 { y += 1 }`));
    expect(r.result.violation?.kind).toBe('deadlock');
  });

  it('evaluation errors in an action, in a constraint and in an invariant', async () => {
    const action = await same(source(`spec e
      var x: 0..7
      var y: 0..3
      action inc { x += 1 }
      action side when y < 3 { y += 1 }`));
    expect(action.result.violation?.kind).toBe('eval-error');
    // i steps up to 3 and reads m[..], whose domain is 1..2, in `check`
    const stepping = (from: number, check: string) => source(`spec e
      var m: [1..2 -> bool]
      var i: ${from}..3
      var y: 0..3
      action step when i < 3 { i += 1 }
      action side when y < 3 { y += 1 }
      ${check}`);
    const constraint = await same(stepping(0, 'constraint Look: m[3 - i] == false'), { deadlock: false });
    expect(constraint.result.violation?.kind).toBe('eval-error');
    // a constraint that fails to evaluate only deep in the search (i = 3)
    const deep = await same(stepping(0, 'constraint Look: i < 3 || m[i] == false'), { deadlock: false });
    expect(deep.result.violation?.kind).toBe('eval-error');
    expect(deep.result.violation!.trace.steps.length).toBe(3); // init, step, step: the parent of the failing successor
    const invariant = await same(stepping(1, 'invariant Look: m[i] == false'), { deadlock: false });
    expect(invariant.result.violation?.kind).toBe('eval-error');
  });

  it('--max-states cuts at the same state with the same counts; --max-depth too', async () => {
    const spec = file('bench/fork_copy.uffd', { P: '2', T: '2' });
    const some = [VARIANTS[0], VARIANTS[1], VARIANTS[3], VARIANTS[4], VARIANTS[10]];
    for (const maxStates of [1, 2, 50, 777, 5000, 10894, 10895]) {
      const r = await same(spec, { maxStates }, some);
      expect(r.result.stats.distinct).toBe(maxStates);
    }
    const bug = file('bench/fork_copy.uffd', { P: '2', T: '2', CHECK: 'false' });
    const full = await search(bug, {}, 1);
    // around the violating state: the violation wins at its own number
    for (const d of [-1, 0, 1]) await same(bug, { maxStates: full.result.stats.distinct + d }, some);
    for (const maxDepth of [1, 7, 25, 26]) await same(spec, { maxDepth }, some);
  });
});
