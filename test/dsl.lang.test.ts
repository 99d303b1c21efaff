import { describe, expect, it } from 'vitest';
import { compileSource, type LoadResult } from '../dsl/index.js';
import { stripSpans } from '../dsl/builder.js';
import type { Action, Expr, Spec, Stmt } from '../dsl/ir.js';

function ok(r: LoadResult): Spec {
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.file}:${d.line}:${d.col}: ${d.message}`).join('\n'));
  return r.spec;
}
const compile = (src: string, consts?: Record<string, string>): Spec => ok(compileSource(src, 't.uffd', consts ? { consts } : undefined));
const act = (sp: Spec, name: string): Action => {
  const a = sp.actions.find((x) => x.name === name);
  if (!a) throw new Error(`no action ${name}`);
  return a;
};
const inv = (sp: Spec, name: string): Expr => sp.invariants.find((i) => i.name === name)!.expr;
const INT = { kind: 'int', lo: -Infinity, hi: Infinity };
const BOOL = { kind: 'bool' };

const HEADER = `spec t
const N = 3
const PAGES = {p1, p2} symmetric
enum Pte { MISSING, ZERO, DATA }
type Page = 1..N
type Msg = [page: Page, kind: Pte]
var pp: [PAGES -> Pte]
var x: 0..N
var b: bool
var S: set<Page>
var q: queue<Msg, 2>
var lk: rwsem<3>
var mc: atomic<0..3>
var tp: <<Page, bool>>
var r: Msg
`;

describe('declarations and types', () => {
  const sp = compile(HEADER);
  it('binds constants: int, model-value set (an enum), symmetric', () => {
    expect(sp.name).toBe('t');
    expect(stripSpans(sp.constants)).toEqual([
      { name: 'N', type: { kind: 'int', lo: 3, hi: 3 }, value: 3, symmetric: false },
      { name: 'PAGES', type: { kind: 'enum', name: 'PAGES', members: ['p1', 'p2'] }, value: ['p1', 'p2'], symmetric: true },
    ]);
    expect(sp.symmetric).toEqual(['PAGES']);
  });
  it('resolves every type form; records are sorted by field name', () => {
    const ty = Object.fromEntries(sp.vars.map((v) => [v.name, v.type]));
    const pte = { kind: 'enum', name: 'Pte', members: ['MISSING', 'ZERO', 'DATA'] };
    const page = { kind: 'int', lo: 1, hi: 3 };
    const msg = { kind: 'record', fields: [{ name: 'kind', type: pte }, { name: 'page', type: page }] };
    expect(ty).toEqual({
      pp: { kind: 'map', key: { kind: 'enum', name: 'PAGES', members: ['p1', 'p2'] }, value: pte },
      x: { kind: 'int', lo: 0, hi: 3 },
      b: BOOL,
      S: { kind: 'set', elem: page },
      q: { kind: 'seq', elem: msg, cap: 2 },
      lk: { kind: 'rwsem', maxReaders: 3 },
      mc: { kind: 'int', lo: 0, hi: 3 },
      tp: { kind: 'tuple', elems: [page, BOOL] },
      r: msg,
    });
  });
  it('rwsem defaults to 4 readers; --const overrides ints, bools and model-value sets', () => {
    const s2 = compile('const C = true\nconst K = {k1, k2}\nconst N = 2\nvar l: rwsem\nvar m: [K -> 0..N]', { C: 'false', K: '{a, b, c}', N: '5' });
    expect(s2.vars[0].type).toEqual({ kind: 'rwsem', maxReaders: 4 });
    expect(s2.constants.map((c) => c.value)).toEqual([0, ['a', 'b', 'c'], 5]);
    expect(s2.vars[1].type).toEqual({ kind: 'map', key: { kind: 'enum', name: 'K', members: ['a', 'b', 'c'] }, value: { kind: 'int', lo: 0, hi: 5 } });
    const s3 = compile('const K = {k1, k2}\nvar v: K', { K: '3' });
    expect(s3.constants[0].value).toEqual(['k1', 'k2', 'k3']);
  });
});

describe('statements', () => {
  it('lowers assignments, compound assignment and paths', () => {
    const sp = compile(HEADER + `action a(p: PAGES) {
  pp[p] = ZERO
  x += 1; x -= 1
  r.kind = DATA
  let y = x
  x = y
}`);
    const a = act(sp, 'a');
    expect(a.params).toEqual([{ name: 'p', slot: 0, domain: { kind: 'enum', name: 'PAGES', members: ['p1', 'p2'] } }]);
    expect(a.guard).toBeNull();
    expect(a.frameSize).toBe(2);
    const body = stripSpans(a.body) as Stmt[];
    expect(body.map((st) => st.op)).toEqual(['assign', 'assign', 'assign', 'assign', 'let', 'assign']);
    const s0 = body[0] as Extract<Stmt, { op: 'assign' }>;
    expect(s0.target.path).toEqual([{ kind: 'index', key: { op: 'local', slot: 0, name: 'p', type: sp.vars[0].type.kind === 'map' ? sp.vars[0].type.key : null } }]);
    expect(s0.target.type).toEqual({ kind: 'enum', name: 'Pte', members: ['MISSING', 'ZERO', 'DATA'] });
    expect(s0.value).toMatchObject({ op: 'lit', value: 1 });
    const s1 = body[1] as Extract<Stmt, { op: 'assign' }>;
    expect(s1.value).toMatchObject({ op: 'bin', fn: 'add', type: INT, left: { op: 'var', name: 'x' } });
    const s3 = body[3] as Extract<Stmt, { op: 'assign' }>;
    expect(s3.target.path).toEqual([{ kind: 'field', name: 'kind' }]);
    expect(body[4]).toMatchObject({ op: 'let', slot: 1, name: 'y' });
    expect(body[5]).toMatchObject({ op: 'assign', value: { op: 'local', slot: 1 } });
  });

  it('lowers if / else if / else, with, either, await, assert, skip', () => {
    const sp = compile(HEADER + `action a when x < N {
  if x == 0 { skip } else if x == 1 { b = true } else { b = false }
  with i in Page, j in 1..2 { x = i }
  either { x = 0 } or { x = 1 } or { await b }
  assert x >= 0, "x is never negative"
  assert b
}`);
    const a = act(sp, 'a');
    expect(a.guard).toMatchObject({ op: 'bin', fn: 'lt', type: BOOL });
    const body = stripSpans(a.body) as Stmt[];
    expect(body.map((x) => x.op)).toEqual(['if', 'with', 'either', 'assert', 'assert']);
    expect(body[0]).toMatchObject({ op: 'if', then: [], else: [{ op: 'if', then: [{ op: 'assign' }], else: [{ op: 'assign' }] }] });
    expect(body[1]).toMatchObject({ op: 'with', slot: 0, name: 'i', domain: { op: 'all', of: { kind: 'int', lo: 1, hi: 3 } }, body: [{ op: 'with', slot: 1, name: 'j', domain: { op: 'bin', fn: 'range', type: { kind: 'set', elem: { kind: 'int', lo: 1, hi: 2 } } } }] });
    expect((body[2] as Extract<Stmt, { op: 'either' }>).branches).toHaveLength(3);
    expect(body[3]).toMatchObject({ op: 'assert', message: 'x is never negative' });
    expect(body[4]).toMatchObject({ op: 'assert', message: 'assertion failed: b' });
    expect(a.frameSize).toBe(2);
  });

  it('lowers the kernel primitives to plain statements', () => {
    const sp = compile(HEADER + `action a {
  down_read(lk); up_read(lk); down_write(lk); up_write(lk)
  enqueue(q, [kind |-> DATA, page |-> 1]); dequeue(q)
  atomic_inc(mc); atomic_dec(mc)
}`);
    const body = stripSpans(act(sp, 'a').body) as Stmt[];
    const brief = body.map((st) => (st.op === 'await' ? `await ${JSON.stringify(st.cond.op === 'bin' ? st.cond.fn : st.cond.op)}` : st.op === 'assign' ? `${st.target.name} := ${st.value.op === 'bin' ? st.value.fn : st.value.op === 'lit' ? st.value.value : st.value.op === 'un' ? st.value.fn : st.value.op}` : st.op));
    expect(brief).toEqual([
      'await "ge"', 'lk := add', 'lk := sub', 'await "eq"', 'lk := -1', 'lk := 0',
      'await "lt"', 'q := append', 'await "gt"', 'q := tail', 'mc := add', 'mc := sub',
    ]);
    // enqueue waits for room: len(q) < 2, and the record literal gets the element type
    expect(body[6]).toMatchObject({ cond: { left: { op: 'un', fn: 'len' }, right: { op: 'lit', value: 2 } } });
    const app = (body[7] as Extract<Stmt, { op: 'assign' }>).value as Extract<Expr, { op: 'bin' }>;
    expect(app.right.type).toEqual((sp.vars.find((v) => v.name === 'q')!.type as { elem: unknown }).elem);
  });

  it('lowers `x in S` in init to a nondeterministic with', () => {
    const sp = compile(HEADER + 'init { x in 0..2\n b = true\n S = {} }');
    const init = stripSpans(sp.init) as Stmt[];
    expect(init[0]).toMatchObject({ op: 'with', slot: 0, name: 'x', body: [{ op: 'assign', target: { name: 'x' }, value: { op: 'local', slot: 0 } }] });
    expect(init[2]).toMatchObject({ op: 'assign', value: { op: 'setLit', elems: [], type: { kind: 'set', elem: { kind: 'int', lo: 1, hi: 3 } } } });
    expect(sp.initFrameSize).toBe(1);
  });
});

describe('expressions', () => {
  const src = HEADER + `def missing(p) = pp[p] == MISSING
