// Temporal properties under fairness, on specs whose answers are known by
// hand, and the main spec's "the monitor eventually learns of the fork".
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { check } from '../checker/check.js';
import { compileSource } from '../dsl/index.js';

function run(src: string, file = 'live.uffd') {
  const r = compileSource(src, file);
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.line}:${d.col} ${d.message}`).join('\n'));
  return check(r.spec, { deadlock: false });
}
const verdict = (r: ReturnType<typeof run>, name: string) => r.verdicts.find((v) => v.name === name)?.verdict;

describe('fairness decides progress', () => {
  const once = (fair: string) => `spec once
    var x: 0..1
    action set when x == 0 { x = 1 }
    property Eventually: <>(x == 1)
    ${fair}`;

  it('<>P fails without fairness: the behaviour may stutter in the initial state', () => {
    const r = run(once(''));
    expect(verdict(r, 'Eventually')).toBe('violated');
    const t = r.violation!.trace;
    expect(t.steps).toHaveLength(1);
    expect(t.loopStart).toBe(0); // stutters at state 0 forever
    if (r.violation?.kind === 'property') expect(r.violation.explanation).toMatch(/set stays enabled and is never taken.*weak fairness of set/);
  });

  it('<>P holds with weak fairness of the action', () => {
    expect(verdict(run(once('fairness weak(set)')), 'Eventually')).toBe('holds');
  });

  const flicker = (fair: string) => `spec flicker
    var b: bool
    var done: bool
    action tick when !done { b = !b }
    action go when b && !done { done = true }
    property Done: <>done
    fairness weak(tick)
    ${fair}`;

  it('weak fairness is not enough when the action is only enabled every other state: a two-state lasso', () => {
    const r = run(flicker('fairness weak(go)'));
    expect(verdict(r, 'Done')).toBe('violated');
    const t = r.violation!.trace;
    // b=false -> tick -> b=true -> tick -> back to b=false: cycle of two states from state 0
    expect(t.loopStart).toBe(0);
    expect(t.steps.map((s) => s.action?.name ?? 'init')).toEqual(['init', 'tick', 'tick']);
    if (r.violation?.kind === 'property') expect(r.violation.explanation).toMatch(/go is enabled again and again but never taken.*strong fairness of go/);
  });

  it('strong fairness makes it hold', () => {
    expect(verdict(run(flicker('fairness strong(go)')), 'Done')).toBe('holds');
  });

  it('a terminal state violating <>P is a counterexample even under fairness', () => {
    const r = run(`spec term
      var x: 0..2
      action inc when x < 1 { x += 1 }
      property Two: <>(x == 2)
      fairness weak(inc)`);
    expect(verdict(r, 'Two')).toBe('violated');
    const t = r.violation!.trace;
    expect(t.steps).toHaveLength(2);
    expect(t.loopStart).toBe(1);
    if (r.violation?.kind === 'property') expect(r.violation.explanation).toMatch(/no action is enabled/);
  });

  it('per-instance fairness: each worker must get its turn', () => {
    // work(1) can spin forever; only work(2) finishes. Weak fairness of the
    // action as a whole is satisfied by work(1) alone; per instance it is not.
    const spec = (fair: string) => `spec workers
      type W = 1..2
      var done: bool
      var spins: 0..1
      action work(w: W) when !done { if w == 2 { done = true } else { spins = 1 - spins } }
      property Done: <>done
      ${fair}`;
    const whole = run(spec('fairness weak(work)'));
    expect(verdict(whole, 'Done')).toBe('violated');
    if (whole.violation?.kind === 'property') expect(whole.violation.explanation).toMatch(/work\(w=2\) stays enabled/);
    expect(verdict(run(spec('fairness forall w in W: weak(work(w))')), 'Done')).toBe('holds');
  });
});

describe('temporal operators', () => {
  const cyc = `spec cyc
    var x: 0..2
    action next { x = (x + 1) % 3 }
    fairness weak(next)`;

  it('[]<>P holds on a fair cycle through P, <>[]P does not', () => {
    const r = run(`${cyc}
      property InfOften: []<>(x == 0)
      property Stable: <>[](x == 0)`);
    expect(verdict(r, 'InfOften')).toBe('holds');
    expect(verdict(r, 'Stable')).toBe('violated');
    expect(r.violation!.trace.loopStart).toBe(0);
    expect(r.violation!.trace.steps).toHaveLength(4); // 0 -> 1 -> 2 -> back to 0
  });

  it('P ~> Q and [](P => <>Q) agree, and []P is checked on every state', () => {
    const r = run(`${cyc}
      property L1: x == 1 ~> x == 0
      property L2: [](x == 1 => <>(x == 0))
      property Always: [](x < 3)`);
    expect([verdict(r, 'L1'), verdict(r, 'L2'), verdict(r, 'Always')]).toEqual(['holds', 'holds', 'holds']);
    const bad = run(`spec stuck
      var x: 0..2
      action a when x == 0 { x = 1 }
      property L: x == 1 ~> x == 2
      fairness weak(a)`);
    expect(verdict(bad, 'L')).toBe('violated');
    expect(bad.violation!.trace.steps.map((s) => s.action?.name ?? 'init')).toEqual(['init', 'a']);
  });

  it('warns when the left side of ~> is never reached', () => {
    const r = run(`${cyc}
      property Never: x == 5 ~> x == 0`);
    expect(verdict(r, 'Never')).toBe('holds');
    expect(r.warnings.join('\n')).toMatch(/Never: the left side of ~> never holds/);
  });
});

describe('the mmap_changing spec', () => {
  const text = readFileSync('specs/mmap_changing.uffd', 'utf8');
  it('the monitor learns of the fork with weak fairness of the monitor', () => {
    const r = run(text, 'specs/mmap_changing.uffd');
    expect(verdict(r, 'MonitorLearnsOfFork')).toBe('holds');
  });
  it('and not without it: the fork event may wait forever', () => {
    const unfair = text.replace(/^fairness weak\(monitor[^\n]*$/m, '');
    expect(unfair).not.toBe(text);
    const r = run(unfair, 'specs/mmap_changing.uffd');
    expect(verdict(r, 'MonitorLearnsOfFork')).toBe('violated');
    if (r.violation?.kind === 'property') expect(r.violation.explanation).toMatch(/monitor/);
  });
});

describe('a safety violation of a property is a safety trace', () => {
  const spec = `spec climb
    var x: 0..3
    action up when x < 3 { x += 1 }
    fairness weak(up)`;

  it('[]P: the shortest path to the bad state, no cycle, no fairness sentence', () => {
    const r = run(`${spec}
      property Low: [](x < 2)`);
    expect(verdict(r, 'Low')).toBe('violated');
    const t = r.violation!.trace;
    expect(t.loopStart).toBeUndefined();
    expect(t.steps.map((s) => s.action?.name ?? 'init')).toEqual(['init', 'up', 'up']); // x = 0, 1, 2
    if (r.violation?.kind === 'property') expect(r.violation.explanation).toBe('State 2 does not satisfy it: a safety violation, shown by the shortest path there; fairness plays no part.');
  });

  it('a bare P: the initial state alone', () => {
    const r = run(`${spec}
      property Start: x == 1`);
    expect(verdict(r, 'Start')).toBe('violated');
    expect(r.violation!.trace.steps).toHaveLength(1);
    expect(r.violation!.trace.loopStart).toBeUndefined();
  });

  it('the CLI says so: text as for an invariant, JSON without loopStart', async () => {
    const { run: cli } = await import('./run-cli.js');
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const f = join(mkdtempSync(join(tmpdir(), 'uffd-safety-')), 'climb.uffd');
    writeFileSync(f, `${spec}\nproperty Low: [](x < 2)\n`);
    const r = await cli('check', f, '--no-deadlock');
    expect(r.code).toBe(1);
    expect(r.out).toContain('Error: temporal property Low is violated. State 2 does not satisfy it');
    expect(r.out).toContain('The shortest behaviour that reaches it has 2 steps:');
    expect(r.out).not.toMatch(/cycle|stutters forever/);
    const j = JSON.parse((await cli('check', f, '--no-deadlock', '--format', 'json')).out);
    expect(j.violation.summary).toBe('temporal property Low is violated after 2 steps');
    expect(j.violation.trace.loopStart).toBeUndefined();
  });
});

describe('quantified temporal formulas: one formula per value', () => {
  const diners = `spec diners
    const Proc = {p1, p2, p3}
    var hungry: [Proc -> bool]
    action eat(p: Proc) when hungry[p] { hungry[p] = false }
    action starve(p: Proc) when !hungry[p] { hungry[p] = true }
    fairness forall p in Proc: weak(eat(p))
    fairness forall p in {p1, p2}: weak(starve(p))
    property Fed: forall p in Proc: []<>(!hungry[p])
    property Hungry: forall p in Proc: []<>(hungry[p])
    property Someone: exists p in Proc: []<>(hungry[p])`;

  it('forall: every instance must hold; the failing one is named', () => {
    // eat is fair for everyone, starve only for p1 and p2: p3 may never get hungry again
    const c = compileSource(diners, 'diners.uffd');
    if (!c.ok) throw new Error('does not compile');
    const r = check(c.spec, { deadlock: false, continue: true });
    expect([verdict(r, 'Fed'), verdict(r, 'Hungry'), verdict(r, 'Someone')]).toEqual(['holds', 'violated', 'holds']);
    const v = r.violation!;
    expect(v.kind === 'property' && v.instance).toBe('p3');
  });

  it('follows --const: without p3 every instance holds', async () => {
    const { run: cli } = await import('./run-cli.js');
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const f = join(mkdtempSync(join(tmpdir(), 'uffd-forall-')), 'diners.uffd');
    writeFileSync(f, `${diners}\n`);
    const three = await cli('check', f, '--no-deadlock');
    expect(three.code).toBe(1);
    expect(three.out).toContain('Error: temporal property Hungry[p3] is violated.');
    expect(three.out).toMatch(/property Hungry\s+violated/);
    const two = await cli('check', f, '--no-deadlock', '--const', 'Proc={p1,p2}');
    expect(two.code).toBe(0);
    expect(two.out).toMatch(/property Hungry\s+holds/);
  });

  it('nested binders name both values; exists fails only when every value fails, and names none', () => {
    const c = compileSource(`${diners}
      property Pair: forall p in Proc, q in {p2, p3}: []<>(hungry[p] || hungry[q])
      property NoneOf: exists p in {p3}: []<>hungry[p]`, 'diners.uffd');
    if (!c.ok) throw new Error(c.diagnostics.map((d) => d.message).join('\n'));
    const r = check(c.spec, { deadlock: false, continue: true });
    expect([verdict(r, 'Pair'), verdict(r, 'NoneOf')]).toEqual(['violated', 'violated']);
    const pair = r.violations!.find((v) => v.kind === 'property' && v.name === 'Pair');
    expect(pair?.kind === 'property' && pair.instance).toBe('p3,p3'); // the first pair where neither need get hungry
    const none = r.violations!.find((v) => v.kind === 'property' && v.name === 'NoneOf');
    expect(none?.kind === 'property' && none.instance).toBeUndefined();
  });

  it('a quantifier over a temporal formula is no longer "only allowed in a property"', () => {
    const r = compileSource(`${diners}\nproperty Nested: forall p in Proc, q in Proc: [](hungry[p] => <>(!hungry[p] || hungry[q]))\n`, 'd.uffd');
    expect(r.ok).toBe(true);
  });
});
