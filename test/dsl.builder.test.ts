import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { compileSource, type LoadResult } from '../dsl/index.js';
import { spec, t, e, s, v, c, step, pcAt, stripSpans } from '../dsl/builder.js';
import type { Spec } from '../dsl/ir.js';
import { check } from '../checker/check.js';

const FIXTURE = 'test/fixtures/dsl/fork_copy.uffd';

function ok(r: LoadResult): Spec {
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.file}:${d.line}:${d.col}: ${d.message}`).join('\n'));
  return r.spec;
}

// The twin of test/fixtures/dsl/fork_copy.uffd.
function forkCopy() {
  const b = spec('fork_copy', FIXTURE);
  b.const('P', 2).const('T', 1).const('QMAX', 2).const('CHECK', true);
  b.enum('Pte', ['MISSING', 'ZERO', 'DATA']).enum('Kind', ['PF', 'FORK']);
  b.type('Page', t.range(1, c('P'))).type('Thread', t.range(1, c('T')));
  b.type('Msg', t.record({ kind: 'Kind', page: t.range(0, c('P')) }));
  b.var('pp', t.map('Page', 'Pte')).var('cp', t.map('Page', 'Pte'));
  b.var('filled', t.map('Page', t.bool)).var('cb', t.map('Page', t.bool));
  b.var('trk', t.bool).var('mc', t.atomic(0, 2)).var('lk', t.rwsem(4)).var('q', t.queue('Msg', c('QMAX')));
  b.var('cpc', t.map('Thread', t.range(0, 3))).var('cpg', t.map('Thread', t.range(0, c('P')))).var('cres', t.map('Thread', t.bool));
  b.var('pw', t.range(0, c('P')));
  b.def('Pages', [], e.range(1, c('P')));
  b.process('fork', {}, [
    step('lock', s.downWrite('lk')),
    step('copy', [s.add('mc', 1), s.assign('cp', v('pp'))], 'copy_page_range()'),
    step('unlock', s.upWrite('lk')),
    step('notify', s.enqueue('q', e.record({ kind: 'FORK', page: 0 }))),
  ], { doc: 'kernel/fork.c dup_mmap() with dup_userfaultfd()' });
  const cpc = e.at('cpc', 't');
  b.action('copy_lock', { t: 'Thread', i: 'Page' }, {
    when: e.and(e.eq(cpc, 0), e.ge('lk', 0)),
    body: [s.add('lk', 1), s.assign(cpc, 1), s.assign(e.at('cpg', 't'), 'i')],
    doc: 'mm/userfaultfd.c mfill_atomic()',
  });
  b.action('copy_check', { t: 'Thread' }, {
    when: e.eq(cpc, 1),
    body: s.if(e.and('CHECK', e.gt('mc', 0)),
      [s.sub('lk', 1), s.assign(cpc, 0), s.assign(e.at('cpg', 't'), 0), s.assign(e.at('cres', 't'), false)],
      [s.assign(cpc, 2)]),
  });
  const page = e.at('pp', e.at('cpg', 't'));
  b.action('copy_install', { t: 'Thread' }, {
    when: e.eq(cpc, 2),
    body: [
      s.if(e.eq(page, 'MISSING'), [s.assign(page, 'DATA'), s.assign(e.at('cres', 't'), true)], s.assign(e.at('cres', 't'), false)),
      s.assign(cpc, 3),
    ],
  });
  b.action('copy_release', { t: 'Thread' }, {
    when: e.eq(cpc, 3),
    body: [
      s.sub('lk', 1),
      s.if(e.at('cres', 't'), s.assign(e.at('filled', e.at('cpg', 't')), true)),
      s.assign(cpc, 0), s.assign(e.at('cpg', 't'), 0), s.assign(e.at('cres', 't'), false),
    ],
  });
  b.action('parent_fault', { i: 'Page' }, {
    when: e.and(e.eq('pw', 0), e.eq(e.at('pp', 'i'), 'MISSING'), e.ge('lk', 0), e.lt(e.len('q'), 'QMAX')),
    body: [s.assign('q', e.append('q', e.record({ kind: 'PF', page: 'i' }))), s.assign('pw', 'i')],
  });
  b.action('parent_wake', {}, { when: e.and(e.ne('pw', 0), e.ne(e.at('pp', 'pw'), 'MISSING')), body: s.assign('pw', 0) });
  b.action('read_event', {}, {
    when: e.gt(e.len('q'), 0),
    body: [
      s.let('m', e.head('q')),
      s.dequeue('q'),
      s.if(e.eq(e.dot('m', 'kind'), 'FORK'), [s.sub('mc', 1), s.assign('trk', true), s.assign('cb', e.mapOf('i', 'Page', e.at('filled', 'i')))]),
    ],
  });
  b.action('child_fault', { i: 'Page' }, { when: e.and('trk', e.eq(e.at('cp', 'i'), 'MISSING')), body: s.assign(e.at('cp', 'i'), 'ZERO') });
  b.invariant('NoZeroOverFilled', e.forall('i', 'Page', e.not(e.and(e.at('cb', 'i'), e.eq(e.at('cp', 'i'), 'ZERO')))));
  b.property('EventsRead', e.always(e.implies(e.gt(e.len('q'), 0), e.eventually(e.eq(e.len('q'), 0)))));
  b.property('MonitorLearnsOfFork', e.leadsTo(pcAt('fork', 'done'), 'trk'));
  b.fairness('weak', 'read_event');
  return b;
}

describe('TypeScript builder', () => {
  it('produces the same IR as the .uffd text (process, map, queue, rwsem)', () => {
    const text = ok(compileSource(readFileSync(FIXTURE, 'utf8'), FIXTURE));
    const built = ok(forkCopy().build());
    expect(stripSpans(built)).toEqual(stripSpans(text));
  });

  it('binds --const overrides the same way', () => {
    const text = ok(compileSource(readFileSync(FIXTURE, 'utf8'), FIXTURE, { consts: { P: '3', CHECK: 'false' } }));
    const built = ok(forkCopy().build({ consts: { P: '3', CHECK: 'false' } }));
    expect(stripSpans(built)).toEqual(stripSpans(text));
    expect(built.vars[0].type).toEqual({ kind: 'map', key: { kind: 'int', lo: 1, hi: 3 }, value: { kind: 'enum', name: 'Pte', members: ['MISSING', 'ZERO', 'DATA'] } });
  });

  it('covers model values, symmetry, parameterised processes, goto and per-instance fairness', () => {
    const src = `spec pc
