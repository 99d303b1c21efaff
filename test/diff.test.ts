// uffd-spec diff: the structural diff on the IR, the verdict diff, the
// behaviour diff over shared variables and the command line.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileSource, loadSpecFile } from '../dsl/index.js';
import type { Spec } from '../dsl/ir.js';
import { diffSpecs, hunks, lineDiff, type Change } from '../checker/diff/structure.js';
import { renderStructural } from '../counterexamples/diff-structure.js';
import { effectLine } from '../counterexamples/diff-effects.js';
import { foldSpec } from '../dsl/fold.js';
import { behaviourDiff, findExtraBehaviour } from '../checker/diff/behaviours.js';
import { settleVerdicts } from '../checker/diff/verdicts.js';
import { run } from './run-cli.js';

const FIX = 'test/fixtures/diff';

function load(path: string): Spec {
  const r = loadSpecFile(path);
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return r.spec;
}

function compile(text: string): Spec {
  const r = compileSource(text, 'x.uffd');
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.line}:${d.col} ${d.message}`).join('\n'));
  return r.spec;
}

// A spec touching every kind of declaration; each edit below changes one.
const BASE = `
spec base
const N = 2
const CHECK = true
const THREADS = {t1, t2}
enum Pte { MISSING, DATA }
type Page = 1..N
var pp: [Page -> Pte]
var lk: rwsem
var n: 0..3
init { pp[1] = MISSING }
action fill(i: Page) when pp[i] == MISSING && CHECK {
  let old = pp[i]
  pp[i] = DATA
  n = if n < 3 then n + 1 else n
}
process worker(t: THREADS) {
  lock:   down_write(lk)
  work:   with i in Page { pp[i] = DATA }
  unlock: up_write(lk)
}
invariant Bounded: n <= 3
constraint Small: n < 3
property Done: <>(forall t in THREADS: worker[t].done)
fairness weak(worker)
`;

function edit(from: string, to: string): Spec {
  if (!BASE.includes(from)) throw new Error(`edit: '${from}' not in BASE`);
  return compile(BASE.replace(from, to));
}

function only(changes: readonly Change[]): Change {
  expect(changes.map((c) => `${c.section} ${c.name} ${c.kind}`)).toHaveLength(1);
  return changes[0];
}

describe('structural diff', () => {
  it('a reformatted and reordered copy has no diff', () => {
    expect(diffSpecs(load(`${FIX}/lock_v2.uffd`), load(`${FIX}/lock_v2_reformatted.uffd`)).changes).toEqual([]);
    const shuffled = `
      // the same declarations in another order, one line each
      spec other_name
      fairness weak(worker)
      property Done: <>(forall t in THREADS: worker[t].done)
      constraint Small: n < 3
      invariant Bounded: (n <= 3)
      process worker(t: THREADS) { lock: down_write(lk); work: with i in Page { pp[i] = DATA }; unlock: up_write(lk) }
      action fill(i: Page) when (pp[i] = MISSING) /\\ CHECK { let old = pp[i]; pp[i] = DATA; n = if n < 3 then n + 1 else n }
      init { pp[1] = MISSING }
      var n: 0..3
      var lk: rwsem
      var pp: [Page -> Pte]
      const N = 2
      type Page = 1..N
      enum Pte { MISSING, DATA }
      const CHECK = true
      const THREADS = {t1, t2}
    `;
    expect(diffSpecs(compile(BASE), compile(shuffled)).changes).toEqual([]);
  });

  it('locals are compared by name, not by slot', () => {
    const a = compile(BASE);
    const renumber = (x: unknown): unknown => {
      if (Array.isArray(x)) return x.map(renumber);
      if (x && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, k === 'slot' && typeof v === 'number' ? v + 7 : renumber(v)]));
      return x;
    };
    expect(diffSpecs(a, renumber(a) as Spec).changes).toEqual([]);
  });

  it('constants: value changed, added, removed', () => {
    const c = only(diffSpecs(compile(BASE), edit('const CHECK = true', 'const CHECK = false')).changes.filter((x) => x.section === 'constant'));
    expect(c).toMatchObject({ section: 'constant', name: 'CHECK', kind: 'changed', parts: [{ what: 'value', before: ['true'], after: ['false'] }] });
    const added = diffSpecs(compile(BASE), edit('const N = 2', 'const N = 2\nconst EXTRA = 5')).changes;
    expect(only(added)).toMatchObject({ section: 'constant', name: 'EXTRA', kind: 'added' });
    const removed = diffSpecs(edit('const N = 2', 'const N = 2\nconst EXTRA = 5'), compile(BASE)).changes;
    expect(only(removed)).toMatchObject({ section: 'constant', name: 'EXTRA', kind: 'removed' });
  });

  it('the folded constant also shows where it is used', () => {
    const ch = diffSpecs(compile(BASE), edit('const CHECK = true', 'const CHECK = false')).changes;
    expect(ch.find((x) => x.section === 'action' && x.name === 'fill')?.parts[0]).toMatchObject({ what: 'guard', before: ['pp[i] == MISSING && true'], after: ['pp[i] == MISSING && false'] });
  });

  it('variables: added, removed, domain changed; enums', () => {
    expect(only(diffSpecs(compile(BASE), edit('var n: 0..3', 'var n: 0..3\nvar flag: bool')).changes)).toMatchObject({ section: 'variable', name: 'flag', kind: 'added', parts: [{ what: 'type', after: ['bool'] }] });
    expect(only(diffSpecs(edit('var n: 0..3', 'var n: 0..3\nvar flag: bool'), compile(BASE)).changes)).toMatchObject({ section: 'variable', name: 'flag', kind: 'removed', parts: [{ what: 'type', before: ['bool'] }] });
    expect(only(diffSpecs(compile(BASE), edit('var lk: rwsem', 'var lk: rwsem<2>')).changes)).toMatchObject({ section: 'variable', name: 'lk', kind: 'changed', parts: [{ what: 'type', before: ['rwsem<4>'], after: ['rwsem<2>'] }] });
    const e = diffSpecs(compile(BASE), edit('enum Pte { MISSING, DATA }', 'enum Pte { MISSING, DATA, ZERO }')).changes;
    expect(only(e)).toMatchObject({ section: 'enum', name: 'Pte', kind: 'changed', parts: [{ before: ['{ MISSING, DATA }'], after: ['{ MISSING, DATA, ZERO }'] }] });
  });

  it('actions: guard changed, effect changed (only the changed lines), added, removed', () => {
    const g = only(diffSpecs(compile(BASE), edit('when pp[i] == MISSING && CHECK', 'when pp[i] == MISSING')).changes);
    expect(g).toMatchObject({ section: 'action', name: 'fill', kind: 'changed', parts: [{ what: 'guard', before: ['pp[i] == MISSING && true'], after: ['pp[i] == MISSING'] }] });
    const e = only(diffSpecs(compile(BASE), edit('pp[i] = DATA\n  n =', 'pp[i] = MISSING\n  n =')).changes);
    expect(e.parts).toHaveLength(1);
    expect(e.parts[0].what).toBe('effect');
    expect(e.parts[0].hunks).toEqual([
      { tag: ' ', text: 'let old = pp[i]' },
      { tag: '-', text: 'pp[i] = DATA' },
      { tag: '+', text: 'pp[i] = MISSING' },
      { tag: ' ', text: 'n = if n < 3 then n + 1 else n' },
    ]);
    const added = diffSpecs(compile(BASE), edit('invariant Bounded', 'action reset when n == 3 { n = 0 }\ninvariant Bounded')).changes;
    expect(only(added)).toMatchObject({ section: 'action', name: 'reset', kind: 'added', parts: [{ what: 'params' }, { what: 'guard', after: ['n == 3'] }, { what: 'effect', after: ['n = 0'] }] });
    const removed = diffSpecs(edit('invariant Bounded', 'action reset when n == 3 { n = 0 }\ninvariant Bounded'), compile(BASE)).changes;
    expect(only(removed)).toMatchObject({ section: 'action', name: 'reset', kind: 'removed' });
    // a type alias is resolved: naming the range itself is no change
    expect(diffSpecs(compile(BASE), edit('action fill(i: Page)', 'action fill(i: 1..N)')).changes).toEqual([]);
    const params = only(diffSpecs(compile(BASE), edit('action fill(i: Page)', 'action fill(i: 1..1)')).changes);
    expect(params.parts[0]).toEqual({ what: 'params', before: ['(i: 1..2)'], after: ['(i: 1..1)'] });
  });

  it('process steps: effect changed, step added (labels change)', () => {
    const e = only(diffSpecs(compile(BASE), edit('unlock: up_write(lk)', 'unlock: up_write(lk); n = 0')).changes);
    expect(e).toMatchObject({ section: 'step', name: 'worker.unlock', kind: 'changed' });
    expect(e.parts[0].hunks?.filter((h) => h.tag === '+')).toEqual([{ tag: '+', text: 'n = 0' }]);
    const added = diffSpecs(compile(BASE), edit('unlock: up_write(lk)', 'unlock: up_write(lk)\n  rest: skip')).changes;
    expect(added.map((c) => `${c.section} ${c.name} ${c.kind}`)).toEqual(['process worker changed', 'step worker.unlock changed', 'step worker.rest added']);
    expect(added[0].parts).toEqual([{ what: 'labels', before: ['lock -> work -> unlock'], after: ['lock -> work -> unlock -> rest'] }]);
  });

  it('invariants, constraints, properties, fairness', () => {
    expect(only(diffSpecs(compile(BASE), edit('invariant Bounded: n <= 3', 'invariant Bounded: n <= 2')).changes)).toMatchObject({ section: 'invariant', name: 'Bounded', kind: 'changed', parts: [{ before: ['n <= 3'], after: ['n <= 2'] }] });
    expect(only(diffSpecs(compile(BASE), edit('constraint Small: n < 3', 'constraint Small: n < 2')).changes)).toMatchObject({ section: 'constraint', name: 'Small', kind: 'changed' });
    expect(only(diffSpecs(compile(BASE), edit('property Done: <>', 'property Done: []<>')).changes)).toMatchObject({ section: 'property', name: 'Done', kind: 'changed', parts: [{ before: ['<>(forall t in THREADS: worker.pc[t] == done)'], after: ['[]<>(forall t in THREADS: worker.pc[t] == done)'] }] });
    const f = diffSpecs(compile(BASE), edit('fairness weak(worker)', 'fairness strong(worker)')).changes;
    expect(f.map((c) => `${c.section} ${c.name} ${c.kind}`)).toEqual(['fairness strong(worker) added', 'fairness weak(worker) removed']);
  });

  it('renders within 72 columns', () => {
    const long = edit('n = if n < 3 then n + 1 else n', 'n = if n < 3 && pp[1] == DATA && pp[2] == DATA && lk == 0 && CHECK then n + 1 else if n < 2 then n + 1 else n');
    const lines = renderStructural(diffSpecs(compile(BASE), long));
    expect(lines.length).toBeGreaterThan(2);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(72);
  });

  it('line diff and hunks', () => {
    const d = lineDiff(['a', 'b', 'c', 'd', 'e', 'f'], ['a', 'b', 'x', 'd', 'e', 'f']);
    expect(hunks(d)).toEqual([{ tag: ' ', text: 'b' }, { tag: '-', text: 'c' }, { tag: '+', text: 'x' }, { tag: ' ', text: 'd' }]);
  });
});

describe('verdict diff', () => {
  it('settles every invariant, not only the first violated one', () => {
    const s = compile(`
      var x: 0..3
      action inc when x < 3 { x += 1 }
      invariant A: x < 2
      invariant B: x < 3
      invariant C: x <= 3
    `);
    const v = settleVerdicts(s, { deadlock: false });
    expect(Object.fromEntries([...v.rows].map(([k, r]) => [k, r.cell]))).toEqual({
      A: { verdict: 'violated', steps: 2 }, B: { verdict: 'violated', steps: 3 }, C: { verdict: 'holds' },
    });
    expect(v.complete).toBe(true);
    expect(v.distinct).toBe(4);
  });

  it('flags a flip on top, with the counterexample length', async () => {
    const r = await run('diff', `${FIX}/lock_v1.uffd`, `${FIX}/lock_v2.uffd`, '--no-behaviour');
    expect(r.code).toBe(1);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe('== lock_v1 -> lock_v2');
    const at = lines.indexOf('Verdict changes:');
    expect(at).toBeGreaterThan(0);
    expect(at).toBeLessThan(3);
    expect(lines[at + 1]).toBe('  Mutex: violated in lock_v1 (2 steps), holds in lock_v2');
    expect(r.out).toMatch(/Mutex\s+violated \(2 steps\)\s+holds/);
    expect(r.out).toMatch(/distinct states\s+6\s+3/);
  });
});

describe('behaviour diff', () => {
  it('two specs that differ by one guard: a witness one way, none the other', () => {
    const d = behaviourDiff(load(`${FIX}/lock_v1.uffd`), load(`${FIX}/lock_v2.uffd`));
    expect(d.vars.shared).toEqual(['lk', 'cs']);
    expect(d.newNotOld).toMatchObject({ witness: null, complete: true });
    const w = d.oldNotNew.witness!;
    expect(w.steps.map((s) => s.action?.name ?? 'init')).toEqual(['init', 'enter', 'enter']);
    expect(d.oldNotNew.witnessVars).toEqual(['cs']);
  });

  it('steps on variables the other spec lacks are invisible (stuttering)', () => {
    const d = behaviourDiff(load(`${FIX}/lock_v2.uffd`), load(`${FIX}/lock_v3.uffd`));
    expect(d.vars.onlyA).toEqual(['entries']);
    expect(d.newNotOld).toMatchObject({ witness: null, complete: true });
    expect(d.oldNotNew).toMatchObject({ witness: null, complete: true });
  });

  it('the old spec may take invisible steps before a visible one', () => {
    const two = compile(`var x: 0..2\nvar h: bool\naction hide when !h && x == 0 { h = true }\naction go when h && x == 0 { x = 2 }`);
    const one = compile(`var x: 0..2\naction go when x == 0 { x = 2 }`);
    expect(findExtraBehaviour(one, two, ['x'])).toMatchObject({ witness: null, complete: true });
    expect(findExtraBehaviour(two, one, ['x'])).toMatchObject({ witness: null, complete: true });
    const other = compile(`var x: 0..2\naction go when x == 0 { x = 1 }`);
    const w = findExtraBehaviour(other, one, ['x']);
    expect(w.witness?.steps).toHaveLength(2);
  });

  it('a different initial state is a witness of length 0', () => {
    const a = compile('var x: 0..2\ninit { x = 1 }');
    const b = compile('var x: 0..2');
    expect(findExtraBehaviour(a, b, ['x']).witness?.steps).toHaveLength(1);
  });

  it('OLD is nondeterministic: the set of OLD states follows both branches', () => {
    // OLD picks a hidden h on its first step and only later shows which; NEW
    // decides at the second step. No single OLD run simulates NEW, the set does.
    const old = compile(`var x: 0..3\nvar h: 0..2
      action a1 when x == 0 { x = 1; h = 1 }
      action a2 when x == 0 { x = 1; h = 2 }
      action b when x == 1 && h == 1 { x = 2 }
      action c when x == 1 && h == 2 { x = 3 }`);
    const late = compile(`var x: 0..3\naction a when x == 0 { x = 1 }\naction b when x == 1 { x = 2 }\naction c when x == 1 { x = 3 }`);
    expect(findExtraBehaviour(late, old, ['x'])).toMatchObject({ witness: null, complete: true, pairs: 4 });
    expect(findExtraBehaviour(old, late, ['x'])).toMatchObject({ witness: null, complete: true });
    const back = compile(`var x: 0..3\naction a when x == 0 { x = 1 }\naction b when x == 1 { x = 2 }\naction z when x == 2 { x = 0 }`);
    const w = findExtraBehaviour(back, old, ['x']);
    expect(w.witness?.steps.map((st) => st.action?.name ?? 'init')).toEqual(['init', 'a', 'b', 'z']);
    expect(w.witnessVars).toEqual(['x']);
    expect(w.pairs).toBe(3);
  });

  it('OLD may take a chain of invisible steps, on either branch, before a visible one', () => {
    const old = compile(`var x: 0..2\nvar h: 0..3
      action hide when x == 0 && h < 3 { h += 1 }
      action go when x == 0 && h == 3 { x = 2 }
      action one when x == 0 && h == 1 { x = 1 }`);
    const both = compile(`var x: 0..2\naction go when x == 0 { x = 2 }\naction one when x == 0 { x = 1 }`);
    expect(findExtraBehaviour(both, old, ['x'])).toMatchObject({ witness: null, complete: true });
    // NEW's own invisible steps are matched by OLD staying put
    const slow = compile(`var x: 0..2\nvar k: 0..5\naction tick when k < 5 { k += 1 }\naction go when x == 0 && k == 5 { x = 2 }\naction back when x == 2 { x = 0 }`);
    const r = findExtraBehaviour(slow, old, ['x']);
    expect(r.witness?.steps.map((st) => st.action?.name ?? 'init')).toEqual(['init', 'tick', 'tick', 'tick', 'tick', 'tick', 'go', 'back']);
    expect(r.witnessVars).toEqual(['x']);
  });

  it('the witness is a shortest one and the search is deterministic', () => {
    const a = compile('var x: 0..9\naction inc when x < 9 { x += 1 }\naction jump when x == 0 { x = 5 }');
    const b = compile('var x: 0..9\naction inc when x < 9 && x != 6 { x += 1 }');
    const first = findExtraBehaviour(a, b, ['x']);
    expect(first.witness?.steps.map((st) => st.action?.name ?? 'init')).toEqual(['init', 'jump']);
    const again = findExtraBehaviour(a, b, ['x']);
    expect(again.pairs).toBe(first.pairs);
    expect(again.witness?.steps.map((st) => [...st.state])).toEqual(first.witness?.steps.map((st) => [...st.state]));
    const c = compile('var x: 0..9\naction inc when x < 9 { x += 1 }');
    expect(findExtraBehaviour(c, b, ['x']).witness?.steps).toHaveLength(8); // 0 .. 6 then 7
  });

  it('says when the answer is incomplete', () => {
    const a = compile('var x: 0..9\naction inc when x < 9 { x += 1 }');
    const r = findExtraBehaviour(a, a, ['x'], { maxPairs: 3 });
    expect(r).toMatchObject({ witness: null, complete: false });
    expect(r.note).toMatch(/stopped after 3 pairs/);
  });
});

describe('uffd-spec diff', () => {
  it('exit 0 and no differences for a reformatted copy', async () => {
    const r = await run('diff', `${FIX}/lock_v2.uffd`, `${FIX}/lock_v2_reformatted.uffd`);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Structure: no differences.');
    expect(r.out).toContain('Result: no differences.');
  });

  it('exit 1, the witness as a text trace, 72 columns', async () => {
    const r = await run('diff', `${FIX}/lock_v1.uffd`, `${FIX}/lock_v2.uffd`);
    expect(r.code).toBe(1);
    expect(r.out).toContain('lock_v1 allows a behaviour lock_v2 does not (2 steps)');
    expect(r.out).toContain('State 2: enter(t=2)');
    expect(r.out).toContain('lock_v2 allows no behaviour that lock_v1 does not');
    for (const l of r.out.split('\n')) expect(l.length).toBeLessThanOrEqual(72);
  });

  it('a series: the step-by-step table', async () => {
    const r = await run('diff', `${FIX}/lock_v1.uffd`, `${FIX}/lock_v2.uffd`, `${FIX}/lock_v3.uffd`);
    expect(r.code).toBe(1);
    expect(r.out).toContain('== Series: lock_v1 -> lock_v2 -> lock_v3');
    expect(r.out).toMatch(/lock_v1 -> lock_v2\s+1\s+1\s+no\s+yes \(2\)/);
    expect(r.out).toMatch(/lock_v2 -> lock_v3\s+3\s+1\s+no\s+no/);
    expect(r.out).toMatch(/Mutex\s+X\(2\)\s+ok\*\s+ok$/m);
    expect(r.out).toMatch(/Counted\s+-\s+-\s+ok\*$/m);
    // the table comes first, before the pairwise details
    expect(r.out.indexOf('Verdicts by version')).toBe(0);
    expect(r.out.indexOf('Verdicts by version')).toBeLessThan(r.out.indexOf('== lock_v1 -> lock_v2'));
  });

  it('a series with --scenario: each scenario checked in every version, as rows of the table', async () => {
    const r = await run('diff', `${FIX}/lock_v1.uffd`, `${FIX}/lock_v2.uffd`, `${FIX}/lock_v3.uffd`, '--scenario', 'n3:N=3', '--no-behaviour');
    expect(r.code).toBe(1);
    const table = r.out.slice(0, r.out.indexOf('== lock_v1'));
    expect(table).toContain(' scenario n3 (N=3):');
    // N=3 gives more states: the scenario's own searches, not the default's
    expect(table).toMatch(/distinct states\s+6\s+3\s+10\n scenario n3 \(N=3\):\n {2}Mutex\s+X\(2\)\s+ok\*\s+ok\n(.*\n){2} {2}distinct states\s+14\s+4\s+13/);
    const j = JSON.parse((await run('diff', `${FIX}/lock_v1.uffd`, `${FIX}/lock_v2.uffd`, '--scenario', 'n3:N=3', '--no-behaviour', '--format', 'json')).out);
    expect(j.scenarios[0].name).toBe('n3');
    expect(j.scenarios[0].versions[0].distinct).toBe(14);
    expect((await run('diff', `${FIX}/lock_v1.uffd`, `${FIX}/lock_v2.uffd`, '--scenario', 'N=3')).code).toBe(2);
    expect((await run('diff', `${FIX}/lock_v1.uffd`, `${FIX}/lock_v2.uffd`, '--scenario', 'x:NOPE=3')).code).toBe(2);
  });

  it('two versions: no series table (the pair shows its own)', async () => {
    const r = await run('diff', `${FIX}/lock_v1.uffd`, `${FIX}/lock_v2.uffd`);
    expect(r.out).not.toContain('Verdicts by version');
  });

  it('--format json', async () => {
    const r = await run('diff', `${FIX}/lock_v1.uffd`, `${FIX}/lock_v2.uffd`, '--format', 'json');
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out);
    expect(j.format).toBe('uffd-spec-diff');
    // the folded diff says what the action does differently; its doc is prose, not a kernel function
    expect(j.folded).toBe(true);
    expect(j.pairs[0].structural).toEqual([{ section: 'action', name: 'enter', kind: 'changed', parts: [{ what: 'guard', before: ['t notin cs'], after: ['t notin cs && lk == 0'] }], effects: [{ kind: 'await', what: 'lk == 0', before: [], after: [''], text: 'now waits for lk == 0' }] }]);
    const raw = JSON.parse((await run('diff', `${FIX}/lock_v1.uffd`, `${FIX}/lock_v2.uffd`, '--format', 'json', '--raw', '--no-verdicts', '--no-behaviour')).out);
    expect(raw.folded).toBe(false);
    expect(raw.pairs[0].structural).toEqual([{ section: 'action', name: 'enter', kind: 'changed', parts: [{ what: 'guard', before: ['t notin cs'], after: ['t notin cs && lk == 0'] }] }]);
    expect(j.pairs[0].flips).toEqual([{ name: 'Mutex', old: { verdict: 'violated', steps: 2 }, new: { verdict: 'holds' } }]);
    expect(j.pairs[0].behaviour.oldNotNew.witness.steps).toBe(2);
    expect(j.pairs[0].behaviour.newNotOld.found).toBe(false);
    expect(j.versions[0].verdicts.properties.Mutex).toEqual({ kind: 'invariant', verdict: 'violated', steps: 2 });
  });

  it('--const applies to every version', async () => {
    const r = await run('diff', `${FIX}/lock_v2.uffd`, `${FIX}/lock_v2_reformatted.uffd`, '--const', 'N=3');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Constants set in every version: N=3');
    expect(r.out).toMatch(/distinct states\s+4\s+4/);
  });

  it('exit 2: one file, a missing file, a broken spec with file:line:col', async () => {
    expect((await run('diff', `${FIX}/lock_v1.uffd`)).code).toBe(2);
    const missing = await run('diff', `${FIX}/lock_v1.uffd`, `${FIX}/nope.uffd`);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('nope.uffd:1:1: error: cannot read spec file');
    const bad = await run('diff', `${FIX}/lock_v1.uffd`, `${FIX}/broken.uffd`);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/broken\.uffd:\d+:\d+: error/);
    expect((await run('diff', `${FIX}/lock_v1.uffd`, `${FIX}/lock_v2.uffd`, '--const', 'NOPE=1')).code).toBe(2);
  });
});

describe.runIf(existsSync('specs/versions/v1.uffd') && existsSync('specs/versions/v2.uffd'))('the mmap_changing series (behaviours)', () => {
  it('v1 -> v2 on anonymous memory (default scenario): no behaviour in one that the other lacks', () => {
    const d = behaviourDiff(load('specs/versions/v1.uffd'), load('specs/versions/v2.uffd'));
    expect(d.newNotOld).toMatchObject({ complete: true, pairs: 91712 });
    expect(d.newNotOld.witness).toBeNull();
    expect(d.oldNotNew).toMatchObject({ complete: true, pairs: 91712 });
    expect(d.oldNotNew.witness).toBeNull();
  }, 60_000);

  // RECHECK only matters on the hugetlb path since issue 14 (docs/specs.md, point 4a)
  it('v1 -> v2: the same 11-step interleaving in both directions (HUGETLB)', () => {
    const huge = (p: string) => {
      const r = loadSpecFile(p, { consts: { HUGETLB: 'true' } });
      if (!r.ok) throw new Error(r.diagnostics.map((x) => x.message).join('\n'));
      return r.spec;
    };
    const d = behaviourDiff(huge('specs/versions/v1.uffd'), huge('specs/versions/v2.uffd'));
    expect(d.vars.shared).toHaveLength(42);
    const names = (inc: typeof d.newNotOld) => inc.witness?.steps.map((st) => st.action?.name ?? 'init');
    const prefix = ['init', 'fork.lock', 'monitor.idle', 'monitor.c0', 'monitor.c1', 'monitor.c3', 'monitor.c5', 'fork.prep', 'fork.copy', 'fork.unlock', 'monitor.c1', 'monitor.c3'];
    expect(names(d.newNotOld)).toEqual(prefix);
    expect(d.newNotOld).toMatchObject({ complete: true, pairs: 4803, witnessVars: ['vl', 'res', 'monitor.pc'] });
    expect(names(d.oldNotNew)).toEqual(prefix);
    expect(d.oldNotNew).toMatchObject({ complete: true, pairs: 4803, witnessVars: ['map_changing_lock', 'monitor.pc'] });
  }, 60_000);
});

describe.runIf(existsSync('specs/versions/v1.uffd') && existsSync('specs/versions/v2.uffd'))('the mmap_changing series (structure only)', () => {
  it('v1 -> v2 is the re-check on the retry path', () => {
    const d = diffSpecs(load('specs/versions/v1.uffd'), load('specs/versions/v2.uffd'));
    expect(d.changes.map((c) => `${c.section} ${c.name} ${c.kind}`)).toEqual(['constant RECHECK changed', 'step monitor.c3 changed']);
  });
});

// The default structure diff compares the folded specs (dsl/fold.ts) and says
// what each changed step does differently; --raw is the diff of the specs as
// loaded, constants as literals.
describe('the folded structure diff', () => {
  const steps = (a: Spec, b: Spec) => diffSpecs(foldSpec(a), foldSpec(b), { effects: true }).changes;
  const lines = (c: Change) => (c.effects ?? []).map(effectLine);

  it('a lock taken, a lock no longer taken, always instead of on one branch', () => {
    const v = (n: number) => compile(`spec t
