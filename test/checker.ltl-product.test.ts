// Full LTL over state predicates: the product of the negation's Büchi
// automaton with the state graph (checker/temporal/product.ts), cross-checked
// three ways on small random specs: (1) it agrees with the fast paths on the
// shapes both decide (`F` vs `!!F`, which only the product decides); (2)
// every counterexample it prints is replayed against the spec by an
// independent evaluator here (the formula is false on the lasso, the cycle
// is fair); (3) a brute-force search over short lassos finds no fair
// violation of a property it says holds. Then formulas only the product
// decides, with their answers derived by hand.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check } from '../checker/check.js';
import type { CheckResult, Violation } from '../checker/result.js';
import { decodeState } from '../checker/store/trace.js';
import { compileSource } from '../dsl/index.js';

// ---------------------------------------------------------------- random specs
// x in 0..n-1, starts at 0; action k moves x from s to any of succ[k][s]
// (empty: disabled there; s itself: a step that changes nothing, a stutter).
interface Model { n: number; succ: number[][][]; fair: ('none' | 'weak' | 'strong')[] }

type F =
  | { k: 'atom'; op: '==' | '!=' | '<='; c: number }
  | { k: 'not' | 'always' | 'eventually'; a: F }
  | { k: 'and' | 'or' | 'implies' | 'leadsto'; l: F; r: F };

const model: fc.Arbitrary<Model> = fc.integer({ min: 2, max: 4 }).chain((n) =>
  fc.integer({ min: 1, max: 3 }).chain((k) =>
    fc.record({
      n: fc.constant(n),
      succ: fc.array(fc.array(fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { maxLength: 2 }), { minLength: n, maxLength: n }), { minLength: k, maxLength: k }),
      fair: fc.array(fc.constantFrom('none' as const, 'weak' as const, 'strong' as const), { minLength: k, maxLength: k }),
    })));

const atom: fc.Arbitrary<F> = fc.record({ k: fc.constant('atom' as const), op: fc.constantFrom('==' as const, '!=' as const, '<=' as const), c: fc.integer({ min: 0, max: 3 }) });

const formula: fc.Arbitrary<F> = fc.letrec<{ f: F }>((tie) => ({
  f: fc.oneof({ depthSize: 'small', withCrossShrink: true },
    atom,
    fc.record({ k: fc.constantFrom('not' as const, 'always' as const, 'eventually' as const), a: tie('f') }),
    fc.record({ k: fc.constantFrom('and' as const, 'or' as const, 'implies' as const, 'leadsto' as const), l: tie('f'), r: tie('f') })),
})).f;

// the shapes with a fast path, over atoms
const fastShape: fc.Arbitrary<F> = fc.oneof(
  atom,
  ...(['always', 'eventually'] as const).map((k) => atom.map((a): F => ({ k, a }))),
  atom.map((a): F => ({ k: 'always', a: { k: 'eventually', a } })),
  atom.map((a): F => ({ k: 'eventually', a: { k: 'always', a } })),
  fc.tuple(atom, atom).map(([l, r]): F => ({ k: 'leadsto', l, r })),
  fc.tuple(atom, atom).map(([l, r]): F => ({ k: 'always', a: { k: 'implies', l, r: { k: 'eventually', a: r } } })),
);

const SYM = { not: '!', always: '[]', eventually: '<>', and: '&&', or: '||', implies: '=>', leadsto: '~>' } as const;
function show(f: F): string {
  switch (f.k) {
    case 'atom': return `x ${f.op} ${f.c}`;
    case 'not': case 'always': case 'eventually': return `${SYM[f.k]}(${show(f.a)})`;
    default: return `(${show(f.l)}) ${SYM[f.k]} (${show(f.r)})`;
  }
}

