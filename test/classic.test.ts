// Classic TLA+ specs written the natural way in .uffd (test/fixtures/classic/,
// issue 16): their state counts against an independent enumerator
// (test/fixtures/classic/enumerate.py, written from the TLA+ originals; run
// `python3 enumerate.py` to print the numbers below), and their verdicts,
// each argued next to its test.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { check } from '../checker/check.js';
import { decodeTrace } from '../counterexamples/decoded.js';
import { formatValue } from '../counterexamples/format-value.js';
import { compileSource } from '../dsl/index.js';

const text = (name: string) => readFileSync(`test/fixtures/classic/${name}.uffd`, 'utf8');

function load(name: string, edit: (s: string) => string = (s) => s) {
  const r = compileSource(edit(text(name)), `test/fixtures/classic/${name}.uffd`);
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.line}:${d.col} ${d.message}`).join('\n'));
  return r.spec;
}
const verdicts = (r: ReturnType<typeof check>) => Object.fromEntries(r.verdicts.map((v) => [v.name, v.verdict]));

// enumerate.py's output: distinct, initial, generated (successors, initial
// states not included), depth in steps
const COUNTS: [string, number, number, number, number][] = [
  ['tcommit', 34, 1, 93, 6], // TCommit, RM = {r1, r2, r3}
  ['twophase', 288, 1, 1145, 10], // TwoPhase, RM = {r1, r2, r3}
  ['diehard', 16, 1, 96, 7],
  ['ewd840', 302, 192, 1625, 8], // N = 3: 2^3 active x 2^3 colors x 3 token positions initially
  ['peterson', 42, 1, 76, 10],
  ['voting', 599, 1, 2079, 10], // 3 acceptors, 2 values, ballots 0..1
  ['allocator', 62, 1, 142, 4], // 2 clients, 2 resources
];

describe('state counts equal to an independent enumeration', () => {
  for (const [name, distinct, initial, generated, depth] of COUNTS) {
    it(`${name}: ${distinct} distinct states (${initial} initial), ${generated} successors, depth ${depth}`, () => {
      const r = check(load(name), { invariants: [], deadlock: false, temporal: false });
      expect(r.outcome).toBe('ok');
      expect([r.stats.distinct, r.stats.initial, r.stats.generated, r.stats.depth]).toEqual([distinct, initial, generated, depth]);
    });
  }
});

describe('verdicts', () => {
  it('TCommit: consistent; every run ends in a deadlock (all RMs decided), the shortest one aborts all three', () => {
    const r = check(load('tcommit'), { continue: true }); // the deadlock does not stop the search
    expect(verdicts(r)).toMatchObject({ TCConsistent: 'holds', deadlock: 'violated' });
    expect(r.violation?.kind).toBe('deadlock');
    expect(r.violation!.trace.steps.map((s) => s.action?.name ?? null)).toEqual([null, 'Abort', 'Abort', 'Abort']);
  });

  it('TwoPhase: consistent, no deadlock (once the TM has decided, receiving its message again is a step), messages kept, the TM decides once', () => {
    expect(verdicts(check(load('twophase')))).toMatchObject({ TCConsistent: 'holds', deadlock: 'holds', MsgsKept: 'holds', TMDecidesOnce: 'holds' });
  });

  it('TwoPhase refines TCommit (THEOREM TPSpec => TC!TCSpec): every step maps to a TCommit step or a stutter', () => {
    const r = check(load('twophase'));
    expect(r.verdicts.find((v) => v.kind === 'refinement')).toMatchObject({ name: 'tcommit', verdict: 'holds' });
  });

  it('TwoPhase whose TM commits before every RM prepared does not refine TCommit: the shortest trace has 2 steps', () => {
    // By hand: no single step breaks it (TMCommit and TMAbort leave rmState
    // alone, a stutter; RMPrepare is TCommit's Prepare; RMChooseToAbort its
    // Abort, nobody has committed). TMCommit then RMRcvCommitMsg(r1) moves a
    // working r1 to committed, which TCommit's Commit(r1) forbids (r1 is not
    // prepared): 2 steps, 3 states.
    const r = check(load('twophase', (s) => s.replace('tmState == idle && tmPrepared == RM', 'tmState == idle')));
    expect(r.violation?.kind).toBe('refinement');
    expect(r.violation!.trace.steps.map((s) => s.action?.name ?? null)).toEqual([null, 'TMCommit', 'RMRcvCommitMsg']);
    const d = decodeTrace((r.violation as Extract<typeof r.violation, { kind: 'refinement' }>).abstract);
    expect(d.steps.map((s) => formatValue(d.spec.vars[0].type, s.values[0]))).toEqual([
      '[r1 |-> working, r2 |-> working, r3 |-> working]', '[r1 |-> committed, r2 |-> working, r3 |-> working]']);
  });

  it('TwoPhase whose TM drops the messages when it aborts breaks the action property MsgsKept after 2 steps', () => {
    // By hand: TMAbort from msgs = {} keeps {} inside {Abort}; a message must
    // be sent first (RMPrepare(r1), BFS's first), then TMAbort drops it.
    const r = check(load('twophase', (s) => s.replace('msgs = msgs union {Abort}', 'msgs = {Abort}')));
    expect(r.violation).toMatchObject({ kind: 'action-property', name: 'MsgsKept' });
    expect(r.violation!.trace.steps.map((s) => s.action?.name ?? null)).toEqual([null, 'RMPrepare', 'TMAbort']);
  });

  it('Die Hard: NotSolved is violated, the shortest solution has 6 steps', () => {
    const r = check(load('diehard'));
    expect(verdicts(r).NotSolved).toBe('violated');
    const steps = r.violation!.trace.steps;
    expect(steps).toHaveLength(7);
    expect(steps.map((s) => s.action?.name ?? null)).toEqual([null, 'FillBig', 'BigToSmall', 'EmptySmall', 'BigToSmall', 'FillBig', 'BigToSmall']);
  });

  it('EWD 840: detection is sound, and termination is detected under WF(InitiateProbe | PassToken)', () => {
    // with every node passive only the token moves, and the union of the two
    // token actions stays enabled until the probe comes back white to node 0
    // (and then it is a terminal state, so it holds for good: DetectedForGood)
    expect(verdicts(check(load('ewd840'), { deadlock: false }))).toMatchObject({ TerminationDetection: 'holds', Liveness: 'holds', DetectedForGood: 'holds' });
  });

  it('EWD 840: without fairness the token may stop forever', () => {
    const r = check(load('ewd840', (s) => s.replace('fairness weak(InitiateProbe | PassToken)', '')), { deadlock: false, continue: true });
    expect(verdicts(r)).toMatchObject({ Liveness: 'violated', DetectedForGood: 'violated' });
  });

  it('EWD 840: the detected state is terminal, a deadlock unless --no-deadlock', () => {
    expect(verdicts(check(load('ewd840'), { temporal: false })).deadlock).toBe('violated');
  });

  it('Peterson: mutual exclusion, no deadlock, and each process enters under weak fairness of both (one quantified property)', () => {
    expect(verdicts(check(load('peterson')))).toEqual({ MutualExclusion: 'holds', deadlock: 'holds', Enters: 'holds' });
  });

  it('Peterson: without fairness a process may stop anywhere: Enters fails for p0, the first value', () => {
    const r = check(load('peterson', (s) => s.replace('fairness forall p in P: weak(proc(p))', '')));
    expect(verdicts(r).Enters).toBe('violated');
    expect(r.violation).toMatchObject({ kind: 'property', name: 'Enters', instance: 'p0' });
  });

  it('Voting: at most one value is chosen (enumerate.py checks it on every reachable state too)', () => {
    expect(verdicts(check(load('voting'), { deadlock: false })).OneValueChosen).toBe('holds');
  });

  it('Voting: without ShowsSafeAt two values can be chosen (v1 by a1, a2 in ballot 0, then v2 by a2, a3 in ballot 1)', () => {
    const r = check(load('voting', (s) => s.replace('&& (exists Q in Quorum: ShowsSafeAt(Q, b, v))', '')), { deadlock: false });
    expect(verdicts(r).OneValueChosen).toBe('violated');
    expect(r.violation!.trace.steps.filter((s) => s.action?.name === 'VoteFor')).toHaveLength(4);
  });

  it('allocator: mutual exclusion, no deadlock, every request served under SF of Allocate(c)', () => {
    expect(verdicts(check(load('allocator')))).toEqual({ ResourceMutex: 'holds', deadlock: 'holds', Obtains: 'holds' });
  });

  it('allocator: weak fairness of Allocate(c) is not enough: the other client takes the resource each time it is free', () => {
    const r = check(load('allocator', (s) => s.replace('strong(Allocate(c))', 'weak(Allocate(c))')));
    expect(r.violation).toMatchObject({ kind: 'property', name: 'Obtains', instance: 'c1' });
  });
});
