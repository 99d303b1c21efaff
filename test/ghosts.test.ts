// Ghost variables (`ghost var`): checked like any variable (same state
// counts, same verdicts), carried by json and itf, hidden in printed traces
// unless the violated property reads them or --show-ghosts is given; and the
// "Initially" rule: what the steps change or the property reads, the rest
// counted in one line (--show-all prints it).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../cli/main.js';
import { compileSource, loadSpecFile, stripSpans } from '../dsl/index.js';
import { spec as builder, t, s, e } from '../dsl/builder.js';
import { check } from '../checker/check.js';
import type { Spec } from '../dsl/ir.js';

const GHOSTS = 'test/fixtures/counterexamples/fork_race_ghosts.uffd';
const RACE = ['--const', 'CHECK_MC=false'];

async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['node', 'uffd-spec', ...args], { out: (x) => out.push(x), err: (x) => err.push(x) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function ok(r: ReturnType<typeof compileSource>): Spec {
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.line}:${d.col}: ${d.message}`).join('\n'));
  return r.spec;
}

// The lines of the text trace's block for state i (its header excluded).
function block(text: string, i: number): string[] {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => l.startsWith(`State ${i}:`));
  const out: string[] = [];
  for (let k = at + 1; k < lines.length && lines[k].startsWith('    '); k++) out.push(lines[k].trim());
  return out;
}

describe('ghost var: the language', () => {
  it('marks the declared variables ghost in the IR, and the builder does the same', () => {
    const src = 'spec g\nvar x: 0..2\nghost var seen, n: bool\naction a when x < 2 { x += 1; seen = true }\n';
    const parsed = ok(compileSource(src, 'g.uffd'));
    expect(parsed.vars.map((v) => [v.name, v.ghost === true])).toEqual([['x', false], ['seen', true], ['n', true]]);
    const b = builder('g', 'g.uffd');
    b.var('x', t.range(0, 2)).var(['seen', 'n'], t.bool, { ghost: true });
    b.action('a', {}, { when: e.lt('x', 2), body: [s.add('x', 1), s.assign('seen', true)] });
    const built = b.build();
    expect(built.ok).toBe(true);
    if (built.ok) expect(stripSpans(built.spec)).toEqual(stripSpans(parsed));
  });

  it('`ghost` is not reserved: a variable may be called ghost', () => {
    const sp = ok(compileSource('spec g\nvar ghost: bool\nghost var var2: bool\naction a { ghost = true }\n', 'g.uffd'));
    expect(sp.vars.map((v) => `${v.name}${v.ghost ? '*' : ''}`)).toEqual(['ghost', 'var2*']);
  });

  it('`ghost` before anything but var is a syntax error at its position', () => {
    const r = compileSource('spec g\nvar x: bool\nghost action a { x = true }\n', 'g.uffd');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(`${r.diagnostics[0].line}:${r.diagnostics[0].col} ${r.diagnostics[0].message}`).toMatch(/^3:7 .*'var'/);
  });

  it('ghosts do not change the state space: the same counts and verdicts with and without the word', () => {
    const text = readFileSync(GHOSTS, 'utf8');
    const plain = text.replace(/^ghost var/gm, 'var');
    expect(plain).not.toBe(text);
    for (const consts of [{ CHECK_MC: 'false' }, { CHECK_MC: 'true' }]) {
      const a = check(ok(compileSource(text, GHOSTS, { consts })));
      const b = check(ok(compileSource(plain, GHOSTS, { consts })));
      expect([a.stats.distinct, a.stats.generated, a.outcome]).toEqual([b.stats.distinct, b.stats.generated, b.outcome]);
      expect(a.verdicts).toEqual(b.verdicts);
    }
    // and the race is found as in fork_race.uffd: 209 states, 15 steps
    const r = check(ok(loadSpecFile(GHOSTS, { consts: { CHECK_MC: 'false' } }) as never));
    expect([r.stats.distinct, r.violation?.trace.steps.length]).toEqual([209, 16]);
  });
});

describe('ghosts and the "Initially" rule in printed traces', () => {
  it('text: ghost changes are hidden in the steps; a ghost the property reads is shown initially and at the end', async () => {
    const { code, out } = await run('check', GHOSTS, ...RACE);
    expect(code).toBe(1);
    const init = block(out, 0);
    expect(init).toContain('ctruth = [p1 |-> false, p2 |-> false]'); // ChildSeesData reads it
    for (const g of ['truth =', 'begun =', 'rd =']) expect(init.some((l) => l.startsWith(g))).toBe(false);
    expect(init).not.toContain('page = p1'); // no step changes page or result
    expect(init[init.length - 1]).toBe('(2 more unchanged: --show-all; 3 ghost variables: --show-ghosts)');
    expect(block(out, 3)).toEqual(['fork.pc = unlock']); // fork.copy set ctruth: not shown
    expect(block(out, 2)).toEqual(['mmap_changing = 1', 'fork.pc = copy']); // begun = true: not shown
    expect(out).toContain('Ghost variables that ChildSeesData reads, in state 15:\n    ctruth = [p1 |-> true, p2 |-> true]\n');
  });

  it('text --show-ghosts shows every ghost everywhere; --show-all the unchanged variables', async () => {
    const g = (await run('check', GHOSTS, ...RACE, '--show-ghosts')).out;
    // begun and rd change, truth does not: it is then one of the unchanged
    expect(block(g, 0)).toEqual(expect.arrayContaining(['begun = false', 'rd = false', '(3 more unchanged: --show-all)']));
    expect(block(g, 3)).toEqual(['ctruth = [p1 |-> true, p2 |-> true]', 'fork.pc = unlock']);
    expect(g).not.toContain('Ghost variables that');
    const all = (await run('check', GHOSTS, ...RACE, '--show-all')).out;
    expect(block(all, 0)).toEqual(expect.arrayContaining(['page = p1', 'result = ok', '(3 ghost variables: --show-ghosts)']));
    const both = (await run('check', GHOSTS, ...RACE, '--show-all', '--show-ghosts')).out;
    expect(block(both, 0)).toHaveLength(18); // every variable, pcs included, and no left-out line
  });

  it('a spec without ghosts: the initial state lists what the steps change, the rest counted', async () => {
    const { out } = await run('check', 'test/fixtures/counterexamples/fork_race.uffd', ...RACE);
    const init = block(out, 0);
    expect(init).toHaveLength(13); // 14 variables: 12 changed or read + the count line
    expect(init[12]).toBe('(2 more unchanged: --show-all)');
  });

  it('lkml: ghosts hidden under the steps and in "Initially" unless read; the end notes show the ghost read', async () => {
    const { out } = await run('check', GHOSTS, ...RACE, '--format', 'lkml');
    const initially = out.slice(out.indexOf('Initially'), out.indexOf('After step'));
    expect(initially).toContain('  ctruth = [p1 |-> false, p2 |-> false]');
    expect(initially).not.toMatch(/^ {2}(truth|begun|rd) =/m);
    expect(initially).toContain('(2 more unchanged: --show-all; 3 ghost variables: --show-ghosts)');
    expect(out.slice(out.indexOf('After step'))).toContain('  ctruth = [p1 |-> true, p2 |-> true]');
    expect(out.slice(0, out.indexOf('Initially'))).not.toMatch(/ctruth|begun|rd =/);
    const shown = (await run('check', GHOSTS, ...RACE, '--format', 'lkml', '--show-ghosts')).out;
    expect(shown.slice(0, shown.indexOf('Initially'))).toMatch(/^ +begun = true$/m);
  });

  it('json and itf carry the ghosts, named as such, in every state; the itf replays', async () => {
    const j = JSON.parse((await run('check', GHOSTS, ...RACE, '--format', 'json')).out);
    expect(j.violation.trace.ghosts).toEqual(['truth', 'ctruth', 'begun', 'rd']);
    expect(j.violation.trace.steps[3].state.ctruth).toEqual({ '#map': [['p1', true], ['p2', true]] });
    expect(j.violation.trace.steps[3].changed).toContain('ctruth');
    const itf = (await run('check', GHOSTS, ...RACE, '--format', 'itf')).out;
    expect(JSON.parse(itf)['#meta'].ghosts).toEqual(['truth', 'ctruth', 'begun', 'rd']);
    const f = join(mkdtempSync(join(tmpdir(), 'uffd-ghost-')), 'race.itf.json');
    writeFileSync(f, itf);
    expect((await run('replay', GHOSTS, f)).code).toBe(0);
  });
});