function specText(m: Model, props: string[]): string {
  const lines = ['spec r', `var x: 0..${m.n - 1}`];
  m.succ.forEach((rows, k) => {
    const arms = rows.map((ts, s) => (ts.length ? `if x == ${s} { x in {${ts.join(', ')}} }` : null)).filter((a) => a !== null);
    const from = rows.map((ts, s) => (ts.length ? s : -1)).filter((s) => s >= 0);
    if (arms.length === 0) lines.push(`action a${k} when false { skip }`);
    else lines.push(`action a${k} when ${from.map((s) => `x == ${s}`).join(' || ')} { ${arms.join(' else ')} }`);
  });
  m.fair.forEach((f, k) => { if (f !== 'none') lines.push(`fairness ${f}(a${k})`); });
  props.forEach((p, i) => lines.push(`property P${i}: ${p}`));
  return `${lines.join('\n')}\n`;
}

function runAll(m: Model, props: string[]): CheckResult {
  const r = compileSource(specText(m, props), 'r.uffd');
  if (!r.ok) throw new Error(`${specText(m, props)}\n${r.diagnostics.map((d) => `${d.line}:${d.col} ${d.message}`).join('\n')}`);
  return check(r.spec, { deadlock: false, continue: true });
}

// ---------------------------------------------------------------- an independent evaluator
// The formula at each position of the lasso word[0..L-1], word[L-1] -> word[loop].
function evalLasso(f: F, word: number[], loop: number): boolean[] {
  const L = word.length;
  const next = (i: number) => (i + 1 < L ? i + 1 : loop);
  const fix = (init: boolean, step: (i: number, res: boolean[]) => boolean): boolean[] => {
    const res = new Array<boolean>(L).fill(init);
    for (let round = 0; round <= L + 1; round++) for (let i = L - 1; i >= 0; i--) res[i] = step(i, res);
    return res;
  };
  switch (f.k) {
    case 'atom': return word.map((x) => (f.op === '==' ? x === f.c : f.op === '!=' ? x !== f.c : x <= f.c));
    case 'not': return evalLasso(f.a, word, loop).map((b) => !b);
    case 'always': { const a = evalLasso(f.a, word, loop); return fix(true, (i, r) => a[i] && r[next(i)]); }
    case 'eventually': { const a = evalLasso(f.a, word, loop); return fix(false, (i, r) => a[i] || r[next(i)]); }
    case 'leadsto': return evalLasso({ k: 'always', a: { k: 'implies', l: f.l, r: { k: 'eventually', a: f.r } } }, word, loop);
    default: {
      const l = evalLasso(f.l, word, loop);
      const r = evalLasso(f.r, word, loop);
      return l.map((a, i) => (f.k === 'and' ? a && r[i] : f.k === 'or' ? a || r[i] : !a || r[i]));
    }
  }
}

// Does a cycle (its states, and the action of each real step) satisfy the fairness of m?
function fairCycle(m: Model, states: number[], actions: number[]): boolean {
  const enabled = (k: number, s: number) => m.succ[k][s].some((t) => t !== s);
  return m.fair.every((f, k) => {
    if (f === 'none' || actions.includes(k)) return true;
    return f === 'weak' ? !states.every((s) => enabled(k, s)) : !states.some((s) => enabled(k, s));
  });
}

// Some fair lasso, prefix of at most P real steps and cycle of at most C, that refutes f.
function bruteRefutes(m: Model, f: F, P = 3, C = 3): boolean {
  const steps = (s: number): [number, number][] => m.succ.flatMap((ts, k) => ts[s].filter((t) => t !== s).map((t): [number, number] => [t, k]));
  const refutes = (word: number[], loop: number) => !evalLasso(f, word, loop)[0];
  const cycles = (prefix: number[]): boolean => {
    const start = prefix[prefix.length - 1];
    if (fairCycle(m, [start], []) && refutes(prefix, prefix.length - 1)) return true; // stutter forever
    const go = (states: number[], acts: number[]): boolean => {
      const cur = states[states.length - 1];
      for (const [t, k] of steps(cur)) {
        if (t === start && fairCycle(m, states, [...acts, k]) && refutes([...prefix, ...states.slice(1)], prefix.length - 1)) return true;
        if (states.length < C && go([...states, t], [...acts, k])) return true;
      }
      return false;
    };
    return go([start], []);
  };
  const prefixes = (p: number[]): boolean => cycles(p) || (p.length <= P && steps(p[p.length - 1]).some(([t]) => prefixes([...p, t])));
  return prefixes([0]);
}

