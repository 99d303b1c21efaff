// The temporal phase polls the same stop conditions as the search
// (checker/store/stop-poll.ts): a signal (shouldStop) or a limit that comes
// due after the state graph is complete stops the liveness check too, with
// the properties unknown, instead of running it to the end (issue 17 point 5).
import { describe, expect, it } from 'vitest';
import { compileSource } from '../dsl/index.js';
import { compileModel } from '../checker/compile/model.js';
import { Search } from '../checker/search/one-thread.js';

// A ring of 20,001 states (x counts up mod 20001); []<>(x == 0) holds under
// weak fairness. The search polls at states 0, 1024, ..., 19456, before the
// last successors are generated, so a stop keyed to "every state generated"
// can only be seen by the temporal phase.
const N = 20001;
const SRC = `var x: 0..${N - 1}\ninit { x = 0 }\naction a { x = (x + 1) % ${N} }\nfairness weak(a)\nproperty Back: []<>(x == 0)\n`;

function model() {
  const r = compileSource(SRC, 'ring.uffd');
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return compileModel(r.spec);
}

describe('limits and signals in the temporal phase', () => {
  it('runs to the end without a stop: the property holds on all 20,001 states', () => {
    const r = new Search(model(), {}).run();
    expect(r.stats.distinct).toBe(N);
    expect(r.outcome).toBe('ok');
    expect(r.verdicts.find((v) => v.name === 'Back')?.verdict).toBe('holds');
  });

  for (const mode of ['run', 'runYielding'] as const) {
    it(`${mode}(): a SIGTERM seen only after the search stops the temporal phase (exit 3, property unknown)`, async () => {
      let calls = 0;
      let search: Search | null = null;
      const shouldStop = (): string | null => { calls++; return search && search.generated >= N ? 'SIGTERM' : null; };
      search = new Search(model(), { shouldStop });
      const r = mode === 'run' ? search.run() : await search.runYielding();
      expect(r.stats.distinct).toBe(N); // the graph was complete: the stop came in the temporal phase
      expect(r.outcome).toBe('limit');
      expect(r.limit).toEqual({ kind: 'interrupted', value: 'SIGTERM' });
      expect(r.verdicts.find((v) => v.name === 'Back')?.verdict).toBe('unknown');
      expect(calls).toBeGreaterThan(0);
    });
  }

});
