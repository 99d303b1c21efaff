// Action properties ([][A]_v) and refinement (`refines "FILE" with {...}`):
// verdicts, the shortest trace ending in the offending step, the abstract
// states of a refinement counterexample, and the errors at their positions.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from './run-cli.js';
import { check, checkWith } from '../checker/check.js';
import { decodeTrace } from '../counterexamples/decoded.js';
import { formatValue } from '../counterexamples/format-value.js';
import { compileSource, loadSpecFile } from '../dsl/index.js';
import type { Spec } from '../dsl/ir.js';

function dir(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), 'uffd-refine-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
  return d;
}

function load(file: string, consts: Record<string, string> = {}): Spec {
  const r = loadSpecFile(file, { consts });
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.file}:${d.line}:${d.col}: ${d.message}`).join('\n'));
  return r.spec;
}

function spec(text: string): Spec {
  const r = compileSource(text, 't.uffd');
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return r.spec;
}

// the values of variable `name` along a trace, as the text trace shows them
function series(t: Parameters<typeof decodeTrace>[0], name: string): string[] {
  const d = decodeTrace(t);
  const i = d.spec.vars.findIndex((v) => v.name === name);
  return d.steps.map((s) => formatValue(d.spec.vars[i].type, s.values[i]));
}

const COUNTER = 'var x: 0..3\naction inc when x < 3 { x = x + 1 }\naction reset when x == 3 { x = 0 }\n';

describe('action properties [][A]_v', () => {
  it('docs/examples/monotone.uffd: violated by the reset step, the shortest trace (4 steps) ends with it, exit 1', async () => {
    const r = check(load('docs/examples/monotone.uffd'));
    expect(r.outcome).toBe('violation');
    const v = r.violation!;
    expect(v.kind).toBe('action-property');
    if (v.kind !== 'action-property') return;
    expect(v.name).toBe('Monotone');
    // 0 -> 1 -> 2 -> 3 by inc, then reset to 0: a state seen before, so the
    // check runs on transitions to known states too
    expect(series(v.trace, 'x')).toEqual(['0', '1', '2', '3', '0']);
    expect(v.trace.steps.map((s) => s.action?.name ?? null)).toEqual([null, 'inc', 'inc', 'inc', 'reset']);
    expect(r.verdicts.find((p) => p.name === 'Monotone')).toEqual({ name: 'Monotone', kind: 'property', verdict: 'violated' });
    const c = await run('check', 'docs/examples/monotone.uffd');
    expect(c.code).toBe(1);
    expect(c.out).toContain('Error: action property Monotone is violated by the last step.');
    expect(c.out).toContain('State 4: reset()');
  });

  it('holds when every step satisfies A or leaves v unchanged (stutters for the property)', () => {
    // x' >= x || x' == 0 allows the reset; y changes alone, a stutter for x
    const r = check(spec(`${COUNTER}var y: bool\naction flip { y = !y }\nproperty P: [][x' >= x || x' == 0]_x\n`));
    expect(r.outcome).toBe('ok');
    expect(r.verdicts.find((p) => p.name === 'P')?.verdict).toBe('holds');
    // [][false]_y: y changes in one step from the initial state
    const s = check(spec(`${COUNTER}var y: bool\naction flip { y = !y }\nproperty Never: [][false]_y\n`));
    expect(s.violation?.kind).toBe('action-property');
    expect(s.violation!.trace.steps.length).toBe(2);
    expect(s.violation!.trace.steps[1].action?.name).toBe('flip');
    // the same with x as the subscript: flip never changes x, inc does
    const t = check(spec(`${COUNTER}var y: bool\naction flip { y = !y }\nproperty Never: [][false]_x\n`));
    expect(t.violation!.trace.steps[1].action?.name).toBe('inc');
  });

  it('a tuple subscript, primed expressions and operators with primes', () => {
    const base = 'var x: 0..3\nvar y: 0..3\naction a when x < 3 { x = x + 1 }\naction b when y < x { y = y + 1 }\n';
    // the sum grows on every step that changes x or y
    const noDeadlock = { deadlock: false };
    expect(check(spec(`${base}property Sum: [][(x + y)' > x + y]_<<x, y>>\n`), noDeadlock).outcome).toBe('ok');
    // an operator with a prime; a changes x only, a stutter for y
    expect(check(spec(`${base}def Up = y' == y + 1\nproperty YUp: [][Up]_y\n`), noDeadlock).outcome).toBe('ok');
    const r = check(spec(`${base}property XOnly: [][x' > x]_<<x, y>>\n`), noDeadlock);
    // the first step that changes y without x: a (x=1), then b (y=1)
    expect(r.violation?.kind).toBe('action-property');
    expect(r.violation!.trace.steps.map((s) => s.action?.name ?? null)).toEqual([null, 'a', 'b']);
  });

  it('--continue keeps the first (shortest) violation of each action property', () => {
    const r = check(spec(`${COUNTER}property Monotone: [][x' > x]_x\nproperty Small: [][x' < 2]_x\n`), { continue: true });
    expect(r.violations!.map((v) => [v.kind, v.kind === 'action-property' ? v.name : '', v.trace.steps.length - 1])).toEqual([
      ['action-property', 'Small', 2], // 1 -> 2 is found before 3 -> 0
      ['action-property', 'Monotone', 4],
    ]);
    expect(r.stats.distinct).toBe(4); // the search went on to the end
  });

  it('is checked under symmetry, on the real successor', () => {
    const text = 'const P = {a, b, c} symmetric\nvar s: set<P>\naction add(p: P) when p notin s { s = s union {p} }\naction clear when card(s) == 3 { s = {} }\nproperty Grows: [][card(s\') > card(s)]_s\n';
    const reduced = check(spec(text));
    const full = check(spec(text), { symmetry: false });
    expect(reduced.symmetry).not.toBeNull();
    for (const r of [reduced, full]) {
      expect(r.violation?.kind).toBe('action-property');
      expect(r.violation!.trace.steps.length - 1).toBe(4); // three adds, then clear
      expect(r.violation!.trace.steps[4].action?.name).toBe('clear');
    }
  });

  it('the pipelined search (2-3 threads; 4+ run it too) gives the one-thread result, --continue included', async () => {
    const big = spec(`const P = {a, b, c, d}\nvar s: [P -> 0..3]\nvar n: 0..7\naction inc(p: P) when s[p] < 3 { s[p] = s[p] + 1; n = (n + 1) % 8 }\naction drop(p: P) when s[p] == 3 && n % 2 == 0 { s[p] = 0 }\nproperty Grows: [][n' == (n + 1) % 8]_n\nproperty Late: [][(s[a] + s[b] + s[c] + s[d])' < 11]_s\n`);
    const specs = [load('docs/examples/monotone.uffd'), load('docs/examples/test-then-set.uffd'), load('docs/examples/ticket-lock.uffd'), big];
    const shape = (r: Awaited<ReturnType<typeof checkWith>>) => ({
      outcome: r.outcome, distinct: r.stats.distinct, generated: r.stats.generated, verdicts: r.verdicts,
      found: (r.violations ?? (r.violation ? [r.violation] : [])).map((v) => [v.kind, v.trace.steps.map((x) => x.action?.name ?? null), decodeTrace(v.trace).steps.map((x) => x.values.map(String).join(' '))]),
    });
    for (const s of specs) {
      for (const cont of [false, true]) {
        const one = shape(check(s, { continue: cont, deadlock: false }));
        for (const [workers, parallel] of [[2, { sequentialUntil: 0 }], [3, { sequentialUntil: 0 }], [2, { sequentialUntil: 0, noProducers: true, aheadAtBlockStart: true }], [5, { sequentialUntil: 0 }]] as const) {
          expect(shape(await checkWith(s, { continue: cont, deadlock: false, workers, parallel })), `${s.name} workers ${workers} continue ${cont}`).toEqual(one);
        }
      }
    }
    // the big one: Late is first broken at depth 11, after hundreds of states
    // (on the threads); with --continue it is explored whole
    const all = check(big, { deadlock: false, continue: true });
    expect(all.verdicts.filter((v) => v.kind === 'property').map((v) => [v.name, v.verdict])).toEqual([['Grows', 'holds'], ['Late', 'violated']]);
    expect(all.stats.distinct).toBeGreaterThan(1000);
    const first = check(big, { deadlock: false });
    expect(first.violation!.trace.steps.length - 1).toBe(11);
    expect(first.stats.distinct).toBeGreaterThan(300); // ten blocks of 32 parents and more: the threads' share
  });

  it('errors: a prime outside an action property, [][A]_v inside a formula, a prime primed again (exit 2, positioned)', async () => {
    const d = dir({ 'e.uffd': `${COUNTER}invariant I: x' == x\nproperty Q: [][x' > x]_x && [](x < 5)\nproperty R: [][x'' > x]_x\n` });
    const r = await run('check', join(d, 'e.uffd'));
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${join(d, 'e.uffd')}:4:14: error: x': a primed expression (the value after a step) is only allowed in an action property, property Name: [][A]_v`);
    expect(r.err).toContain(`${join(d, 'e.uffd')}:5:13: error: an action property [][A]_v is a whole property on its own`);
    expect(r.err).toContain(`${join(d, 'e.uffd')}:6:16: error: an expression that is already primed cannot be primed again`);
  });
});

