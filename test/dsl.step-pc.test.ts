// Inside a process step the process's own pc reads the label being executed
// until the step ends (docs/language.md, Processes). Before, a step was
// lowered as `pc := next; body`, so `p.a` inside step a was already false: the
// pitfall of docs/specs.md item 7. The tests of the first two groups fail
// under that old lowering (checked), except the await one, which holds under
// both; the last group is the goto rule that makes the new lowering well
// defined.
import { describe, expect, it } from 'vitest';
import { compileSource } from '../dsl/index.js';
import { check } from '../checker/check.js';
import { decodeState } from '../checker/store/trace.js';
import type { Spec, Stmt } from '../dsl/ir.js';

function compile(src: string): Spec {
  const r = compileSource(src, 't.uffd');
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.line}:${d.col}: ${d.message}`).join('\n'));
  return r.spec;
}
function errs(src: string): string[] {
  const r = compileSource(src, 'bad.uffd');
  if (r.ok) throw new Error('expected errors, the spec compiled');
  return r.diagnostics.map((d) => `${d.line}:${d.col}: ${d.message}`);
}

describe("a step reads its own process's pc as the label it executes", () => {
  const src = `spec own_pc
var seen: bool
var n: 0..2
process p {
  a: seen = p.a                       // p is at a while a runs
  b: n = if p.b then 1 else 2
}
invariant SeesItself: p.done => seen && n == 1
invariant NotDone: !p.done
`;

  it('unparameterised process: the invariant holds on 3 states', () => {
    const r = check(compile(src), { invariants: ['SeesItself'], deadlock: false });
    expect(r.outcome).toBe('ok');
    expect(r.stats.distinct).toBe(3);
  });

  it('the trace shows the values the steps computed', () => {
    const sp = compile(src);
    const r = check(sp, { invariants: ['NotDone'], deadlock: false });
    expect(r.violation?.kind).toBe('invariant');
    const t = r.violation!.trace;
    expect(t.steps.map((s) => s.action?.name ?? 'init')).toEqual(['init', 'p.a', 'p.b']);
    const names = sp.vars.map((v) => v.name);
    const last = decodeState(sp, t.layout, t.steps[2].state);
    expect(last[names.indexOf('seen')]).toBe(1); // true (old lowering: false)
    expect(last[names.indexOf('n')]).toBe(1); // (old lowering: 2)
    expect(last[names.indexOf('p.pc')]).toBe(2); // done
  });

  it('parameterised process: "how many threads are at s" counts the running thread', () => {
    const sp = compile(`spec count_self
const T = {t1, t2}
var atS: [T -> 0..2]
process w(t: T) {
  s: atS[t] = card({u in T: w[u].s})
}
invariant CountsItself: forall t in T: w[t].done => atS[t] >= 1
invariant NotBoth: !(w[t1].done && w[t2].done)
`);
    const r = check(sp, { invariants: ['CountsItself'], deadlock: false });
    // init; one of the two done (2); both done, [2, 1] or [1, 2] (2)
    expect(r.outcome).toBe('ok');
    expect(r.stats.distinct).toBe(5);
    const v = check(sp, { invariants: ['NotBoth'], deadlock: false });
    const t = v.violation!.trace;
    const last = decodeState(sp, t.layout, t.steps[2].state);
    // w(t1) ran first and counted both threads, then w(t2) counted itself (old lowering: 1 and 0)
    expect(t.steps.map((s) => s.action?.args.map((x) => x.value) ?? null)).toEqual([null, [0], [1]]);
    const atS = last[sp.vars.findIndex((x) => x.name === 'atS')] as unknown as { get(k: number): number };
    expect([atS.get(0), atS.get(1)]).toEqual([2, 1]);
  });

  it('a failing await still leaves no successor (the pc is not changed either)', () => {
    const sp = compile(`spec blocked
var x: 0..1
process p {
  a: x = 1
     await x == 0
  b: skip
}
`);
    const r = check(sp, {});
    expect(r.violation?.kind).toBe('deadlock');
    expect(r.stats.distinct).toBe(1);
  });
});

describe('lowering: every path of a step ends with exactly one pc assignment', () => {
  // all paths through a statement list: the pc assignments on each, in order
  function paths(body: readonly Stmt[], pcVar: number): Stmt[][] {
    let acc: Stmt[][] = [[]];
    for (const s of body) {
      const sub: Stmt[][] =
        s.op === 'if' ? [...paths(s.then, pcVar), ...paths(s.else, pcVar)]
        : s.op === 'either' ? s.branches.flatMap((b) => paths(b, pcVar))
        : s.op === 'with' ? paths(s.body, pcVar)
        : [s.op === 'assign' && s.target.var === pcVar ? [s] : []];
      acc = acc.flatMap((p) => sub.map((q) => [...p, ...q]));
    }
    return acc;
  }
  const sp = compile(`spec shapes
var x: 0..3
process p {
  a: x = 1
     either { x = 2; goto c }
     or { with i in 0..1 { if i == 0 { goto a } } }
     or { if x == 1 { x = 3 } else { skip } }
     or { skip }
  b: if x == 0 { goto done } else if x == 1 { goto a }
  c: with i in 0..1 { x = i }
}
`);
  const pc = sp.processes[0].pcVar;
  const target = (s: Stmt): number => (s.op === 'assign' && s.value.op === 'lit' ? s.value.value : -1);
  it('a: goto c, goto a on one with branch, else the fall-through to b', () => {
    const a = sp.actions.find((x) => x.name === 'p.a')!;
    const ps = paths(a.body, pc);
    expect(ps.every((p) => p.length === 1)).toBe(true);
    // either branch 1: goto c; branch 2 (with, if): goto a | fall-through; branch 3 (if): 2 x fall-through; branch 4
    expect(ps.map((p) => target(p[0]))).toEqual([2, 0, 1, 1, 1, 1]);
  });
  it('b: both gotos, and the implicit else falls through to c; c: the fall-through inside no branch', () => {
    const b = sp.actions.find((x) => x.name === 'p.b')!;
    expect(paths(b.body, pc).map((p) => p.map(target))).toEqual([[3], [0], [2]]);
    const c = sp.actions.find((x) => x.name === 'p.c')!;
    expect(c.body[c.body.length - 1]).toMatchObject({ op: 'assign', target: { var: pc }, value: { value: 3 } });
  });
});

describe('a goto ends its step', () => {
  it('nothing may follow a goto, nor a statement with a goto on one of its paths', () => {
    expect(errs(`var x: 0..3
process p {
  a: if x == 0 { goto b }
     x = 2
  b: either { goto a } or { skip }
     x = 3
  c: with i in 0..1 { if i == 1 { goto a } }
     skip
  d: goto a
     x = 1
}
`)).toEqual([
      '4:6: a goto ends its step, so nothing may follow a statement that can goto (line 3): move this statement into the branches that do not jump (an else branch)',
      '6:6: a goto ends its step, so nothing may follow a statement that can goto (line 5): move this statement into the branches that do not jump (an else branch)',
      '8:6: a goto ends its step, so nothing may follow a statement that can goto (line 7): move this statement into the branches that do not jump (an else branch)',
      '10:6: this statement can never run: it follows a goto in the same block',
    ]);
  });
});