def Small = 1..2
invariant Arith: (x + 1) * 2 - x / 2 % 3 >= -1
invariant Logic: (b && !b && TRUE && !FALSE) || (b and not b) || (b /\\ ~b) \\/ (b => b) || (b <=> b)
invariant Eq: x = 1 || x /= 2 || x != 3
invariant Sets: 1 in S && 4 notin S && S subseteq Page && card(S union {1} inter Page minus {2}) <= N && S \\cup {} = S
invariant Builders: {i in Page: i > 1} = {i + 0 : i in Small} && [i in Page |-> i][1] == 1
invariant Seqs: len(q) <= 2 && (len(q) > 0 => head(q).page >= 1) && len(tail(q) ++ <<>>) >= 0 && len(append(q, r)) >= 1
invariant Recs: r.kind == MISSING || [r except !.kind = ZERO] == r || (exists p in PAGES: [pp except ![p] = DATA] == pp)
invariant RecSets: r in [kind: Pte, page: Page] && pp in [PAGES -> Pte] && {} in SUBSET S && S in powerset(S) && union_all({S}) == S
invariant Ctl: (if b then 1 else 2) > 0 && (case x == 0 -> 1 [] x == 1 -> 2 [] other -> 3) > 0 && (let y = x + 1 in y > 0)
invariant Quant: (forall p in PAGES: exists i in Page: missing(p) => i > 0) && (choose i in Page: i > 1) == 2
invariant Tup: tp[1] >= 1 && tp[2] => b
invariant Dom: domain(pp) = PAGES && can_down_read(lk) && !can_down_write(lk) && lk >= 0
`;
  const sp = compile(src);
  it('type-checks and lowers every operator', () => {
    expect(sp.invariants.map((i) => i.name)).toEqual(['Arith', 'Logic', 'Eq', 'Sets', 'Builders', 'Seqs', 'Recs', 'RecSets', 'Ctl', 'Quant', 'Tup', 'Dom']);
    for (const i of sp.invariants) expect(i.expr.type).toEqual(BOOL);
  });
  it('gives arithmetic int, comparisons bool, f[x] the map value type', () => {
    const e = inv(sp, 'Arith') as Extract<Expr, { op: 'bin' }>;
    expect(e.fn).toBe('ge');
    expect(e.left.type).toEqual(INT);
    expect(e.right).toMatchObject({ op: 'lit', value: -1 });
  });
  it('inlines operators with let-bound parameters in fresh slots', () => {
    const q = stripSpans(inv(sp, 'Quant')) as Extract<Expr, { op: 'bin' }>;
    expect(q.left).toMatchObject({ op: 'quant', q: 'forall', slot: 0, name: 'p', body: { op: 'quant', q: 'exists', slot: 1, body: { op: 'bin', fn: 'implies', left: { op: 'let', slot: 2, name: 'p', value: { op: 'local', slot: 0 } } } } });
    expect(q.right).toMatchObject({ op: 'bin', fn: 'eq', left: { op: 'choose', slot: 3 } });
    expect(sp.invariants.find((i) => i.name === 'Quant')!.frameSize).toBe(4);
  });
  it('builds set/map/record/sequence values with exact types', () => {
    const b = stripSpans(inv(sp, 'Builders')) as Extract<Expr, { op: 'bin' }>;
    expect(b.left).toMatchObject({ op: 'bin', fn: 'eq', left: { op: 'setFilter', type: { kind: 'set', elem: { kind: 'int', lo: 1, hi: 3 } } }, right: { op: 'setMap', type: { kind: 'set', elem: INT } } });
    const rs = stripSpans(inv(sp, 'RecSets'));
    expect(JSON.stringify(rs)).toContain('"op":"recordSet"');
    expect(JSON.stringify(rs)).toContain('"op":"mapSet"');
    expect(JSON.stringify(rs)).toContain('"fn":"powerset"');
    const recs = JSON.stringify(stripSpans(inv(sp, 'Recs')));
    expect(recs).toContain('"op":"update","target":{"op":"var","index":8,"name":"r"');
    expect(recs).toContain('"path":[{"kind":"field","name":"kind"}]');
    const seqs = JSON.stringify(stripSpans(inv(sp, 'Seqs')));
    expect(seqs).toContain('"fn":"concat"');
    expect(seqs).toContain('"op":"seqLit","elems":[]');
  });
  it('tests process locations with proc.label and proc[t].label', () => {
    const s2 = compile(`const T = {t1, t2}
