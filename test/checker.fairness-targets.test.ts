// Fairness targets as TLA+ writes them (issue 16, point 5): a union of
// actions, a partial instance, an argument read from the state; and the
// fairness hint of a lasso goes by transition, not by the trace's label.
// Every expected verdict is argued by hand next to its spec.
import { describe, expect, it } from 'vitest';
import { check } from '../checker/check.js';
import { compileSource } from '../dsl/index.js';

function run(src: string) {
  const r = compileSource(src, 'fair.uffd');
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.line}:${d.col} ${d.message}`).join('\n'));
  return check(r.spec, { deadlock: false });
}
const verdict = (src: string, name: string) => run(src).verdicts.find((v) => v.name === name)?.verdict;
const errors = (src: string) => {
  const r = compileSource(src, 'fair.uffd');
  return r.ok ? [] : r.diagnostics.map((d) => `${d.line}:${d.col} ${d.message}`);
};

describe('weak(A | B): the union of the actions as one action', () => {
  // a is enabled when x == 0, b when x == 1, and flip alternates x: each
  // alone is enabled every other state (weak fairness of each does not force
  // it), their union is enabled in every state until done (TLA+: WF(A \/ B)
  // is not WF(A) /\ WF(B)).
  const spec = (fair: string) => `
    var x: 0..1
    var done: bool
    action flip when !done { x = 1 - x }
    action a when x == 0 && !done { done = true }
    action b when x == 1 && !done { done = true }
    property Done: <>done
    ${fair}`;

  it('weak fairness of each action separately does not make it hold', () => {
    expect(verdict(spec('fairness weak(a)\nfairness weak(b)'), 'Done')).toBe('violated');
  });
  it('weak fairness of their union does', () => {
    expect(verdict(spec('fairness weak(a | b)'), 'Done')).toBe('holds');
    expect(verdict(spec('fairness weak(a \\/ b)'), 'Done')).toBe('holds');
  });
  it('strong fairness of the union too', () => {
    expect(verdict(spec('fairness strong(b || a)'), 'Done')).toBe('holds');
  });
});

describe('weak(a(c)): a partial instance, some instance with that first argument', () => {
  // a(c, i) is enabled only while k == i, and flip alternates k: one instance
  // flickers, the two with the same c together are enabled until done[c].
  const spec = (fair: string) => `
    const C = {c1, c2}
    var done: [C -> bool]
    var k: 0..1
    action flip { k = 1 - k }
    action a(c: C, i: 0..1) when !done[c] && k == i { done[c] = true }
    property C1Done: <>done[c1]
    ${fair}`;

  it('holds with weak fairness of a(c1)', () => {
    expect(verdict(spec('fairness weak(a(c1))'), 'C1Done')).toBe('holds');
  });
  it('not with weak fairness of each instance a(c1, i)', () => {
    expect(verdict(spec('fairness forall i in 0..1: weak(a(c1, i))'), 'C1Done')).toBe('violated');
  });
  it('not with weak fairness of a(c2): c1 may wait forever', () => {
    expect(verdict(spec('fairness weak(a(c2))'), 'C1Done')).toBe('violated');
  });
  it('under forall, one condition per value', () => {
    expect(verdict(spec('fairness forall c in C: weak(a(c))'), 'C1Done')).toBe('holds');
  });
  it('more arguments than parameters is still an error', () => {
    expect(errors(spec('fairness weak(a(c1, 0, 1))'))).toEqual(["8:19 'a' takes 2 arguments, but fairness gives 3"]);
  });
});

describe('weak(Return(c, alloc[c])): an argument evaluated in each state', () => {
  // Return(c, r) gives back r of the units c holds; Get takes one more. With
  // weak fairness of Return(c, alloc[c]) (give back everything held, TLA+'s
  // WF_vars(Return(c, alloc[c]))), the cycle 2 -Return(c1,1)-> 1 -Get-> 2 is
  // unfair: the fair action (Return(c1, 2) in state 2, Return(c1, 1) in
  // state 1) is enabled throughout and its step (to 0) never taken. With
  // weak(Return(c)) any return counts, and that cycle takes one.
  const spec = (fair: string) => `
    const C = {c1, c2}
    var alloc: [C -> 0..2]
    action Get(c: C) when alloc[c] < 2 { alloc[c] = alloc[c] + 1 }
    action Return(c: C, r: 1..2) when r <= alloc[c] { alloc[c] = alloc[c] - r }
    property Released: alloc[c1] == 2 ~> alloc[c1] == 0
    ${fair}`;

  it('holds with weak fairness of Return(c, alloc[c])', () => {
    expect(verdict(spec('fairness forall c in C: weak(Return(c, alloc[c]))'), 'Released')).toBe('holds');
  });
  it('not with weak fairness of any return, Return(c)', () => {
    expect(verdict(spec('fairness forall c in C: weak(Return(c))'), 'Released')).toBe('violated');
  });
  it('not with the constant instance Return(c1, 2): in state 1 it is disabled', () => {
    expect(verdict(spec('fairness weak(Return(c1, 2))'), 'Released')).toBe('violated');
  });
  it('a state argument of the wrong type is an error at the argument', () => {
    expect(errors(spec('fairness weak(Return(c1, alloc))'))).toEqual(["7:30 argument r of 'Return' is 1..2, not [C -> 0..2]"]);
  });
});

describe('the fairness hint goes by transition', () => {
  // a and b make the same step 0 -> 1; back returns. The cycle 0 -> 1 -> 0
  // takes that step, so neither a nor b is starved by it; only c (to 2)
  // is enabled again and again and never taken.
  const src = `
    var x: 0..2
    action a when x == 0 { x = 1 }
    action b when x == 0 { x = 1 }
    action c when x == 0 { x = 2 }
    action back when x == 1 { x = 0 }
    property Reaches2: <>(x == 2)
    fairness weak(a)
    fairness weak(back)`;

  it('names c, not b, whose step the cycle takes under the label a', () => {
    const r = run(src);
    expect(r.violation?.kind).toBe('property');
    if (r.violation?.kind !== 'property') return;
    const labels = r.violation.trace.steps.slice(1).map((s) => s.action?.name);
    expect(labels).toEqual(['a', 'back']);
    expect(r.violation.explanation).toBe('The cycle from state 0 repeats forever; c is enabled again and again but never taken: weak fairness does not forbid that, strong fairness of c would.');
  });
});

describe('the builder writes the same conditions', () => {
  it('a union and a partial instance give the IR of the parsed spec', async () => {
    const { spec, t, e, s, v, stripSpans } = await import('../dsl/builder.js');
    const src = `spec u
