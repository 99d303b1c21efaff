// A step's name shows the values its `with`s and `x in S` picked (issue 16,
// point 8): `Move(S={m1, c1})` in the text, lkml and json traces, and only
// those of the `with`s the step's path went through.
import { describe, expect, it } from 'vitest';
import { run } from './run-cli.js';

const SPEC = 'test/fixtures/picks/move.uffd';
const check = (inv: string, format = 'text') => run('check', SPEC, '--invariant', inv, '--format', format);

describe('the values a step picked', () => {
  it('text: after the parameters, named like them', async () => {
    const r = await check('NotAllCrossed');
    expect(r.out).toContain('State 1: Move(S={m1, c1})   [the boat takes one or two across]');
  });

  it('lkml: in the step head', async () => {
    const r = await check('NotAllCrossed', 'lkml');
    expect(r.out).toMatch(/^1 {2}Move\(S=\{m1, c1\}\)$/m);
  });

  it('json: as "picks", apart from the parameters in "args"', async () => {
    const r = await check('NotAllCrossed', 'json');
    const step = JSON.parse(r.out).violation.trace.steps[1];
    expect(step.action).toEqual({ name: 'Move', args: {}, picks: { S: { '#set': ['m1', 'c1'] } }, doc: 'the boat takes one or two across' });
  });

  it('`x in S` is named after its variable', async () => {
    expect((await check('KNot1')).out).toContain('State 1: Pick(k=1)\n');
  });

  it('only the `with`s on the path of the step: not those of an earlier either branch', async () => {
    // k = 3 only from the second branch, j = 3, i = 0; the first branch's `k in` is not named
    expect((await check('KNot3')).out).toContain('State 1: Pick(j=3, i=0)\n');
  });
});