var n: 0..1
process p { a: n = 1
  b: n = 0 }
process w(t: T) { s: skip }
invariant I: p.a || p.done || w[t1].s || w[t2].done`);
    const e = JSON.stringify(stripSpans(s2.invariants[0].expr));
    expect(e).toContain('{"op":"var","index":1,"name":"p.pc"');
    expect(e).toContain('"op":"apply","target":{"op":"var","index":2,"name":"w.pc"');
  });
});

describe('processes', () => {
  const sp = compile(`const T = {t1, t2}
var lk: rwsem
var n: 0..3
// the fork path
process fork {
  // takes the lock
  lock: down_write(lk)
  bump: n += 1
        if n > 2 { goto unlock }
  mid:  n -= 1
  unlock: up_write(lk)
}
process copier(t: T) {
  start: down_read(lk)
  stop: up_read(lk); goto start
}
property Live: fork.lock ~> fork.done
property Forms: []<>(n == 0) && <>[](n > 0) && <>(n == 1) && [](n <= 3) && !(n == 2 ~> n == 3) || (n == 0 => <>(n == 1))
fairness weak(fork)
fairness strong(fork.lock)
`);
  it('generates pc variables, one action per label, and Process entries', () => {
    expect(sp.vars.map((v) => [v.name, v.process ?? null])).toEqual([['lk', null], ['n', null], ['fork.pc', 'fork'], ['copier.pc', 'copier']]);
    expect(sp.vars[2].type).toEqual({ kind: 'enum', name: 'fork.pc', members: ['lock', 'bump', 'mid', 'unlock', 'done'] });
    expect(sp.vars[3].type).toEqual({ kind: 'map', key: { kind: 'enum', name: 'T', members: ['t1', 't2'] }, value: { kind: 'enum', name: 'copier.pc', members: ['start', 'stop', 'done'] } });
    expect(sp.actions.map((a) => a.name)).toEqual(['fork.lock', 'fork.bump', 'fork.mid', 'fork.unlock', 'copier.start', 'copier.stop']);
    expect(stripSpans(sp.processes)).toEqual([
      { name: 'fork', params: [], pcVar: 2, labels: ['lock', 'bump', 'mid', 'unlock'], doc: 'the fork path' },
      { name: 'copier', params: [{ name: 't', slot: 0, domain: { kind: 'enum', name: 'T', members: ['t1', 't2'] } }], pcVar: 3, labels: ['start', 'stop'] },
    ]);
    expect(act(sp, 'fork.lock').doc).toBe('takes the lock');
    expect(act(sp, 'fork.lock').process).toEqual({ name: 'fork', label: 'lock' });
  });
  it('guards each step by its pc and sets the pc last (a goto where it stands, else the fall-through)', () => {
    const bump = stripSpans(act(sp, 'fork.bump'));
    expect(bump.guard).toMatchObject({ op: 'bin', fn: 'eq', left: { op: 'var', index: 2 }, right: { op: 'lit', value: 1 } });
    expect(bump.body).toHaveLength(2);
    expect(bump.body[0]).toMatchObject({ op: 'assign', target: { var: 1 } }); // n += 1
    expect(bump.body[1]).toMatchObject({
      op: 'if',
      then: [{ op: 'assign', target: { var: 2 }, value: { op: 'lit', value: 3 } }], // goto unlock
      else: [{ op: 'assign', target: { var: 2, path: [] }, value: { op: 'lit', value: 2 } }], // falls through to mid
    });
    const unlock = act(sp, 'fork.unlock').body;
    expect(unlock[unlock.length - 1]).toMatchObject({ target: { var: 2 }, value: { value: 4 } }); // -> done
    const stop = stripSpans(act(sp, 'copier.stop'));
    expect(stop.params).toHaveLength(1);
    expect(stop.guard).toMatchObject({ left: { op: 'apply', arg: { op: 'local', slot: 0 } } });
    expect(stop.body[stop.body.length - 1]).toMatchObject({ op: 'assign', target: { var: 3, path: [{ kind: 'index' }] }, value: { value: 0 } });
  });
  it('lowers temporal properties and fairness', () => {
    expect(stripSpans(sp.properties[0].formula)).toMatchObject({ op: 'leadsto', left: { op: 'state' }, right: { op: 'state' } });
    const f = stripSpans(sp.properties[1].formula);
    expect(f).toMatchObject({ op: 'or', left: { op: 'and', right: { op: 'not', arg: { op: 'leadsto' } } }, right: { op: 'implies', left: { op: 'state' }, right: { op: 'eventually' } } });
    expect(JSON.stringify(f)).toContain('{"op":"always","arg":{"op":"eventually"');
    expect(JSON.stringify(f)).toContain('{"op":"eventually","arg":{"op":"always"');
    expect(stripSpans(sp.fairness)).toEqual([{ kind: 'weak', action: 'fork', args: null }, { kind: 'strong', action: 'fork.lock', args: null }]);
  });
});

describe('multi-parameter processes and tuple keys', () => {
  it('keys the pc by a tuple and accepts f[a, b] on both sides', () => {
    const sp = compile(`const A = {a1, a2}
