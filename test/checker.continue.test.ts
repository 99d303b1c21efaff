// check --continue (as TLC's -continue): the search goes on after a
// violation, keeps each invariant's first (so shortest) counterexample, the
// first deadlock and every violated temporal property, and covers the whole
// state space, on one thread and on the parallel engines alike.
// The parallel engines run the compiled package (dist/): build it first.
import { describe, expect, it } from 'vitest';
import { compileModel } from '../checker/compile/model.js';
import { ParallelSearch } from '../checker/search/levels-search.js';
import type { ParallelTuning } from '../checker/search/tuning.js';
import { PipelineSearch } from '../checker/search/pipeline-search.js';
import { checkWith, type CheckOptions } from '../checker/check.js';
import { Search } from '../checker/search/one-thread.js';
import type { CheckResult } from '../checker/result.js';
import { resultJson, stringify } from '../counterexamples/json.js';
import { renderTraceText } from '../counterexamples/text.js';
import { compileSource, loadSpecFile } from '../dsl/index.js';
import type { Spec } from '../dsl/ir.js';
import { main } from '../cli/main.js';

function source(src: string): Spec {
  const r = compileSource(src, 'test.uffd', {});
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.line}:${d.col} ${d.message}`).join('\n'));
  return r.spec;
}

function file(path: string, consts: Record<string, string> = {}): Spec {
  const r = loadSpecFile(path, { consts });
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
  return r.spec;
}

async function search(spec: Spec, opts: CheckOptions, workers = 1, tuning?: ParallelTuning): Promise<CheckResult> {
  const s = new Search(compileModel(spec, { invariants: opts.invariants }), { progressEverySeconds: 1e9, ...opts });
  if (workers === 1) return s.runYielding();
  return tuning?.engine === 'pipeline' ? new PipelineSearch(s, workers - 1, tuning).run() : new ParallelSearch(s, workers, tuning).run();
}

// each violation as [kind name, counterexample length]
const found = (r: CheckResult) => (r.violations ?? []).map((v) => [v.kind === 'invariant' || v.kind === 'property' ? `${v.kind} ${v.name}` : v.kind, v.trace.steps.length - 1]);
const traces = (r: CheckResult) => (r.violations ?? []).map((v) => renderTraceText(v.trace)).join('\n---\n');

// x and y count up independently; y reaches 2 in 2 steps, x reaches 4 in 4,
// and (6, 3) is a deadlock 9 steps in. 28 states.
const TWO = `spec two
  var x: 0..6
  var y: 0..3
  action inc when x < 6 { x += 1 }
  action up when y < 3 { y += 1 }
  invariant SmallX: x < 4
  invariant SmallY: y < 2
  invariant Fine: x + y <= 9`;

const ENGINES: [string, number, ParallelTuning | undefined][] = [
  ['pipeline, 2 threads', 2, { engine: 'pipeline', sequentialUntil: 0 }],
  ['pipeline, 3 threads', 3, { engine: 'pipeline', sequentialUntil: 0 }],
  ['levels, 4 workers', 4, { engine: 'levels', sequentialUntil: 0 }],
  ['levels, 2 workers, one parent per chunk, last chunk first', 2, { engine: 'levels', chunkSize: 1, reverse: true, sequentialUntil: 0 }],
  ['levels, 3 workers, a 16-bucket table grown when a level overflows it', 3, { engine: 'levels', tableCapacity: 16, presize: false, sequentialUntil: 0 }],
  ['levels, 2 workers after one thread up to a level of 20 states', 2, { engine: 'levels', sequentialUntil: 20 }],
];

describe('check --continue', () => {
  it('keeps both invariants\' shortest counterexamples and the deadlock, and covers every state', async () => {
    const spec = source(TWO);
    const r = await search(spec, { continue: true, temporal: false });
    expect(found(r)).toEqual([['invariant SmallY', 2], ['invariant SmallX', 4], ['deadlock', 9]]);
    expect(r.violation).toBe(r.violations![0]);
    expect(r.outcome).toBe('violation');
    expect(r.verdicts.map((v) => `${v.name} ${v.verdict}`)).toEqual(['SmallX violated', 'SmallY violated', 'Fine holds', 'deadlock violated']);
    const none = await search(spec, { invariants: [], deadlock: false, temporal: false });
    expect(none.outcome).toBe('ok');
    expect([r.stats.distinct, r.stats.generated, r.stats.depth]).toEqual([none.stats.distinct, none.stats.generated, none.stats.depth]);
    expect(r.stats.distinct).toBe(28);
    // the shortest: y, y (in BFS order, up before inc only where it must be)
    expect(r.violations![0].trace.steps.map((s) => s.action?.name ?? 'init')).toEqual(['init', 'up', 'up']);
    // without --continue: the first violation only, the rest unknown
    const first = await search(spec, { temporal: false });
    expect(first.violations).toBeUndefined();
    expect(first.violation?.kind === 'invariant' && first.violation.name).toBe('SmallY');
    expect(first.stats.distinct).toBeLessThan(28);
  });

  it('gives the same verdicts, counts and traces on every engine', async () => {
    const same = async (spec: Spec, runs: [string, () => Promise<CheckResult>][]) => {
      const opts: CheckOptions = { continue: true, temporal: false };
      const one = await search(spec, opts);
      expect(one.violations!.length).toBeGreaterThan(1);
      for (const [name, run] of runs) {
        const par = await run();
        expect(stringify(resultJson(spec, par)), name).toBe(stringify(resultJson(spec, one)));
        expect(traces(par), name).toBe(traces(one));
      }
      return one;
    };
    const two = source(TWO);
    await same(two, ENGINES.map(([name, workers, tuning]) => [name, () => search(two, { continue: true, temporal: false }, workers, tuning)]));
    // no mmap_changing against fork: two invariants violated (9 and 16 steps: the monitor's read and apply are two steps),
    // 14,888 states; checkWith's own engine for --workers 1, 2 (pipeline), 4 (levels)
    const none = file('specs/versions/none.uffd', { FORK: 'true', MADV: 'false', FAULT: 'false' });
    const one = await same(none, [1, 2, 4].map((workers) => [`--workers ${workers}`, () => checkWith(none, { continue: true, temporal: false, workers, progressEverySeconds: 1e9, parallel: { sequentialUntil: 0 } })]));
    expect(found(one)).toEqual([['invariant CopySerialisable', 9], ['invariant ChildSeesData', 16]]);
    expect(one.stats.distinct).toBe(14888);
  }, 120_000);

  it('checks every temporal property on the complete graph', async () => {
    const spec = source(`spec live
      var x: 0..3
      var y: 0..1
      action inc when x < 3 { x += 1 }
      action flip { y = 1 - y }
      invariant Low: x < 2
      property ReachesThree: <>(x == 3)
      property YOne: <>(y == 1)
      property Fine: [](x <= 3)
      fairness weak(flip)`);
    const r = await search(spec, { continue: true });
    expect(found(r).map((f) => f[0])).toEqual(['invariant Low', 'property ReachesThree']);
    expect(r.verdicts.map((v) => `${v.name} ${v.verdict}`)).toEqual(['Low violated', 'deadlock holds', 'ReachesThree violated', 'YOne holds', 'Fine holds']);
    const first = await search(spec, {});
    expect(first.violation?.kind).toBe('invariant');
    expect(first.verdicts.find((v) => v.name === 'YOne')?.verdict).toBe('unknown');
  });

  it('on the command line: every violation with its trace, exit 1; JSON lists them', async () => {
    const run = async (...extra: string[]) => {
      const out: string[] = [];
      const code = await main(['node', 'uffd-spec', 'check', 'test/fixtures/continue-two.uffd', '--workers', '1', ...extra], { out: (s) => out.push(s), err: () => {} });
      return { code, out: out.join('\n') };
    };
    const text = await run('--continue');
    expect(text.code).toBe(1);
    const errors = text.out.split('\n').filter((l) => l.startsWith('Error:') || l.startsWith('The shortest'));
    expect(errors).toEqual([
      'Error: invariant SmallY is violated.', 'The shortest behaviour that reaches it has 2 steps:',
      'Error: invariant SmallX is violated.', 'The shortest behaviour that reaches it has 4 steps:',
      'Error: deadlock reached: no action is enabled.', 'The shortest behaviour that reaches it has 9 steps:',
    ]);
    expect(text.out).toContain('28 distinct states');
    const json = JSON.parse((await run('--continue', '--format', 'json')).out);
    expect(json.violations.map((v: { name: string; trace: { steps: unknown[] } }) => [v.name, v.trace.steps.length - 1])).toEqual([['SmallY', 2], ['SmallX', 4], ['deadlock', 9]]);
    expect(json.violation.name).toBe('SmallY');
    // without --continue the JSON has no `violations` (unchanged format)
    expect(JSON.parse((await run('--format', 'json')).out).violations).toBeUndefined();
  });
});