const THREADS = {t1, t2}
symmetric THREADS
var lk: rwsem<2>
var n: 0..2
init { n in 0..1 }
process copier(t: THREADS) {
  start: with i in 0..1 { down_read(lk); n = i }
  stop:  up_read(lk)
         goto start
}
fairness forall t in THREADS: weak(copier(t))
constraint n <= 2
`;
    const b = spec('pc');
    b.modelValues('THREADS', ['t1', 't2']).symmetric('THREADS');
    b.var('lk', t.rwsem(2)).var('n', t.range(0, 2));
    b.init(s.pick('n', e.range(0, 1)));
    b.process('copier', { t: 'THREADS' }, {
      start: s.with('i', e.range(0, 1), [s.downRead('lk'), s.assign('n', 'i')]),
      stop: [s.upRead('lk'), s.goto('start')],
    });
    b.fairness('weak', 'copier', ['t'], { forall: [['t', 'THREADS']] });
    b.constraint(e.le('n', 2));
    const fromText = ok(compileSource(src, 'pc.uffd'));
    const built = ok(b.build());
    expect(stripSpans({ ...built, file: '' })).toEqual(stripSpans({ ...fromText, file: '' }));
    expect(built.fairness.map((f) => [f.kind, f.action, f.args?.map((a) => (a.op === 'lit' ? a.value : '?'))])).toEqual([
      ['weak', 'copier', [0]], ['weak', 'copier', [1]],
    ]);
    expect(built.symmetric).toEqual(['THREADS']);
    expect(built.constants[0].symmetric).toBe(true);
  });

  it('reports errors with <builder> positions (line = declaration number)', () => {
    const b = spec('bad');
    b.var('x', t.range(0, 3));
    b.action('a', {}, { body: s.assign('y', 1) });
    const r = b.build();
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.diagnostics[0]).toMatchObject({ file: '<builder>', line: 2, message: "unknown name 'y' (did you mean 'x'?)" });
    }
  });
});

// The twin of test/fixtures/classic/twophase.uffd: a tagged union, scoped
// enum members, action properties and a refinement, statement for statement.
const TWOPHASE = 'test/fixtures/classic/twophase.uffd';
function twoPhase(mapping: Record<string, Parameters<typeof e.eq>[0]> = {}) {
  const b = spec('twophase', TWOPHASE);
  b.modelValues('RM', ['r1', 'r2', 'r3']);
  b.enum('RMState', ['working', 'prepared', 'committed', 'aborted']).enum('TMState', ['idle', 'committed', 'aborted']);
  b.union('Msg', { Prepared: { rm: 'RM' }, Commit: {}, Abort: {} });
  b.var('rmState', t.map('RM', 'RMState')).var('tmState', 'TMState').var('tmPrepared', t.set('RM')).var('msgs', t.set('Msg'));
  const send = (m: Parameters<typeof e.set>[0]) => s.assign('msgs', e.union('msgs', e.set(m)));
  const rm = e.at('rmState', 'r');
  b.action('TMRcvPrepared', { r: 'RM' }, { when: e.and(e.eq('tmState', 'idle'), e.in(e.variant('Prepared', 'r'), 'msgs')), body: s.assign('tmPrepared', e.union('tmPrepared', e.set('r'))) });
  b.action('TMCommit', {}, { when: e.and(e.eq('tmState', 'idle'), e.eq('tmPrepared', 'RM')), body: [s.assign('tmState', e.member('TMState', 'committed')), send(e.variant('Commit'))] });
  b.action('TMAbort', {}, { when: e.eq('tmState', 'idle'), body: [s.assign('tmState', e.member('TMState', 'aborted')), send(e.variant('Abort'))] });
  b.action('RMPrepare', { r: 'RM' }, { when: e.eq(rm, 'working'), body: [s.assign(rm, 'prepared'), send(e.variant('Prepared', 'r'))] });
  b.action('RMChooseToAbort', { r: 'RM' }, { when: e.eq(rm, 'working'), body: s.assign(rm, e.member('RMState', 'aborted')) });
  b.action('RMRcvCommitMsg', { r: 'RM' }, { when: e.in('Commit', 'msgs'), body: s.assign(rm, e.member('RMState', 'committed')) });
  b.action('RMRcvAbortMsg', { r: 'RM' }, { when: e.in('Abort', 'msgs'), body: s.assign(rm, e.member('RMState', 'aborted')) });
  b.invariant('TCConsistent', e.forall('r', 'RM', e.forall('s', 'RM', e.not(e.and(e.eq(rm, e.member('RMState', 'aborted')), e.eq(e.at('rmState', 's'), e.member('RMState', 'committed')))))));
  b.actionProperty('MsgsKept', e.subseteq('msgs', e.prime('msgs')), 'msgs');
  b.actionProperty('TMDecidesOnce', e.implies(e.ne('tmState', 'idle'), e.eq(e.prime('tmState'), 'tmState')), 'tmState');
  b.refines('tcommit.uffd', mapping);
  return b;
}

describe('TypeScript builder: tagged unions, match, def rec, action properties, refinement', () => {
  it('builds TwoPhase with the same IR as test/fixtures/classic/twophase.uffd, and the same counts and verdicts', () => {
    const fromText = ok(compileSource(readFileSync(TWOPHASE, 'utf8'), TWOPHASE));
    const built = ok(twoPhase().build());
    // the two `forall r in RM, s in RM` binders of the text are nested foralls here, the same IR
    expect(stripSpans(built)).toEqual(stripSpans(fromText));
    const [rt, rb] = [check(fromText), check(built)];
    expect(rb.stats).toMatchObject({ distinct: 288, initial: 1, generated: 1145, depth: 10 }); // enumerate.py's
    expect([rb.stats.distinct, rb.stats.generated]).toEqual([rt.stats.distinct, rt.stats.generated]);
    expect(rb.verdicts).toEqual(rt.verdicts);
    expect(rb.verdicts.find((x) => x.kind === 'refinement')).toMatchObject({ name: 'tcommit', verdict: 'holds' });
  });

  it('builds match (expression, named construction) as docs/examples/tagged-union.uffd', () => {
    const file = 'docs/examples/tagged-union.uffd';
    const b = spec('tagged-union', file);
    b.modelValues('RM', ['r1', 'r2']);
    b.union('Msg', { Prepared: { rm: 'RM' }, Commit: {}, Abort: {} });
    b.var('msgs', t.set('Msg'));
    const none = (...ms: Parameters<typeof e.notin>[0][]) => ms.map((m) => e.notin(m, 'msgs'));
    b.action('prepare', { r: 'RM' }, { when: e.and(...none(e.variant('Prepared', 'r'), 'Commit', 'Abort')), body: s.assign('msgs', e.union('msgs', e.set(e.variantNamed('Prepared', { rm: 'r' })))) });
    b.action('commit', {}, { when: e.and(e.in(e.variant('Prepared', 'r1'), 'msgs'), e.in(e.variant('Prepared', 'r2'), 'msgs'), ...none('Commit')), body: s.assign('msgs', e.union('msgs', e.set('Commit'))) });
    b.action('abort', {}, { when: e.and(...none('Commit', 'Abort')), body: s.assign('msgs', e.union('msgs', e.set('Abort'))) });
    b.invariant('Decided', e.forall('m', 'msgs', e.match('m', { Prepared: { bind: ['r'], body: true }, Commit: e.notin('Abort', 'msgs'), Abort: e.notin('Commit', 'msgs') })));
    expect(stripSpans(ok(b.build()))).toEqual(stripSpans(ok(compileSource(readFileSync(file, 'utf8'), file))));
  });

  it('builds a match statement with an other arm, def rec and an action property over a tuple', () => {
    const src = `spec m
