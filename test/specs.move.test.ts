// specs/uffdio_move.uffd and its versions (specs/move/): the per-VMA-lock
// deadlock of UFFDIO_MOVE in series v3/v4, refuted on v5..v7 and on 6.8. Every
// exit code, verdict, state count and trace length below was computed by the
// checker (docs/findings/uffdio_move_lock_order.md), never typed in by hand.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { main } from '../cli/main.js';
// @ts-expect-error plain ES module without types
import { VARIANTS, render } from '../specs/move/generate.mjs';

async function check(file: string, consts: string[], extra: string[] = []) {
  const out: string[] = [];
  const stdout: string[] = [];
  const args = ['node', 'uffd-spec', 'check', file, '--progress', '1000', ...extra];
  for (const c of consts) args.push('--const', c);
  const code = await main(args, { out: (s) => { out.push(s); stdout.push(s); }, err: (s) => out.push(s) });
  return { code, out: out.join('\n'), stdout: stdout.join('\n') };
}

const v = (name: string) => `specs/move/${name}.uffd`;

describe('specs/move', () => {
  it('are up to date with specs/uffdio_move.uffd (node specs/move/generate.mjs)', () => {
    const spec = readFileSync('specs/uffdio_move.uffd', 'utf8');
    expect(Object.keys(VARIANTS)).toEqual(['pre', 'v4', 'v5', 'v7']);
    for (const name of Object.keys(VARIANTS)) {
      expect(readFileSync(v(name), 'utf8'), name).toBe(render(spec, name));
    }
  });

  it('v4: MOVE b -> a against fork deadlocks in 9 steps', async () => {
    const r = await check(v('v4'), []);
    expect(r.code).toBe(1);
    expect(r.out).toContain('Error: deadlock reached: no action is enabled and not every process has finished.');
    expect(r.out).toContain('The shortest behaviour that reaches it has 9 steps');
    expect(r.out).toContain('236 distinct states');
    expect(r.out).toMatch(/deadlock\s+violated/);
  }, 60_000);

  it('v4: the lkml diagram has the fork and both move threads as columns', async () => {
    const r = await check(v('v4'), [], ['--format', 'lkml']);
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('uffd-spec: deadlock after 9 steps: no action is enabled');
    const header = lines.find((l) => l.includes('mover(t=a2b)'))!;
    expect(header).toMatch(/^\s+fork\s+mover\(t=a2b\)\s+mover\(t=b2a\)$/);
    // b2a read-locks its source VB; fork then queues on VB while VA stays marked
    const col = header.indexOf('mover(t=b2a)');
    const row7 = lines.findIndex((l) => /^7\s/.test(l));
    expect(lines[row7].indexOf('l1: lock_vma(1st)')).toBe(col);
    expect(lines.slice(row7, row7 + 4).join('\n')).toContain('vl[VB] = 1 reader');
    expect(lines.find((l) => /^8\s/.test(l))).toMatch(/^8\s+wb1: vma_start_write\(VB\) queues behind VB's readers$/);
    expect(r.out).toContain('After step 9 no action is enabled and not every process has finished.');
  }, 60_000);

  for (const [name, states] of [['v5', '1,486'], ['v7', '1,486'], ['pre', '429']] as const) {
    it(`${name}: no deadlock, every invariant and AllReturn hold (${states} states)`, async () => {
      const r = await check(v(name), []);
      expect(r.code).toBe(0);
      expect(r.out).toContain(`${states} distinct states`);
      expect(r.out).toMatch(/deadlock\s+holds/);
      expect(r.out).toMatch(/property AllReturn\s+holds/);
      expect(r.out).toContain('Verdict: every checked property holds.');
    }, 60_000);
  }

  it('v4: two moves in opposite directions without fork do not deadlock', async () => {
    const r = await check(v('v4'), ['FORK=false']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('212 distinct states');
    expect(r.out).toMatch(/deadlock\s+holds/);
  }, 60_000);

  it('v4: MOVE a -> b alone (source below destination) does not deadlock against fork', async () => {
    const r = await check(v('v4'), ['MOVE_B2A=false']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('220 distinct states');
  }, 60_000);

  // [variant, consts, deadlock steps or null (holds), states]
  const CASES: [string, string[], number | null, string][] = [
    ['v4', ['SAME_VMA=true'], 7, '157'], // the same VMA read-locked twice, behind a queued writer
    ['v5', ['SAME_VMA=true'], null, '1,393'],
    ['v4', ['SPURIOUS=true'], 7, '313'], // vma_start_read() of the 2nd VMA fails with no writer on it
    ['v5', ['SPURIOUS=true'], null, '2,310'],
  ];
  for (const [name, consts, steps, states] of CASES) {
    it(`${name} ${consts.join(' ')}: ${steps === null ? 'no deadlock' : `deadlock in ${steps} steps`}`, async () => {
      const r = await check(v(name), consts);
      expect(r.out).toContain(`${states} distinct states`);
      if (steps === null) {
        expect(r.code).toBe(0);
        expect(r.out).toMatch(/deadlock\s+holds/);
      } else {
        expect(r.code).toBe(1);
        expect(r.out).toContain(`The shortest behaviour that reaches it has ${steps} steps`);
        expect(r.out).toMatch(/deadlock\s+violated/);
      }
    }, 60_000);
  }

  // The invariants can fail: without mmap_changing's check, or with neither
  // map_changing_lock nor fork's vma_start_write().
  const BROKEN: [string, string[], string, number][] = [
    ['v5', ['CHECK_MC=false'], 'MoveSerialisable', 13],
    ['pre', ['CHECK_MC=false'], 'MoveSerialisable', 12],
    ['v5', ['FORK_VMA_LOCK=false', 'MCL=false'], 'MoveSerialisable', 9],
  ];
  for (const [name, consts, inv, steps] of BROKEN) {
    it(`${name} ${consts.join(' ')}: ${inv} is violated in ${steps} steps`, async () => {
      const r = await check(v(name), consts);
      expect(r.code).toBe(1);
      expect(r.out).toContain(`Error: invariant ${inv} is violated.`);
      expect(r.out).toContain(`has ${steps} steps`);
    }, 60_000);
  }

  it('v5 FORK_VMA_LOCK=false MCL=false: the child gets the page twice or never (12 steps)', async () => {
    const r = await check(v('v5'), ['FORK_VMA_LOCK=false', 'MCL=false'], ['--invariant', 'ChildConserved']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('Error: invariant ChildConserved is violated.');
    expect(r.out).toContain('has 12 steps');
  }, 60_000);

  it('v5 FORK_VMA_LOCK=false: map_changing_lock alone keeps MOVE out of the copy', async () => {
    const r = await check(v('v5'), ['FORK_VMA_LOCK=false']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('833 distinct states');
    expect(r.out).toContain('Verdict: every checked property holds.');
  }, 60_000);
});
