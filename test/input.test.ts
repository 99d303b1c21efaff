// Input that is not a model of anything: an empty spec, a spec without
// variables or actions, and traces that are not what they claim (a device,
// a lasso index outside the trace, an action the spec lacks, a bad constant).
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from './run-cli.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'uffd-input-'));
function spec(text: string): string {
  const f = join(tmp(), 's.uffd');
  writeFileSync(f, text);
  return f;
}

const FORK = 'test/fixtures/counterexamples/fork_race.uffd';

async function written(file: string, ...args: string[]): Promise<string> {
  const dir = tmp();
  await run('check', file, ...args, '--format', 'itf', '--out', dir);
  const [name] = readdirSync(dir);
  return join(dir, name);
}

function edit(file: string, f: (t: any) => void): string { // eslint-disable-line @typescript-eslint/no-explicit-any
  const t = JSON.parse(readFileSync(file, 'utf8'));
  f(t);
  writeFileSync(file, JSON.stringify(t));
  return file;
}

describe('specs with nothing to explore (exit 2)', () => {
  it('an empty file', async () => {
    const f = spec('');
    const r = await run('check', f);
    expect(r.code).toBe(2);
    expect(r.out).not.toContain('deadlock');
    expect(r.err).toBe(`${f}:1:1: error: the spec declares no variables (there is no state to explore) and no actions and no processes (nothing can happen); a spec needs a 'var' and an 'action' or a 'process' (docs/language.md)`);
  });

  it('no actions, or no variables', async () => {
    const noActions = await run('check', spec('spec s\nvar x: bool\n'));
    expect(noActions.code).toBe(2);
    expect(noActions.err).toContain('error: the spec declares no actions and no processes (nothing can happen)');
    const noVars = await run('check', spec('spec s\naction a { skip }\n'));
    expect(noVars.code).toBe(2);
    expect(noVars.err).toContain('error: the spec declares no variables (there is no state to explore);');
  });

  it('a deadlock mentions processes only where the spec has some', async () => {
    const plain = await run('check', spec('spec s\nvar x: 0..1\naction a when x == 0 { x = 1 }\n'));
    expect(plain.code).toBe(1);
    expect(plain.out).toContain('Error: deadlock reached: no action is enabled.');
    expect(plain.out).not.toContain('process');
    const lkml = await run('check', spec('spec s\nvar x: 0..1\naction a when x == 0 { x = 1 }\n'), '--format', 'lkml');
    expect(lkml.out).toContain('After step 1 no action is enabled.');
    const procs = await run('check', spec('spec s\nvar x: 0..1\nprocess p {\n  a: await x == 1\n}\n'));
    expect(procs.code).toBe(1);
    expect(procs.out).toContain('Error: deadlock reached: no action is enabled and not every process has finished.');
  });
});

describe('replay rejects what is not a trace of the spec', () => {
  it('a device such as /dev/zero: one line, exit 2, at once', async () => {
    const t0 = Date.now();
    const r = await run('replay', FORK, '/dev/zero');
    expect(r.code).toBe(2);
    expect(r.err).toBe('uffd-spec: /dev/zero: not a trace: it is not a regular file (a device, a FIFO or a socket)');
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('a lasso index outside the trace (99, -1, 1.5)', async () => {
    const l = spec('spec l\nvar x: 0..1\naction set when x == 0 { x = 1 }\nproperty P: <>(x == 1)\n');
    const f = await written(l, '--no-deadlock');
    expect(JSON.parse(readFileSync(f, 'utf8')).loop).toBe(0); // stutters in the initial state
    const ok = await run('replay', l, f);
    expect(ok.code, ok.err).toBe(0);
    for (const bad of [99, -1, 1.5]) {
      edit(f, (t) => { t.loop = bad; });
      const r = await run('replay', l, f);
      expect(r.code).toBe(2);
      expect(r.err).toBe(`uffd-spec: ${f}: not a trace of l: its lasso returns to state ${bad}, but the trace has states 0..0`);
    }
  });

  it('an action the spec does not have, or one that did not take the step', async () => {
    const f = await written(FORK, '--const', 'CHECK_MC=false', '--invariant', 'ChildSeesData');
    const good = await run('replay', FORK, f);
    expect(good.code, good.err).toBe(0);
    const action = JSON.parse(readFileSync(f, 'utf8')).states[3]['#meta'].action;
    edit(f, (t) => { t.states[3]['#meta'].action = 'teleport'; });
    const r = await run('replay', FORK, f);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`uffd-spec: ${f}: not a trace of mmap_changing: step 3 names action teleport, which spec mmap_changing does not have`);
    // a real action that does not make this step: the step is not a transition of it
    edit(f, (t) => { t.states[3]['#meta'].action = 'child_fault'; t.states[3]['#meta'].args = {}; });
    const wrong = await run('replay', FORK, f);
    expect(action).not.toBe('child_fault');
    expect(wrong.code).toBe(1);
    expect(wrong.out).toContain('step 3 is not a transition of mmap_changing');
  });

  it('a bad constant recorded in the trace is blamed on the trace file, not the command line', async () => {
    const f = await written(FORK, '--const', 'CHECK_MC=false', '--invariant', 'ChildSeesData');
    edit(f, (t) => { t['#meta'].constants.CHECK_MC = 'maybe'; });
    const r = await run('replay', FORK, f);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${f}:1:1: error: the constant CHECK_MC=maybe: CHECK_MC is a boolean, so its value must be true or false (recorded in the trace; --const CHECK_MC=... overrides it)`);
    expect(r.err).not.toContain('<command line>');
    const overridden = await run('replay', FORK, f, '--const', 'CHECK_MC=false');
    expect(overridden.code, overridden.err).toBe(0);
    const mine = await run('replay', FORK, f, '--const', 'CHECK_MC=3');
    expect(mine.err).toContain('<command line>:1:1: error: --const CHECK_MC=3');
  });
});
