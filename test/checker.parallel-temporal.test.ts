// Temporal properties on the pipelined search: the consumer builds the state
// graph from what the producers send (every successor as an edge, a CUT
// entry for one outside the constraints), so verdicts, statistics and the
// lasso counterexample are the one-thread search's, byte for byte.
// The producers run the compiled package (dist/): build it first.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkWith } from '../checker/check.js';
import { compileModel } from '../checker/compile/model.js';
import { PipelineSearch } from '../checker/search/pipeline-search.js';
import { Search, type CheckOptions } from '../checker/search/one-thread.js';
import type { ParallelTuning } from '../checker/search/tuning.js';
import { resultJson, stringify } from '../counterexamples/json.js';
import { renderTraceText } from '../counterexamples/text.js';
import { compileSource } from '../dsl/index.js';
import type { Spec } from '../dsl/ir.js';

function spec(text: string, consts: Record<string, string>): Spec {
  const r = compileSource(text, 'bench/fork_copy.uffd', { consts });
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.line}:${d.col} ${d.message}`).join('\n'));
  return r.spec;
}

const opts: CheckOptions = { progressEverySeconds: 1e9 };

async function seen(s: Spec, workers: number, tuning?: ParallelTuning) {
  const search = new Search(compileModel(s), opts);
  expect(search.buildsGraph).toBe(true);
  const pipe = workers > 1 ? new PipelineSearch(search, workers - 1, tuning) : null;
  const result = pipe ? await pipe.run() : await search.runYielding();
  return { json: stringify(resultJson(s, result)), trace: result.violation ? renderTraceText(result.violation.trace) : null, result, pipe };
}

const VARIANTS: [string, number, ParallelTuning][] = [
  ['2 threads', 2, { engine: 'pipeline', sequentialUntil: 0 }],
  ['3 threads', 3, { engine: 'pipeline', sequentialUntil: 0 }],
  ['2 threads after one thread up to a level of 20 states', 2, { engine: 'pipeline', sequentialUntil: 20 }],
  ['no producer threads: blocks produced ahead into the consumer\'s ring', 2, { engine: 'pipeline', noProducers: true, aheadAtBlockStart: true, sequentialUntil: 0 }],
  ['producers and blocks produced ahead', 2, { engine: 'pipeline', aheadAtBlockStart: true, sequentialUntil: 0 }],
];

async function same(s: Spec) {
  const one = await seen(s, 1);
  for (const [name, workers, tuning] of VARIANTS) {
    const par = await seen(s, workers, tuning);
    expect(par.json, name).toBe(one.json);
    expect(par.trace, name).toBe(one.trace);
    // the graph was built from ring entries, not by a fallback to one thread
    if (tuning.noProducers) expect(par.pipe!.fromRings, name).toBeGreaterThan(0);
  }
  return one.result;
}

const text = readFileSync('bench/fork_copy.uffd', 'utf8');

describe('temporal properties on the pipelined search', () => {
  it('fork_copy P=2,T=2: EventsRead holds under fairness, same statistics', async () => {
    const r = await same(spec(text, { P: '2', T: '2' }));
    expect([r.outcome, r.stats.distinct, r.stats.generated]).toEqual(['ok', 10895, 45062]);
    expect(r.verdicts.find((v) => v.name === 'EventsRead')?.verdict).toBe('holds');
  }, 120_000);

  it('without the fairness: the same lasso counterexample', async () => {
    const unfair = text.replace(/^fairness .*$/m, '');
    expect(unfair).not.toBe(text);
    const r = await same(spec(unfair, { P: '2', T: '2' }));
    expect(r.violation?.kind).toBe('property');
  }, 120_000);

  it('with a state constraint: successors cut off are edges to nowhere, as on one thread', async () => {
    const cut = `${text}\nconstraint Few: len(q) < 2\n`;
    const r = await same(spec(cut, { P: '2', T: '2' }));
    expect(r.stats.distinct).toBeLessThan(10895);
  }, 120_000);

  it('fairness arguments read from the state (weak(Return(c, alloc[c]))) are recorded for states the consumer accepts', async () => {
    // four clients (256 states): large enough that the consumer reads successors from the rings
    const alloc = (fair: string) => `const C = {c1, c2, c3, c4}
var alloc: [C -> 0..3]
action Get(c: C) when alloc[c] < 3 { alloc[c] = alloc[c] + 1 }
action Return(c: C, r: 1..3) when r <= alloc[c] { alloc[c] = alloc[c] - r }
property Released: alloc[c1] == 3 ~> alloc[c1] == 0
${fair}
`;
    // holds only if every state's alloc[c] was recorded (test/checker.fairness-targets.test.ts derives it)
    const held = await same(spec(alloc('fairness forall c in C: weak(Return(c, alloc[c]))'), {}));
    expect(held.verdicts.find((v) => v.name === 'Released')?.verdict).toBe('holds');
    const broken = await same(spec(alloc('fairness forall c in C: weak(Return(c))'), {}));
    expect(broken.violation?.kind).toBe('property');
  }, 120_000);

  it("a refinement's abstract fairness on the pipeline gives the one-thread result", async () => {
    // four threads: enough states that the consumer reads successors from the rings
    for (const file of ['docs/examples/spin-lock.uffd', 'docs/examples/fair-ticket-lock.uffd']) {
      const r = compileSource(readFileSync(file, 'utf8'), file, { consts: { Proc: '{p1,p2,p3,p4}' } });
      if (!r.ok) throw new Error(file);
      const one = await checkWith(r.spec, opts);
      const two = await checkWith(r.spec, { ...opts, workers: 2, parallel: { sequentialUntil: 0 } });
      expect(stringify(resultJson(r.spec, two)), file).toBe(stringify(resultJson(r.spec, one)));
    }
  }, 120_000);

  it('checkWith runs it on the pipeline for any worker count', async () => {
    const s = spec(text, { P: '2', T: '1' });
    const one = await checkWith(s, opts);
    for (const workers of [2, 5]) {
      const r = await checkWith(s, { ...opts, workers, parallel: { sequentialUntil: 0 } });
      expect(stringify(resultJson(s, r))).toBe(stringify(resultJson(s, one)));
    }
  }, 120_000);
});