const LOCK = readFileSync('docs/examples/lock.uffd', 'utf8');

describe('refinement', () => {
  it('docs/examples/ticket-lock.uffd refines the lock; the refinement does not change the search', () => {
    const s = load('docs/examples/ticket-lock.uffd');
    const r = check(s);
    expect(r.outcome).toBe('ok');
    expect(r.verdicts.find((p) => p.kind === 'refinement')).toEqual({ name: 'Lock', kind: 'refinement', verdict: 'holds' });
    const { refinement: _, ...plain } = s;
    expect(r.stats.distinct).toBe(check(plain).stats.distinct);
    expect(r.stats.generated).toBe(check(plain).stats.generated);
  });

  it('docs/examples/test-then-set.uffd does not: the shortest trace (4 steps) and the abstract step {p1} -> {p1, p2}', async () => {
    const r = check(load('docs/examples/test-then-set.uffd'));
    const v = r.violation!;
    expect(v.kind).toBe('refinement');
    if (v.kind !== 'refinement') return;
    expect(v.name).toBe('Lock');
    expect(v.trace.steps.map((s) => s.action?.name ?? null)).toEqual([null, 'thread.test', 'thread.test', 'thread.set', 'thread.set']);
    expect(series(v.abstract, 'holder')).toEqual(['{p1}', '{p1, p2}']);
    const c = await run('check', 'docs/examples/test-then-set.uffd');
    expect(c.code).toBe(1);
    expect(c.out).toContain('Error: the spec does not refine Lock: step 4 maps to a step that Lock does not allow (and that is not a stutter).');
    expect(c.out).toContain('Mapped to Lock (docs/examples/lock.uffd), before step 4:\n    holder = {p1}\nand after it, a state no action of Lock reaches from the one before:\n    holder = {p1, p2}');
    const j = JSON.parse((await run('check', 'docs/examples/test-then-set.uffd', '--format', 'json')).out);
    expect(j.violation.kind).toBe('refinement');
    expect(j.violation.abstract).toEqual({ spec: 'Lock', file: 'docs/examples/lock.uffd', before: { holder: { '#set': ['p1'] } }, after: { holder: { '#set': ['p1', 'p2'] } } });
    expect(j.violation.trace.steps.length).toBe(5);
    expect(j.verdicts).toContainEqual({ name: 'Lock', kind: 'refinement', verdict: 'violated' });
  });

  it('an initial state that maps to no abstract initial state: a trace of the initial state alone', () => {
    const d = dir({ 'lock.uffd': LOCK, 'c.uffd': 'const Proc = {p1, p2}\nvar locked: bool\ninit { locked = true }\naction a { locked = !locked }\nrefines "lock.uffd" with { holder = if locked then {p1} else {} }\n' });
    const r = check(load(join(d, 'c.uffd')));
    const v = r.violation!;
    expect(v.kind).toBe('refinement');
    if (v.kind !== 'refinement') return;
    expect(v.trace.steps.length).toBe(1);
    expect(v.abstract.steps.length).toBe(1);
    expect(series(v.abstract, 'holder')).toEqual(['{p1}']);
  });

  it('implicit mapping by name, constants bound by with, --const through a constant of the same name', () => {
    const abs = 'spec Counter\nconst N = 3\nvar c: 0..N\naction inc when c < N { c = c + 1 }\n';
    const d = dir({
      'abs.uffd': abs,
      'same.uffd': 'const N = 3\nvar c: 0..3\naction up when c < 2 { c = c + 2 }\nrefines "abs.uffd"\n', // c = c, N = N; +2 is no abstract step
      'bound.uffd': 'const M = 2\nvar k: 0..2\naction step when k < 2 { k = k + 1 }\nrefines "abs.uffd" with { c = k, N = M }\n',
    });
    const same = check(load(join(d, 'same.uffd')));
    expect(same.violation?.kind).toBe('refinement');
    expect(same.violation!.trace.steps.length - 1).toBe(1);
    expect(check(load(join(d, 'bound.uffd')), { deadlock: false }).outcome).toBe('ok');
    // N = M = 1: the abstract c has the range 0..1, and k reaches 2
    const small = check(load(join(d, 'bound.uffd'), { M: '1' }));
    expect(small.violation?.kind).toBe('eval-error');
    expect(small.violation?.kind === 'eval-error' && small.violation.message).toContain('outside the declared range 0..1 of Counter.c');
    // --const N=5 reaches the abstract N through same.uffd's N
    expect(load(join(d, 'same.uffd'), { N: '5' }).refinement!.abstract.constants.find((c) => c.name === 'N')?.value).toBe(5);
  });

  it('errors in the mapping and in the abstract spec, positioned, exit 2', async () => {
    const d = dir({
      'lock.uffd': LOCK,
      'bad-abs.uffd': 'var y: 0..1\naction a { y = z }\n',
      'unknown.uffd': 'const Proc = {p1, p2}\nvar h: set<Proc>\naction a { h = {} }\nrefines "lock.uffd" with { holdr = h }\n',
      'missing.uffd': 'const Proc = {p1, p2}\nvar locked: bool\naction a { locked = true }\nrefines "lock.uffd"\n',
      'type.uffd': 'const Proc = {p1, p2}\nvar locked: bool\naction a { locked = true }\nrefines "lock.uffd" with { holder = locked }\n',
      'nofile.uffd': 'var y: 0..1\naction a { y = 1 }\nrefines "nope.uffd" with { y = y }\n',
      'inabs.uffd': 'var y: 0..1\naction a { y = 1 }\nrefines "bad-abs.uffd"\n',
    });
    const err = async (f: string) => { const r = await run('check', join(d, f)); expect(r.code).toBe(2); return r.err; };
    expect(await err('unknown.uffd')).toContain(`${join(d, 'unknown.uffd')}:4:28: error: the abstract spec ${join(d, 'lock.uffd')} has no variable or constant 'holdr' (did you mean 'holder'?)`);
    expect(await err('missing.uffd')).toContain(`${join(d, 'missing.uffd')}:4:9: error: the abstract variable holder (${join(d, 'lock.uffd')}:6:5) has no mapping and this spec has no variable of that name`);
    expect(await err('type.uffd')).toContain(`${join(d, 'type.uffd')}:4:37: error: the abstract variable holder is set<Proc>, but its mapping is bool`);
    expect(await err('nofile.uffd')).toContain(`${join(d, 'nofile.uffd')}:3:9: error: cannot read the abstract spec ${join(d, 'nope.uffd')}: no such file`);
    expect(await err('inabs.uffd')).toContain(`${join(d, 'bad-abs.uffd')}:2:16: error: unknown name 'z'`);
  });

  it('an evaluation error in the abstract spec is one of this check (exit 1), not an internal error', async () => {
    const d = dir({ 'abs.uffd': 'var y: 0..1\ninit { assert false, "boom" }\naction a { y = 1 }\n', 'c.uffd': 'var y: 0..1\naction a { y = 1 }\nrefines "abs.uffd"\n' });
    const r = await run('check', join(d, 'c.uffd'));
    expect(r.code).toBe(1);
    expect(r.out).toContain(`Error: ${join(d, 'abs.uffd')}:2:8: evaluation error in the initial states: in the initial states of the abstract spec abs: assertion failed: boom`);
  });

  it('not checked under symmetry: refused unless --allow-unchecked, then "not checked"; the abstract fairness not with --no-temporal', async () => {
    const d = dir({
      'lock.uffd': LOCK,
      'sym.uffd': readFileSync('docs/examples/ticket-lock.uffd', 'utf8').replace('const Proc = {p1, p2}', 'const Proc = {p1, p2} symmetric'),
      'fair.uffd': 'var c: 0..1\naction inc when c < 1 { c = c + 1 }\nfairness weak(inc)\n',
      'c.uffd': 'var c: 0..1\naction go when c == 0 { c = 1 }\nrefines "fair.uffd"\n',
    });
    const sym = await run('check', join(d, 'sym.uffd'));
    expect(sym.code).toBe(2);
    expect(sym.err).toContain(`${join(d, 'sym.uffd')}:17:1: error: the refinement of Lock cannot be checked under symmetry reduction (symmetric Proc)`);
    const symOk = await run('check', join(d, 'sym.uffd'), '--allow-unchecked');
    expect(symOk.code).toBe(0);
    expect(symOk.out).toMatch(/refinement Lock\s+not checked \(under symmetry reduction; --no-symmetry checks it\)/);
    expect((await run('check', join(d, 'sym.uffd'), '--no-symmetry')).out).toMatch(/refinement Lock\s+holds/);
    // the abstract fairness is checked (below); --no-temporal leaves it out, as asked
    const fair = await run('check', join(d, 'c.uffd'), '--no-deadlock');
    expect(fair.code).toBe(1);
    expect(fair.out).toMatch(/refinement fair \(its fairness\)\s+violated/);
    const fairOff = await run('check', join(d, 'c.uffd'), '--no-deadlock', '--no-temporal');
    expect(fairOff.code).toBe(0);
    expect(fairOff.out).toMatch(/refinement fair\s+holds/);
    expect(fairOff.out).toMatch(/refinement fair \(its fairness\)\s+not checked \(--no-temporal\)/);
    expect(fairOff.out).toContain('1 property was not checked');
  });
});