var x: 0..1
var done: bool
action flip when !done { x = 1 - x }
action a(i: 0..1, j: 0..1) when x == i && !done { done = true }
action b when x == 1 && !done { done = true }
fairness weak(a(0) | b)
`;
    const parsed = compileSource(src, 'u.uffd');
    const b = spec('u');
    b.var('x', t.range(0, 1));
    b.var('done', t.bool);
    b.action('flip', {}, { when: e.not(v('done')), body: [s.assign('x', e.sub(1, v('x')))] });
    b.action('a', { i: t.range(0, 1), j: t.range(0, 1) }, { when: e.and(e.eq(v('x'), v('i')), e.not(v('done'))), body: [s.assign('done', true)] });
    b.action('b', {}, { when: e.and(e.eq(v('x'), 1), e.not(v('done'))), body: [s.assign('done', true)] });
    b.fairness('weak', 'a', [0], { or: [['b', null]] });
    const built = b.build();
    if (!parsed.ok || !built.ok) throw new Error('bad');
    expect(stripSpans(built.spec.fairness)).toEqual(stripSpans(parsed.spec.fairness));
    expect(stripSpans(built.spec.fairness)).toMatchObject([{ kind: 'weak', action: 'a', or: [{ action: 'b', args: null }] }]);
  });
});