const V = ${n}
var mm: rwsem
var vl: rwsem
var how: 0..2
process p {
  // mfill_atomic(): the per-VMA lock, or mmap_read_lock()
  c1: if V == 1 { either { down_read(vl); how = 1 } or { down_read(mm); how = 2 } } else { down_read(vl); how = 1 }
      if how == 2 { up_read(mm) } else { up_read(vl) }
}`);
    const c = only(steps(v(1), v(2)).filter((x) => x.section === 'step'));
    expect(c).toMatchObject({ name: 'p.c1', doc: 'mfill_atomic(): the per-VMA lock, or mmap_read_lock()' });
    expect(lines(c)).toEqual([
      'no longer takes mm for read (was: in an either branch)',
      'now always takes vl for read (was: in an either branch)',
      'no longer sets how = 2 (was: in an either branch)',
      'now always sets how = 1 (was: in an either branch)',
    ]);
    // raw: the constant's literal at its use, no summary
    const raw = only(diffSpecs(v(1), v(2)).changes.filter((x) => x.section === 'step'));
    expect(raw.parts[0].hunks!.map((h) => `${h.tag} ${h.text}`)).toContain('- if 1 == 1 {');
    expect(raw.effects).toBeUndefined();
  });

  it('writes, queues, awaits, a value replaced, a branch condition replaced (one line, not one per statement under it)', () => {
    const v = (n: number) => compile(`spec t
