// Counterexample output: the lkml race diagram, JSON, ITF, --out files and
// replay, on a frozen copy of the fork vs UFFDIO_COPY spec.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from './run-cli.js';
import { wrap } from '../counterexamples/wrap.js';
import { writeNew } from '../counterexamples/out.js';

const FORK = 'test/fixtures/counterexamples/fork_race.uffd';
const RACE = ['--const', 'CHECK_MC=false'];

const tmp = () => mkdtempSync(join(tmpdir(), 'uffd-cx-'));

function spec(text: string): string {
  const f = join(tmp(), 'long.uffd');
  writeFileSync(f, text);
  return f;
}

describe('--format lkml', () => {
  it('the fork race: verdict on top, one column per thread, plain ASCII within 72 columns', async () => {
    const r = await run('check', FORK, ...RACE, '--format', 'lkml');
    expect(r.code).toBe(1);
    const lines = r.out.split('\n');
    for (const l of lines) {
      expect(l.length).toBeLessThanOrEqual(72);
      expect(l).toMatch(/^[\x20-\x7e]*$/); // no tabs, no colour, ASCII only
    }
    expect(lines[0]).toBe('uffd-spec: invariant ChildSeesData is violated after 15 steps');
    const header = lines.find((l) => /^\s+fork\s+monitor\s+child_fault$/.test(l));
    expect(header).toBeDefined();
    const col = (name: string) => header!.indexOf(name);
    // each step starts in its thread's column
    const stepAt = (re: RegExp) => { const l = lines.find((x) => re.test(x))!; expect(l).toBeDefined(); return l.replace(/^\s*\d+/, (m) => ' '.repeat(m.length)).search(/\S/); };
    expect(stepAt(/lock: mmap_write_lock\(oldmm\)/)).toBe(col('fork'));
    expect(stepAt(/copy: copy_page_range\(\)/)).toBe(col('fork'));
    expect(stepAt(/install: mfill_atomic_pte_copy\(\)/)).toBe(col('monitor'));
    expect(stepAt(/child_fault\(p\d\)/)).toBe(col('child_fault'));
    // the order of the thread's interleaving
    const at = (s: string) => r.out.indexOf(s);
    expect(at('mmap_write_lock(oldmm)')).toBeLessThan(at('copy_page_range()'));
    expect(at('copy_page_range()')).toBeLessThan(at('parent[p1] = data'));
    expect(at('parent[p1] = data')).toBeLessThan(at('knows_child = true'));
    expect(at('knows_child = true')).toBeLessThan(at('child[p1] = zero'));
    expect(r.out).toContain('mmap_lock = write-locked');
    expect(r.out).toMatch(/Spec: test\/fixtures\/counterexamples\/fork_race\.uffd \(spec mmap_changing\)\nConstants: PAGES=\{p1,p2\}, CHECK_MC=false$/);
  });

  it('is byte-identical from run to run', async () => {
    const a = await run('check', FORK, ...RACE, '--format', 'lkml');
    const b = await run('check', FORK, ...RACE, '--format', 'lkml');
    expect(a.out).toBe(b.out);
  });

  it('long names and many threads never overflow 72 columns', async () => {
    const procs = Array.from({ length: 7 }, (_, i) => `
// mm/some_really_long_file_name.c a_kernel_function_with_an_extremely_long_name_${i}(struct vm_area_struct *vma)
process a_thread_with_a_very_long_process_name_number_${i} {
  the_only_label_of_this_thread_which_is_long: x_with_a_long_variable_name_too_${i} = true   // tab\there
}`).join('\n');
    const f = spec(`spec long_names\n${Array.from({ length: 7 }, (_, i) => `var x_with_a_long_variable_name_too_${i}: bool`).join('\n')}\ninvariant NotAllOfThem: !(${Array.from({ length: 7 }, (_, i) => `x_with_a_long_variable_name_too_${i}`).join(' && ')})\n${procs}\n`);
    const r = await run('check', f, '--format', 'lkml');
    expect(r.code).toBe(1);
    for (const l of r.out.split('\n')) {
      expect(l.length).toBeLessThanOrEqual(72);
      expect(l).not.toContain('\t');
    }
    expect(r.out).toContain('[a_thread_with_a_very_long_process_name_number_0]');
  });

  it('wrap() keeps every line within the width', () => {
    for (const w of [5, 10, 17, 30]) {
      for (const l of wrap('userfaultfd_event_wait_completion() and then a very long sentence with words', w)) expect(l.length).toBeLessThanOrEqual(w);
    }
  });
});

