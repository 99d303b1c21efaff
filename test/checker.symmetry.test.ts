// Symmetry reduction: orbit counts derived by hand, the reference orbit count
// of fork_copy, the same verdicts with and without it, and concrete traces.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileModel } from '../checker/compile/model.js';
import { check, type CheckOptions } from '../checker/check.js';
import { compileSource, loadSpecFile } from '../dsl/index.js';

function run(src: string, opts: CheckOptions = {}, consts: Record<string, string> = {}) {
  const r = compileSource(src, 'sym.uffd', { consts });
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.line}:${d.col} ${d.message}`).join('\n'));
  return { spec: r.spec, result: check(r.spec, { deadlock: false, ...opts }) };
}

describe('orbit counts', () => {
  const counters = `spec counters
    const C = {c1, c2, c3} symmetric
    var x: [C -> 0..2]
    action inc(c: C) when x[c] < 2 { x[c] += 1 }`;

  it('three identical counters 0..2: 27 states, 10 orbits', () => {
    // unreduced 3^3 = 27; orbits = multisets of 3 values from {0,1,2} = C(5,3) = 10
    const full = run(counters, { symmetry: false }).result;
    const red = run(counters).result;
    expect(full.stats.distinct).toBe(27);
    expect(red.stats.distinct).toBe(10);
    expect(red.symmetry?.unreducedStates).toBe(27);
    expect(red.symmetry?.groupSize).toBe(6);
  });

  it('n processes in a test-and-set mutex: 1 + 2n states, 3 orbits', () => {
    // all waiting (1) + one of n at cs or at exit (2n); orbits: all waiting, someone at cs, someone at exit
    const mutex = `spec mutex
      const PROCS = {a, b, c} symmetric
      var locked: bool
      process p(i: PROCS) {
        acquire: await !locked; locked = true
        cs: skip
        exit: locked = false; goto acquire
      }`;
    expect(run(mutex, { symmetry: false }).result.stats.distinct).toBe(7);
    expect(run(mutex).result.stats.distinct).toBe(3);
  });

  it('two symmetric sets compose: 2 pages x 2 threads', () => {
    // each thread holds a page or nothing, each page filled or not. Unreduced:
    // holds in {none,p1,p2}^2 (9) x filled subsets (4) = 36 states.
    const src = `spec two
      const PG = {p1, p2} symmetric
      const TH = {t1, t2} symmetric
      var holds: [TH -> set<PG>]
      var filled: set<PG>
      action take(t: TH, p: PG) when holds[t] == {} { holds[t] = {p} }
      action fill(t: TH) when holds[t] != {} { filled = filled union holds[t]; holds[t] = {} }`;
    const full = run(src, { symmetry: false }).result;
    const red = run(src).result;
    expect(red.symmetry?.unreducedStates).toBe(full.stats.distinct);
    expect(red.symmetry?.groupSize).toBe(4);
    expect(red.stats.distinct).toBeLessThan(full.stats.distinct);
  });
});

describe('fork_copy with symmetric copy threads', () => {
  it('P=3, T=2: 86,850 orbits standing for the 160,116 states of the reference', () => {
    const r = loadSpecFile('bench/fork_copy_sym.uffd', { consts: { P: '3', Thread: '{t1,t2}' } });
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
    const res = check(r.spec);
    expect(res.stats.distinct).toBe(86850);
    expect(res.symmetry?.unreducedStates).toBe(160116);
    expect(res.verdicts.find((v) => v.name === 'EventsRead')?.note).toMatch(/--no-symmetry/);
  });
});

describe('verdicts and traces under symmetry', () => {
  it('the same verdicts and counterexample lengths with and without symmetry', () => {
    const cases: [string, Record<string, string>][] = [
      ['bench/fork_copy_sym.uffd', { P: '2', Thread: '{t1,t2}' }],
      ['bench/fork_copy_sym.uffd', { P: '2', Thread: '{t1,t2}', CHECK: 'false' }],
      ['specs/mmap_changing.uffd', { CHECK_MC: 'false' }],
    ];
    for (const [file, consts] of cases) {
      const r = loadSpecFile(file, { consts });
      if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
      const a = check(r.spec, { temporal: false });
      const b = check(r.spec, { temporal: false, symmetry: false });
      expect(a.outcome).toBe(b.outcome);
      expect(a.violation?.kind).toBe(b.violation?.kind);
      expect(a.violation?.trace.steps.length).toBe(b.violation?.trace.steps.length);
      expect(a.verdicts.map((v) => v.verdict)).toEqual(b.verdicts.map((v) => v.verdict));
    }
  });

  it('a counterexample found under symmetry is a real behaviour of the unreduced spec', () => {
    const text = readFileSync('bench/fork_copy_sym.uffd', 'utf8');
    const r = compileSource(text, 'bench/fork_copy_sym.uffd', { consts: { P: '2', Thread: '{t1,t2}', CHECK: 'false' } });
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
    const res = check(r.spec);
    expect(res.violation?.kind).toBe('invariant');
    const steps = res.violation!.trace.steps;
    expect(steps).toHaveLength(11);
    // replay with symmetry off: each state is a successor of the previous one under the named action
    const model = compileModel(r.spec);
    let inits = 0;
    model.initStates((w) => { if (w.every((x, i) => x === steps[0].state[i])) inits++; });
    expect(inits).toBe(1);
    for (let i = 1; i < steps.length; i++) {
      let found = false;
      for (const inst of model.instances.filter((x) => x.action.name === steps[i].action!.name)) {
        inst.fire(steps[i - 1].state, (w) => { if (w.every((x, j) => x === steps[i].state[j])) found = true; });
      }
      expect(found).toBe(true);
    }
  });
});

describe('soundness of a declared symmetry', () => {
  it('refuses initial states that are not symmetric (a variable left at its default member)', () => {
    const src = `spec asym
      const PAGES = {p1, p2} symmetric
      var page: PAGES
      var n: 0..1
      action step { n = 1 - n }`;
    const r = run(src).result;
    expect(r.violation?.kind).toBe('eval-error');
    if (r.violation?.kind === 'eval-error') expect(r.violation.message).toMatch(/initial states are not symmetric: swapping two members of PAGES/);
    const fixed = run(src.replace('var n: 0..1', 'var n: 0..1\n      init { page in PAGES }')).result;
    expect(fixed.outcome).toBe('ok');
    expect([fixed.stats.distinct, fixed.symmetry?.unreducedStates]).toEqual([2, 4]);
  });
});