// The checker's counterexample, replayed: a path of the spec from x = 0, the
// formula false on it, its cycle fair (a safety trace: false whatever follows,
// checked here by stuttering at its end).
function validate(m: Model, f: F, v: Violation): void {
  const t = v.trace;
  const xs = t.steps.map((s) => decodeState(t.spec, t.layout, s.state)[0] as number);
  const acts = t.steps.slice(1).map((s) => Number(s.action!.name.slice(1)));
  expect(xs[0]).toBe(0);
  acts.forEach((k, i) => expect(m.succ[k][xs[i]]).toContain(xs[i + 1]));
  const loop = t.loopStart ?? xs.length - 1;
  expect(evalLasso(f, xs, loop)[0], `${show(f)} on ${xs} loop ${loop}`).toBe(false);
  if (t.loopStart !== undefined) {
    expect(xs[xs.length - 1]).toBe(xs[t.loopStart]);
    const cycleStates = t.loopStart === xs.length - 1 ? [xs[t.loopStart]] : xs.slice(t.loopStart, -1);
    expect(fairCycle(m, cycleStates, acts.slice(t.loopStart)), `fair cycle ${cycleStates}`).toBe(true);
  }
}

const verdictOf = (r: CheckResult, i: number) => r.verdicts.find((v) => v.name === `P${i}`)!.verdict;
const violationOf = (r: CheckResult, i: number) => (r.violations ?? []).find((v) => v.kind === 'property' && v.name === `P${i}`);

describe('the product agrees with the fast paths and with brute force', () => {
  it('on the fast-path shapes, F (fast path) and !!F (product) get the same verdict; both counterexamples replay', () => {
    fc.assert(fc.property(model, fastShape, (m, f) => {
      // a bare predicate stays a state predicate under !!: or-ing a never-true [] makes it temporal
      const viaProduct = f.k === 'atom' ? `(${show(f)}) || [](x < 0)` : `!(!(${show(f)}))`;
      const r = runAll(m, [show(f), viaProduct]);
      expect(verdictOf(r, 1), specText(m, [show(f)])).toBe(verdictOf(r, 0));
      const fast = violationOf(r, 0);
      const prod = violationOf(r, 1);
      if (fast) validate(m, f, fast);
      if (prod) validate(m, f, prod);
      // a safety violation is the shortest path to the bad state on both
      if (fast && fast.trace.loopStart === undefined) expect(prod!.trace.steps.length).toBe(fast.trace.steps.length);
    }), { numRuns: 150, seed: 16 });
  });

  it('on random formulas: every counterexample replays, and short fair violations are always found', () => {
    fc.assert(fc.property(model, formula, (m, f) => {
      const r = runAll(m, [show(f)]);
      const v = violationOf(r, 0);
      if (v) validate(m, f, v);
      else expect(bruteRefutes(m, f), `${specText(m, [show(f)])} holds, but brute force refutes it`).toBe(false);
      expect(verdictOf(r, 0)).toBe(v ? 'violated' : 'holds');
    }), { numRuns: 250, seed: 2026 });
  });
});