describe('--format json and itf', () => {
  it('json: the whole result, parseable, with the decoded trace and no timing', async () => {
    const r = await run('check', FORK, ...RACE, '--format', 'json');
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out);
    expect(j.format).toBe('uffd-spec-result');
    expect(j.outcome).toBe('violation');
    expect(j.constants).toEqual({ PAGES: '{p1,p2}', CHECK_MC: 'false' });
    expect(j.verdicts.find((v: { name: string }) => v.name === 'ChildSeesData').verdict).toBe('violated');
    expect(Object.keys(j.stats).sort()).toEqual(['depth', 'distinct', 'generated', 'initial', 'queue']);
    const steps = j.violation.trace.steps;
    expect(steps).toHaveLength(16);
    expect(steps[0].action).toBeNull();
    expect(steps[1].action).toMatchObject({ name: 'fork.lock', process: 'fork', label: 'lock', args: {} });
    expect(steps[15].action).toMatchObject({ name: 'child_fault' });
    expect(steps[15].state.child['#map']).toContainEqual([steps[15].action.args.p, 'zero']);
    expect(steps[1].state.mmap_lock).toBe(-1);
    expect(steps[0].state.todo).toEqual({ '#set': ['p1', 'p2'] });
    expect(steps[0].state.knows_child).toBe(false);
    const again = await run('check', FORK, ...RACE, '--format', 'json');
    expect(again.out).toBe(r.out);
  });

  it('itf: ADR-015 shape, action per state in #meta', async () => {
    const r = await run('check', FORK, ...RACE, '--format', 'itf');
    expect(r.code).toBe(1);
    const t = JSON.parse(r.out);
    expect(t['#meta'].format).toBe('ITF');
    expect(t.vars).toContain('parent');
    expect(t.vars).toContain('fork.pc');
    expect(t.loop).toBeUndefined();
    expect(t.states).toHaveLength(16);
    t.states.forEach((s: Record<string, unknown>, i: number) => {
      expect(s['#meta']).toMatchObject({ index: i });
      for (const v of t.vars) expect(s).toHaveProperty([v]);
    });
    expect(t.states[0]['#meta'].action).toBe('init');
    expect(t.states[1]['#meta']).toEqual({ index: 1, action: 'fork.lock', args: {} });
    expect(t.states[0].parent).toEqual({ '#map': [['p1', 'none'], ['p2', 'none']] });
    expect(t.states[0].events).toEqual([]);
    expect(t.states[0]['fork.pc']).toBe('lock');
    expect(r.err).toContain('Verdict: VIOLATED.'); // the summary goes to stderr
  });
});