type Msg = Ping(n: 0..3) | Stop

def rec sum(n: 0..10): int = if n == 0 then 0 else n + sum(n - 1)

var last: Msg
var total: 0..6
var stopped: bool

action recv {
  with m in Msg {
    match m {
      Ping(k) => {
        last = Ping(k)
        total = sum(k)
      }
      other => { stopped = true }
    }
  }
}

property Grows: [][total' >= total || stopped']_<<total, stopped>>
`;
    const b = spec('m', 'm.uffd');
    b.union('Msg', { Ping: { n: t.range(0, 3) }, Stop: {} });
    b.defRec('sum', { n: t.range(0, 10) }, 'int', e.if(e.eq('n', 0), 0, e.add('n', e.call('sum', e.sub('n', 1)))));
    b.var('last', 'Msg').var('total', t.range(0, 6)).var('stopped', t.bool);
    b.action('recv', {}, { body: s.with('m', 'Msg', s.match('m', { Ping: { bind: ['k'], body: [s.assign('last', e.variant('Ping', 'k')), s.assign('total', e.call('sum', 'k'))] }, other: s.assign('stopped', true) })) });
    b.actionProperty('Grows', e.or(e.ge(e.prime('total'), 'total'), e.prime('stopped')), e.tuple('total', 'stopped'));
    const built = ok(b.build());
    const fromText = ok(compileSource(src, 'm.uffd'));
    expect(stripSpans(built)).toEqual(stripSpans(fromText));
    // total = sum(k) for the last Ping: Ping(3) then Ping(0) makes it smaller while stopped stays false
    const r = check(built, { deadlock: false });
    expect(r.violation).toMatchObject({ kind: 'action-property', name: 'Grows' });
    expect(r.violation!.trace.steps).toHaveLength(3);
  });

  it('reports a refinement mapping of an unknown abstract variable at the refines declaration (the 19th call)', () => {
    const r = twoPhase({ rmStat: v('rmState') }).build();
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.diagnostics[0]).toMatchObject({ file: TWOPHASE, line: 19, message: "the abstract spec test/fixtures/classic/tcommit.uffd has no variable or constant 'rmStat' (did you mean 'rmState'?)" });
  });
});
