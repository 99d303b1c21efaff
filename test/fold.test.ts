// dsl/fold.ts never changes meaning: a folded spec, compiled and checked,
// gives the same state counts (distinct, generated, depth) and the same
// verdict for every invariant, deadlock and property, with counterexamples
// of the same length, as the spec as loaded. Checked on the bundled specs
// and on every patch version in specs/versions/.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { check, type CheckOptions } from '../checker/check.js';
import type { CheckResult } from '../checker/result.js';
import { compileSource, loadSpecFile } from '../dsl/index.js';
import { foldExpr, foldSpec, foldStmts } from '../dsl/fold.js';
import type { Expr, Spec, Stmt } from '../dsl/ir.js';
import { printExpr, printStmts } from '../dsl/ir-print.js';

function load(path: string, consts: string[] = []): Spec {
  const r = loadSpecFile(path, { consts: Object.fromEntries(consts.map((c) => c.split('='))) });
  if (!r.ok) throw new Error(`${path}: ${r.diagnostics.map((d) => d.message).join('\n')}`);
  return r.spec;
}

function compile(text: string): Spec {
  const r = compileSource(text, 'x.uffd');
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.line}:${d.col} ${d.message}`).join('\n'));
  return r.spec;
}

// What must not change: the counts and, per property, the verdict and the
// length of its counterexample.
function summary(r: CheckResult) {
  const found = new Map((r.violations ?? (r.violation ? [r.violation] : [])).map((v) => [v.kind === 'deadlock' ? 'deadlock' : v.kind === 'eval-error' ? `error: ${v.message}` : v.name, v.trace.steps.length] as const));
  return {
    outcome: r.outcome,
    distinct: r.stats.distinct, generated: r.stats.generated, depth: r.stats.depth,
    verdicts: r.verdicts.map((v) => `${v.kind} ${v.name}: ${v.verdict}`),
    violations: [...found].sort(),
  };
}

function same(spec: Spec, opts: CheckOptions): ReturnType<typeof summary> {
  const folded = foldSpec(spec);
  const a = summary(check(spec, { continue: true, ...opts }));
  const b = summary(check(folded, { continue: true, ...opts }));
  expect(b).toEqual(a);
  return a;
}

const dir = (d: string) => readdirSync(d).filter((f) => f.endsWith('.uffd')).sort().map((f) => `${d}/${f}`);

describe('folding keeps the meaning of the bundled specs', () => {
  // small: the whole state space, liveness included
  for (const f of [...dir('test/fixtures/diff').filter((x) => !x.includes('broken')), ...dir('test/fixtures/counterexamples'), ...dir('test/fixtures/dsl'), ...dir('docs/examples'), ...dir('bench')]) {
    it(f, () => { same(load(f), {}); }, 60_000);
  }
  // the versions the docs diff: the whole state space, every invariant and deadlock
  for (const v of ['base', 'v1', 'v2', 'v7']) {
    it(`specs/versions/${v}.uffd`, () => { expect(same(load(`specs/versions/${v}.uffd`), { temporal: false }).outcome).not.toBe('limit'); }, 120_000);
  }
  // the other versions and the other specs: the first 20,000 states in BFS order
  // (the same successors in the same order give the same counts at the limit)
  for (const f of [...dir('specs/versions').filter((x) => !/\/(base|v1|v2|v7)\.uffd$/.test(x)), ...dir('specs'), ...dir('specs/move')]) {
    it(`${f} (first 20,000 states)`, () => { same(load(f), { temporal: false, maxStates: 20_000 }); }, 60_000);
  }
  it('v1 with HUGETLB=true (the retry path re-check folds differently)', () => {
    same(load('specs/versions/v1.uffd', ['HUGETLB=true']), { temporal: false, maxStates: 20_000 });
  }, 60_000);
});

// ------------------------------------------------------------ the rewrites
function body(src: string, action = 'a'): Stmt[] {
  const s = compile(src);
  return foldStmts(s.actions.find((x) => x.name === action)!.body);
}

function expr(src: string): Expr {
  const s = compile(`spec t\nvar x: 0..3\nvar f: [1..2 -> bool]\nvar q: queue<0..3, 2>\n${src}`);
  return foldExpr(s.invariants[0].expr);
}

describe('what folding computes', () => {
  it('arithmetic and comparisons on constants, let of a variable', () => {
    expect(printExpr(expr('const K = 2\ninvariant I: x + K * 3 > 7 - 1'))).toBe('x + 6 > 6');
    expect(printExpr(expr('const K = 2\ninvariant I: K == 2 && x > 0'))).toBe('x > 0');
    expect(printExpr(expr('const K = 2\ninvariant I: K == 1 || x == (let y = x in if K > 1 then y else 0)'))).toBe('x == x');
    // floor division and a non-negative remainder, as the checker computes them
    expect(printExpr(expr('invariant I: x == -7 / 2 && x == -7 % 2'))).toBe('x == -4 && x == 1');
  });

  it('keeps what may fail: a left side that may fail is not dropped, division by zero is not computed', () => {
    expect(printExpr(expr('invariant I: head(q) == 1 || true'))).toBe('head(q) == 1 || true');
    expect(printExpr(expr('invariant I: f[1] || true'))).toBe('true');
    expect(printExpr(expr('invariant I: x == 1 / 0'))).toBe('x == 1 / 0');
    // a true left side decides alone (the checker never evaluates the right)
    expect(printExpr(expr('invariant I: true || head(q) == 1'))).toBe('true');
  });

  it('statements: dead branches dropped, if true inlined, await true dropped, blocked either branches dropped', () => {
    const src = `spec t
const V = 2
var lk: rwsem
var y: 0..3
action a {
  if V == 0 { down_read(lk) } else if V == 1 { either { down_write(lk) } or { y = 1 } } else { await V > 1; y = 2 }
  either { await V == 1; y = 3 } or { down_read(lk) }
}`;
    expect(printStmts(body(src))).toEqual(['y = 2', 'await lk >= 0', 'lk = lk + 1']);
  });

  it('an either whose every branch is blocked is await false, and nothing after it is kept', () => {
    const src = `spec t
const V = 2
var y: 0..3
action a {
  either { await V == 1; y = 3 } or { await false }
  y = 1
}`;
    expect(printStmts(body(src))).toEqual(['await false']);
  });

  it('a statement or expression kind it does not know is kept as it is', () => {
    const strange = { op: 'spawn', cond: { op: 'lit', value: 1, type: { kind: 'bool' } } } as unknown as Stmt;
    expect(foldStmts([strange])).toEqual([strange]);
    const odd = { op: 'match', type: { kind: 'bool' }, arg: { op: 'lit', value: 1, type: { kind: 'bool' } } } as unknown as Expr;
    expect(foldExpr(odd)).toBe(odd);
    // a let whose body mentions its local inside an unknown kind is not substituted
    const loc = { op: 'local', slot: 0, name: 'y', type: { kind: 'bool' } };
    const inside = { op: 'match', type: { kind: 'bool' }, arg: loc } as unknown as Expr;
    const letE = { op: 'let', slot: 0, name: 'y', value: { op: 'lit', value: 1, type: { kind: 'bool' } }, body: inside, type: { kind: 'bool' } } as unknown as Expr;
    expect(foldExpr(letE)).toEqual(letE);
  });
});