// The abstract spec's fairness (TLA+'s Spec => Abstract!Spec includes its WF / SF):
// each lasso below is derived by hand from the concrete graph.
describe("refinement: the abstract spec's fairness", () => {
  const FAIR = 'var c: 0..1\naction inc when c < 1 { c = c + 1 }\nfairness weak(inc)\n';
  // a: 0 <-> 1 by up / down; done (1 -> 2) is enabled only at 1
  const UPDOWN = (f: string) => `spec ud\nvar a: 0..2\naction up when a == 0 { a = 1 }\naction down when a == 1 { a = 0 }\naction done when a == 1 { a = 2 }\nfairness ${f}(done)\n`;
  const d = dir({
    'fair.uffd': FAIR,
    'weak-ud.uffd': UPDOWN('weak'),
    'strong-ud.uffd': UPDOWN('strong'),
    // flip keeps a in {0, 1}; done (to 2) is enabled at both
    'flip.uffd': 'spec fl\nvar a: 0..2\naction flip when a < 2 { a = 1 - a }\naction done when a < 2 { a = 2 }\nfairness weak(done)\n',
    'takes.uffd': 'var c: 0..1\naction go when c == 0 { c = 1 }\nfairness weak(go)\nrefines "fair.uffd"\n',
    'idle.uffd': 'var c: 0..1\naction go when c == 0 { c = 1 }\nrefines "fair.uffd"\n',
    'terminal.uffd': 'var d: 0..1\naction go when d == 0 { d = 1 }\nfairness weak(go)\nrefines "fair.uffd" with {c = 0}\n',
    'cycle-weak.uffd': 'var a: 0..2\naction up when a == 0 { a = 1 }\naction down when a == 1 { a = 0 }\nfairness weak(up)\nfairness weak(down)\nrefines "weak-ud.uffd"\n',
    'cycle-strong.uffd': 'var a: 0..2\naction up when a == 0 { a = 1 }\naction down when a == 1 { a = 0 }\nfairness weak(up)\nfairness weak(down)\nrefines "strong-ud.uffd"\n',
    'flipper.uffd': 'var a: 0..2\naction flip when a < 2 { a = 1 - a }\nfairness weak(flip)\nrefines "flip.uffd"\n',
  });
  const fairness = (r: ReturnType<typeof check>, name: string) => r.verdicts.find((v) => v.name === `${name} (its fairness)`);
  const lasso = (r: ReturnType<typeof check>) => {
    const v = r.violation!;
    expect(v.kind).toBe('refinement');
    if (v.kind !== 'refinement') throw new Error('not a refinement violation');
    return { v, actions: v.trace.steps.map((s) => s.action?.name ?? null), loopStart: v.trace.loopStart };
  };

  it('holds when the fair behaviours take the abstract action: go is weakly fair and maps to inc', async () => {
    const r = check(load(join(d, 'takes.uffd')), { deadlock: false });
    expect(r.outcome).toBe('ok');
    expect(fairness(r, 'fair')).toEqual({ name: 'fair (its fairness)', kind: 'refinement', verdict: 'holds' });
    const c = await run('check', join(d, 'takes.uffd'), '--no-deadlock');
    expect(c.code).toBe(0);
    expect(c.out).toMatch(/refinement fair \(its fairness\)\s+holds/);
  });

  it('violated when this spec may stutter where the mapped inc is enabled: the lasso is the initial state', async () => {
    // no fairness here: stuttering at c = 0 forever is a behaviour, and inc stays enabled
    const r = check(load(join(d, 'idle.uffd')), { deadlock: false });
    expect(r.outcome).toBe('violation');
    const { v, actions, loopStart } = lasso(r);
    expect(actions).toEqual([null]);
    expect(loopStart).toBe(0);
    if (v.kind !== 'refinement') return;
    expect(v.fairness).toBe("The behaviour stops at state 0 and stutters forever: the mapped behaviour keeps fair's inc enabled forever but never takes it: fair's weak(inc) is violated.");
    expect(fairness(r, 'fair')?.verdict).toBe('violated');
    // the safety half still holds: every step maps to inc
    expect(r.verdicts.find((x) => x.name === 'fair')?.verdict).toBe('holds');
    const c = await run('check', join(d, 'idle.uffd'), '--no-deadlock');
    expect(c.code).toBe(1);
    expect(c.out).toContain('Error: the spec does not refine fair: a fair behaviour (a lasso of 0 steps) breaks the fairness of fair.');
    expect(c.out).toContain('    0: c = 0  <- the cycle starts here');
    expect(c.out).toMatch(/refinement fair \(its fairness\)\s+violated/);
    const lkml = await run('check', join(d, 'idle.uffd'), '--no-deadlock', '--format', 'lkml');
    expect(lkml.out).toContain("The behaviour stops at state 0 and stutters forever: the mapped\n  behaviour keeps fair's inc");
    const html = await run('check', join(d, 'idle.uffd'), '--no-deadlock', '--format', 'html');
    expect(html.out).toContain('Breaks the fairness of fair');
  });

  it('a terminal state stutters forever: go is fair, so the lasso takes it, then stops at d = 1 where c = 0 still enables inc', () => {
    const r = check(load(join(d, 'terminal.uffd')), { deadlock: false });
    const { v, actions, loopStart } = lasso(r);
    expect(actions).toEqual([null, 'go']);
    expect(series(v.trace, 'd')).toEqual(['0', '1']);
    expect(loopStart).toBe(1);
    if (v.kind !== 'refinement') return;
    expect(v.fairness).toMatch(/^The behaviour stops at state 1 and stutters forever: .* fair's weak\(inc\) is violated\.$/);
    expect(series(v.abstract, 'c')).toEqual(['0', '0']);
  });

  it('weak vs strong: done is enabled at a = 1 only, the fair cycle 0 -> 1 -> 0 never takes it', () => {
    // weak(done): never continuously enabled on a fair behaviour (weak(down) leaves 1), so it holds
    const weak = check(load(join(d, 'cycle-weak.uffd')), { deadlock: false });
    expect(weak.outcome).toBe('ok');
    expect(fairness(weak, 'ud')?.verdict).toBe('holds');
    // strong(done): enabled again and again, never taken; the cycle up, down from the initial state
    const strong = check(load(join(d, 'cycle-strong.uffd')), { deadlock: false });
    const { v, actions, loopStart } = lasso(strong);
    expect(actions).toEqual([null, 'up', 'down']);
    expect(series(v.trace, 'a')).toEqual(['0', '1', '0']);
    expect(loopStart).toBe(0);
    if (v.kind !== 'refinement') return;
    expect(v.fairness).toBe("The cycle from state 0 repeats forever: the mapped behaviour enables ud's done again and again but never takes it: ud's strong(done) is violated.");
  });

  it('weak: a cycle that keeps done enabled at every state; concrete fairness (weak(flip)) makes it take flip', () => {
    const r = check(load(join(d, 'flipper.uffd')), { deadlock: false });
    const { v, actions, loopStart } = lasso(r);
    expect(actions).toEqual([null, 'flip', 'flip']);
    expect(loopStart).toBe(0);
    if (v.kind !== 'refinement') return;
    expect(v.fairness).toBe("The cycle from state 0 repeats forever: the mapped behaviour keeps fl's done enabled forever but never takes it: fl's weak(done) is violated.");
  });

  it('targets: an argument read from the mapped state, a union; JSON gives the mapped lasso', async () => {
    const SEL = (f: string) => `spec sel\nconst P = {p1, p2}\nvar turn: P\nvar done: set<P>\ninit { turn in P }\naction serve(p: P) when p notin done { done = done union {p} }\nfairness ${f}\n`;
    // this spec serves p2 only (fairly), then stops: state 0 (done = {}) -> 1 (done = {p2}), stuttering there
    const C = (m: string) => `const P = {p1, p2}\nvar done: set<P>\naction serveTwo when p2 notin done { done = done union {p2} }\nfairness weak(serveTwo)\nrefines "sel.uffd" with {${m}}\n`;
    const e = dir({ 'sel.uffd': SEL('weak(serve(turn))'), 'uni.uffd': SEL('weak(serve(p1) | serve(p2))'), 'c1.uffd': C('turn = p1'), 'c2.uffd': C('turn = p2'), 'cu.uffd': C('turn = p1').replace('sel.uffd', 'uni.uffd') });
    // turn = p2: serve(turn) is serve(p2), taken by the first step, then disabled
    expect(fairness(check(load(join(e, 'c2.uffd')), { deadlock: false }), 'sel')?.verdict).toBe('holds');
    // turn = p1: serve(p1) stays enabled and is never taken; stuttering at state 0 is not fair (serveTwo)
    for (const f of ['c1.uffd', 'cu.uffd']) {
      const { v, actions, loopStart } = lasso(check(load(join(e, f)), { deadlock: false }));
      expect(actions).toEqual([null, 'serveTwo']);
      expect(loopStart).toBe(1);
      if (v.kind !== 'refinement') return;
      expect(v.fairness).toContain(f === 'c1.uffd' ? "sel's weak(serve(turn)) is violated" : "sel's weak(serve(p1) | serve(p2)) is violated");
    }
    const j = await run('check', join(e, 'c1.uffd'), '--no-deadlock', '--format', 'json');
    expect(j.code).toBe(1);
    const abs = JSON.parse(j.out).violation.abstract;
    expect(abs.loopStart).toBe(1);
    expect(abs.states.map((x: { turn: unknown }) => x.turn)).toEqual(['p1', 'p1']);
    expect(abs.fairness).toMatch(/^The behaviour stops at state 1 and stutters forever/);
  });

  it('an evaluation error of the abstract spec first met by the fairness check (at a terminal state) is one of this check, exit 1', async () => {
    // the search fires the abstract actions at c = 0 only (the one step); inc's assert fails at c = 1
    const e = dir({ 'ab.uffd': 'spec ab\nvar c: 0..1\naction inc { assert c == 0, "boom"; c = 1 }\nfairness weak(inc)\n', 'c.uffd': 'var c: 0..1\naction go when c == 0 { c = 1 }\nfairness weak(go)\nrefines "ab.uffd"\n' });
    const r = await run('check', join(e, 'c.uffd'), '--no-deadlock');
    expect(r.code).toBe(1);
    expect(r.out).toContain(`Error: ${join(e, 'ab.uffd')}:3:14: evaluation error: in the abstract spec ab: assertion failed: boom`);
  });
});