const V = ${n}
var lk: rwsem
var q: queue<0..3, 2>
var x: 0..3
process p {
  a: if V == 1 { down_write(lk) } else { enqueue(q, 1) }
     await V == 1 || x > 0
     x = V
     if V == 1 { up_write(lk) } else { skip }
     if V == 1 { if x > 0 { x = 0; goto b } else { skip } } else { if x > 1 { x = 0; goto b } else { skip } }
  b: skip
}`);
    const c = only(steps(v(1), v(2)).filter((x) => x.section === 'step'));
    expect(lines(c)).toEqual([
      'no longer takes lk for write',
      'no longer releases lk (write)',
      'now enqueues 1 on q',
      'now waits for x > 0',
      'now branches on x > 1 (was: x > 0)',
      'now sets x = 2 (was: x = 1)',
    ]);
  });

  it('a change the folding decides away is no change', () => {
    const v = (n: number) => compile(`spec t
const V = ${n}
var x: 0..3
action a { if V > 0 { x = 1 } else { x = 2 } }`);
    expect(diffSpecs(v(1), v(2)).changes.map((c) => `${c.section} ${c.name}`)).toEqual(['constant V', 'action a']);
    expect(steps(v(1), v(2)).map((c) => `${c.section} ${c.name}`)).toEqual(['constant V']);
  });
});

describe.runIf(existsSync('specs/versions/v2.uffd') && existsSync('specs/versions/v7.uffd'))('the mmap_changing series, folded', () => {
  it('v2 -> v7: not `if 1 == 0` / `if 2 == 0` but the lock c1 no longer takes, under its kernel function', async () => {
    const r = await run('diff', 'specs/versions/v2.uffd', 'specs/versions/v7.uffd', '--no-verdicts', '--no-behaviour');
    expect(r.code).toBe(1);
    expect(r.out).not.toMatch(/if [12] == [01]/);
    expect(r.out).toContain([
      '  step monitor.c1 (mfill_atomic()): effect changed',
      '    no longer takes mmap_lock for read (was: in an either branch)',
      '    now always takes vl[page[m]] for read (was: in an either branch)',
    ].join('\n'));
    for (const l of r.out.split('\n')) expect(l.length).toBeLessThanOrEqual(72);
    const raw = await run('diff', 'specs/versions/v2.uffd', 'specs/versions/v7.uffd', '--no-verdicts', '--no-behaviour', '--raw');
    expect(raw.out).toContain('    - if 1 == 0 {\n    + if 2 == 0 {');
    expect(raw.out).not.toContain('no longer takes');
  });

  it('v1 -> v2: the re-check is on the hugetlb retry path only, so with HUGETLB=false it folds away', async () => {
    const anon = await run('diff', 'specs/versions/v1.uffd', 'specs/versions/v2.uffd', '--no-verdicts', '--no-behaviour');
    expect(anon.out).toContain('Structure: 1 change\n  constant RECHECK: false -> true\n');
    const huge = await run('diff', 'specs/versions/v1.uffd', 'specs/versions/v2.uffd', '--no-verdicts', '--no-behaviour', '--const', 'HUGETLB=true');
    expect(huge.out).toContain('  step monitor.c3 (mfill_atomic()): effect changed\n');
    expect(huge.out).toContain('    no longer branches on !retried[m]\n');
  });
});