describe('formulas only the product decides, answers derived by hand', () => {
  // x: 0 -a-> 1, 1 -b-> 0, 1 -c-> 2; 2 is terminal (stutters forever).
  const loop = (fair: string, prop: string) => `spec loop
    var x: 0..2
    action a when x == 0 { x = 1 }
    action b when x == 1 { x = 0 }
    action c when x == 1 { x = 2 }
    ${fair}
    property F: ${prop}`;
  const run = (src: string) => {
    const r = compileSource(src, 'loop.uffd');
    if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
    return check(r.spec, { deadlock: false });
  };
  const xs = (r: CheckResult) => r.violation!.trace.steps.map((s) => decodeState(r.violation!.trace.spec, r.violation!.trace.layout, s.state)[0]);

  it('<>[]P || []<>Q: only stuttering at x = 1 refutes it, which weak(c) forbids', () => {
    const prop = '<>[](x == 2) || []<>(x == 0)';
    // staying at 0 or cycling 0 <-> 1 visits 0 infinitely often; reaching 2 stays there
    const r = run(loop('', prop));
    expect(r.verdicts[0].verdict).toBe('violated');
    expect(xs(r)).toEqual([0, 1]);
    expect(r.violation!.trace.loopStart).toBe(1); // stutters at x = 1
    if (r.violation?.kind === 'property') expect(r.violation.explanation).toMatch(/stops at state 1 and stutters forever while b, c stay enabled/);
    expect(run(loop('fairness weak(c)', prop)).verdicts[0].verdict).toBe('holds');
  });

  it('[](P => <>[]Q): x == 1 must be followed by x != 0 for ever; weak vs strong fairness of c', () => {
    const prop = '[](x == 1 => <>[](x != 0))';
    // no fairness: the shortest prefix reaches x == 1 (1 step), then the cycle 1 -> 0 -> 1
    const free = run(loop('', prop));
    expect(free.verdicts[0].verdict).toBe('violated');
    expect(xs(free)).toEqual([0, 1, 0, 1]);
    expect(free.violation!.trace.loopStart).toBe(1);
    // weak(a) forbids stopping at 0, but the cycle 0 <-> 1 is fair (c is enabled only every other state)
    const weak = run(loop('fairness weak(a)\nfairness weak(c)', prop));
    expect(weak.verdicts[0].verdict).toBe('violated');
    const w = xs(weak);
    const l = weak.violation!.trace.loopStart!;
    expect(new Set(w.slice(l))).toEqual(new Set([0, 1])); // the cycle 0 <-> 1
    // strong(c): visiting 1 infinitely often forces c, so every fair behaviour ends at 2
    expect(run(loop('fairness weak(a)\nfairness strong(c)', prop)).verdicts[0].verdict).toBe('holds');
  });

  it('!<>P is a safety property: the shortest path to P, no cycle', () => {
    const r = run(loop('fairness weak(a)\nfairness strong(c)', '!<>(x == 2)'));
    expect(r.verdicts[0].verdict).toBe('violated');
    expect(xs(r)).toEqual([0, 1, 2]);
    expect(r.violation!.trace.loopStart).toBeUndefined();
    if (r.violation?.kind === 'property') expect(r.violation.explanation).toMatch(/safety violation/);
    // at once, in the initial state
    const now = run(loop('', '!<>(x == 0)'));
    expect(xs(now)).toEqual([0]);
    if (now.violation?.kind === 'property') expect(now.violation.explanation).toMatch(/^No behaviour that starts in this initial state satisfies it/);
    // or-ed with a formula that always holds, it holds
    expect(run(loop('', '!<>(x == 3 - 1) || [](x < 5)')).verdicts[0].verdict).toBe('holds');
  });

  it('nested ~>: x == 0 ~> (x == 1 ~> x == 2)', () => {
    const prop = 'x == 0 ~> (x == 1 ~> x == 2)';
    // no fairness: stutter at 1 forever, x == 2 never comes
    const free = run(loop('', prop));
    expect(free.verdicts[0].verdict).toBe('violated');
    expect(xs(free)).toEqual([0, 1]);
    expect(free.violation!.trace.loopStart).toBe(1);
    // weak(c): the cycle 0 <-> 1 is fair and never reaches 2
    expect(run(loop('fairness weak(a)\nfairness weak(b)\nfairness weak(c)', prop)).verdicts[0].verdict).toBe('violated');
    // strong(c): every fair behaviour reaches 2 and stays
    expect(run(loop('fairness weak(a)\nfairness strong(c)', prop)).verdicts[0].verdict).toBe('holds');
  });
});
