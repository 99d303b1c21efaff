// The reference benchmark built from TypeScript and from bench/fork_copy.uffd
// must be the same spec to the checker: the same state and transition counts,
// the same verdicts, the same counterexample.
import { describe, expect, it } from 'vitest';
import { e, s, spec, step, t, v } from '../dsl/builder.js';
import { loadSpecFile, type LoadResult } from '../dsl/index.js';
import type { Spec } from '../dsl/ir.js';
import { check } from '../checker/check.js';

function ok(r: LoadResult): Spec {
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.file}:${d.line}:${d.col}: ${d.message}`).join('\n'));
  return r.spec;
}

// bench/fork_copy.uffd, statement for statement.
function forkCopy(consts: Record<string, string>): Spec {
  const b = spec('fork_copy');
  b.const('P', 2).const('T', 2).const('QMAX', 2).const('CHECK', true);
  b.type('Page', t.range(1, 'P')).type('Thread', t.range(1, 'T'));
  b.enum('PageState', ['MISSING', 'ZERO', 'DATA']);
  b.def('FORK', [], e.add('P', 1));
  b.var('pp', t.map('Page', 'PageState')).var('cp', t.map('Page', 'PageState'));
  b.var('filled', t.map('Page', t.bool)).var('cb', t.map('Page', t.bool));
  b.var('trk', t.bool).var('mc', t.range(0, 2)).var('lk', t.rwsem('T'));
  b.var('q', t.queue(t.range(1, e.add('P', 1)), 'QMAX'));
  b.var('cpg', t.map('Thread', t.range(0, 'P'))).var('cres', t.map('Thread', t.bool)).var('pw', t.range(0, 'P'));
  b.process('fork', {}, [
    step('lock', s.downWrite('lk')),
    step('copy', [s.add('mc', 1), s.assign('cp', v('pp'))]),
    step('unlock', s.upWrite('lk')),
    step('notify', s.enqueue('q', 'FORK')),
  ]);
  const cpg = e.at('cpg', 't');
  const cres = e.at('cres', 't');
  b.process('copier', { t: 'Thread' }, [
    step('idle', s.with('i', 'Page', [s.downRead('lk'), s.assign(cpg, 'i')])),
    step('locked', s.if(e.and('CHECK', e.gt('mc', 0)), [s.upRead('lk'), s.assign(cpg, 0), s.assign(cres, false), s.goto('idle')])),
    step('checked', s.if(e.eq(e.at('pp', cpg), 'MISSING'), [s.assign(e.at('pp', cpg), 'DATA'), s.assign(cres, true)], [s.assign(cres, false)])),
    step('installed', [s.upRead('lk'), s.if(cres, s.assign(e.at('filled', cpg), true)), s.assign(cpg, 0), s.assign(cres, false), s.goto('idle')]),
  ]);
  b.action('parent_fault', { i: 'Page' }, {
    when: e.and(e.eq('pw', 0), e.eq(e.at('pp', 'i'), 'MISSING'), e.canDownRead('lk'), e.lt(e.len('q'), 'QMAX')),
    body: [s.enqueue('q', 'i'), s.assign('pw', 'i')],
  });
  b.action('parent_wake', {}, { when: e.and(e.ne('pw', 0), e.ne(e.at('pp', 'pw'), 'MISSING')), body: s.assign('pw', 0) });
  b.action('read_event', {}, {
    when: e.gt(e.len('q'), 0),
    body: [s.if(e.eq(e.head('q'), 'FORK'), [s.sub('mc', 1), s.assign('trk', true), s.assign('cb', v('filled'))]), s.dequeue('q')],
  });
  b.action('child_fault', { i: 'Page' }, { when: e.and('trk', e.eq(e.at('cp', 'i'), 'MISSING')), body: s.assign(e.at('cp', 'i'), 'ZERO') });
  b.invariant('NoZeroOverFilled', e.forall('i', 'Page', e.not(e.and(e.at('cb', 'i'), e.eq(e.at('cp', 'i'), 'ZERO')))));
  b.property('EventsRead', e.always(e.implies(e.gt(e.len('q'), 0), e.eventually(e.eq(e.len('q'), 0)))));
  b.fairness('weak', 'read_event');
  return ok(b.build({ consts }));
}

describe('a spec built in TypeScript checks like its .uffd twin', () => {
  const cases: Record<string, string>[] = [{ P: '2', T: '2' }, { P: '2', T: '1', CHECK: 'false' }];
  for (const consts of cases) {
    it(`fork_copy ${JSON.stringify(consts)}`, () => {
      const a = check(forkCopy(consts));
      const b = check(ok(loadSpecFile('bench/fork_copy.uffd', { consts })));
      expect(a.stats.distinct).toBe(b.stats.distinct);
      expect(a.stats.generated).toBe(b.stats.generated);
      expect(a.verdicts).toEqual(b.verdicts);
      expect(a.violation?.trace.steps.map((x) => x.action?.name)).toEqual(b.violation?.trace.steps.map((x) => x.action?.name));
      if (consts.CHECK === undefined) {
        expect(a.stats.distinct).toBe(10895); // MODEL.md, P=2 T=2
        expect(a.verdicts.map((x) => x.verdict)).toEqual(['holds', 'holds', 'holds']);
      } else {
        expect(a.violation?.trace.steps).toHaveLength(11); // 10 steps, MODEL.md
      }
    });
  }
});