describe('--out', () => {
  it('names files after spec and property, never overwrites without --force', async () => {
    const dir = tmp();
    for (let i = 0; i < 2; i++) expect((await run('check', FORK, ...RACE, '--format', 'itf', '--out', dir)).code).toBe(1);
    await run('check', FORK, ...RACE, '--format', 'lkml', '--out', dir);
    expect(readdirSync(dir).sort()).toEqual(['mmap_changing.ChildSeesData-1.itf.json', 'mmap_changing.ChildSeesData.itf.json', 'mmap_changing.ChildSeesData.lkml.txt']);
    writeFileSync(join(dir, 'mmap_changing.ChildSeesData.itf.json'), 'old');
    const r = await run('check', FORK, ...RACE, '--format', 'itf', '--out', dir, '--force');
    expect(r.err).toContain(`Counterexample written to ${join(dir, 'mmap_changing.ChildSeesData.itf.json')}`);
    expect(JSON.parse(readFileSync(join(dir, 'mmap_changing.ChildSeesData.itf.json'), 'utf8'))['#meta'].format).toBe('ITF');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('writeNew picks the next free number', () => {
    const dir = tmp();
    expect(writeNew(dir, 'a.B', 'json', '1')).toBe(join(dir, 'a.B.json'));
    expect(writeNew(dir, 'a.B', 'json', '2')).toBe(join(dir, 'a.B-1.json'));
    expect(writeNew(dir, 'a.B', 'json', '3')).toBe(join(dir, 'a.B-2.json'));
    expect(readFileSync(join(dir, 'a.B.json'), 'utf8')).toBe('1\n');
  });
});

describe('uffd-spec replay', () => {
  async function written(format: 'itf' | 'json'): Promise<string> {
    const dir = tmp();
    await run('check', FORK, ...RACE, '--format', format, '--out', dir);
    return join(dir, readdirSync(dir)[0]);
  }

  it('accepts the ITF and JSON traces the checker wrote (constants from the trace)', async () => {
    for (const f of ['itf', 'json'] as const) {
      const r = await run('replay', FORK, await written(f));
      expect(r.err).toBe('');
      expect(r.out).toMatch(/^OK: .* all 15 steps are transitions of the spec\.$/);
      expect(r.code).toBe(0);
    }
  });

  it('rejects a tampered trace at the tampered step, naming the variable', async () => {
    const file = await written('itf');
    const t = JSON.parse(readFileSync(file, 'utf8'));
    t.states[7].knows_child = true;
    writeFileSync(file, JSON.stringify(t));
    const r = await run('replay', FORK, file);
    expect(r.code).toBe(1);
    expect(r.out).toContain('step 7 is not a transition of mmap_changing');
    expect(r.out).toMatch(/knows_child: the trace has true, the spec gives false/);
  });

  it('says which guard is false when the named action is not enabled', async () => {
    const file = await written('itf');
    const t = JSON.parse(readFileSync(file, 'utf8'));
    // the child faults before fork returned: drop every step after the first
    t.states = [t.states[0], { ...t.states[15], '#meta': { index: 1, action: 'child_fault', args: { p: 'p1' } } }];
    writeFileSync(file, JSON.stringify(t));
    const r = await run('replay', FORK, file);
    expect(r.code).toBe(1);
    expect(r.out).toContain('step 1 is not a transition');
    expect(r.out).toMatch(/child_fault\(p=p1\) is not enabled: its guard is false: fork\.done/);
  });

  it('a file that is not a trace: one line, exit 2', async () => {
    const dir = tmp();
    for (const [name, text] of [['a.json', '{not json'], ['b.json', '{"x": 1}'], ['c.json', '{"vars": [], "states": [{"nope": 1}]}']]) {
      writeFileSync(join(dir, name), text);
      const r = await run('replay', FORK, join(dir, name));
      expect(r.code).toBe(2);
      expect(r.err.split('\n')).toHaveLength(1);
    }
    expect((await run('replay', FORK, join(dir, 'missing.json'))).code).toBe(2);
  });
});

describe('lkml lasso markers', () => {
  const LASSO = (prefix: boolean) => `spec lasso
var x: 0..1
var z: 0..1
var y: bool
init { z = ${prefix ? 0 : 1} }
action go when z == 0 { z = 1 }
action a when z == 1 { x = 1 - x }
property P: <>(y)
fairness weak(go)
fairness weak(a)
`;
  it('the marker sits above the first step of the cycle and names the state it returns to', async () => {
    const r = await run('check', spec(LASSO(true)), '--format', 'lkml');
    expect(r.code).toBe(1);
    const lines = r.out.split('\n');
    const marker = lines.findIndex((l) => l.includes('the cycle starts here'));
    expect(marker).toBeGreaterThan(0);
    expect(lines.slice(0, marker).some((l) => /^1\s+go$/.test(l))).toBe(true); // step 1 (go) is the prefix
    expect(lines.slice(marker + 1).find((l) => /^\d/.test(l))).toMatch(/^2\s+a$/);
    expect(r.out.replace(/\s+/g, ' ')).toContain('after step 3 the behaviour is back at the state after step 1, and steps 2-3 repeat forever');
  });
  it('a cycle through the initial state is marked too', async () => {
    const r = await run('check', spec(LASSO(false)), '--format', 'lkml');
    expect(r.code).toBe(1);
    expect(r.out.replace(/\s+/g, ' ')).toContain('after step 2 the behaviour is back at the initial state, and steps 1-2 repeat forever');
  });
});