var m: [<<A, 1..2>> -> bool]
process w(x: A, i: 1..2) {
  s: m[x, i] = true
     await m[<<x, i>>]
}
invariant I: w[a1, 2].done => m[a1, 2]
fairness forall x in A: weak(w(x, 1))
`);
    expect(sp.vars[1].type).toMatchObject({ kind: 'map', key: { kind: 'tuple', elems: [{ kind: 'enum' }, { kind: 'int', lo: 1, hi: 2 }] } });
    const s = stripSpans(act(sp, 'w.s'));
    expect(s.guard).toMatchObject({ left: { op: 'apply', arg: { op: 'tupleLit', elems: [{ op: 'local', slot: 0 }, { op: 'local', slot: 1 }] } } });
    expect(s.body[0]).toMatchObject({ op: 'assign', target: { name: 'm', path: [{ kind: 'index', key: { op: 'tupleLit', type: { kind: 'tuple' } } }] } });
    expect(sp.fairness.map((f) => f.args!.map((a) => (a.op === 'lit' ? a.value : -1)))).toEqual([[0, 1], [1, 1]]);
  });
});

describe('a classic TLA+ spec translated line by line (TwoPhase)', () => {
  it('compiles sets of records, record sets, powerset, choose, except', async () => {
    const { loadSpecFile } = await import('../dsl/index.js');
    const sp = ok(loadSpecFile('test/fixtures/dsl/two_phase.uffd'));
    const msg = { kind: 'record', fields: [{ name: 'rm', type: { kind: 'enum', name: 'RM', members: ['r1', 'r2', 'r3'] } }, { name: 'type', type: { kind: 'enum', name: 'MsgType', members: ['Prepared', 'Commit', 'Abort'] } }] };
    expect(sp.vars.find((v) => v.name === 'msgs')!.type).toEqual({ kind: 'set', elem: msg });
    expect(sp.actions.map((a) => a.name)).toEqual(['TMRcvPrepared', 'TMCommit', 'TMAbort', 'RMPrepare', 'RMChooseToAbort', 'RMRcvCommitMsg', 'RMRcvAbortMsg']);
    const commit = stripSpans(act(sp, 'TMCommit'));
    expect(commit.body[1]).toMatchObject({ op: 'assign', value: { op: 'bin', fn: 'union', type: { kind: 'set', elem: msg }, right: { op: 'setLit', elems: [{ op: 'recordLit', type: msg, fields: [{ name: 'rm', value: { op: 'choose' } }, { name: 'type' }] }] } } });
    expect(sp.constraints.map((c) => c.name)).toEqual(['Constraint1']);
    expect(sp.symmetric).toEqual([]); // choose over RM would break a declared symmetry (an error)
    expect(sp.invariants.map((i) => i.name)).toEqual(['TypeOK', 'Consistent', 'Tuples', 'Case', 'Except']);
  });
});
