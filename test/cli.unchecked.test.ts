// A temporal property the checker does not decide never ends in a silent
// exit 0: refused up front (exit 2, file:line:col, why in words) unless
// --allow-unchecked, and then "not checked" in the summary, the verdict line
// and the JSON.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from './run-cli.js';
import { shapeOf } from '../checker/temporal/temporal-shape.js';
import { check } from '../checker/check.js';
import { compileSource } from '../dsl/index.js';

function tmpSpec(text: string): string {
  const f = join(mkdtempSync(join(tmpdir(), 'uffd-unchecked-')), 'u.uffd');
  writeFileSync(f, text);
  return f;
}

const BASE = 'spec u\nvar x: 0..1\naction set when x == 0 { x = 1 }\nfairness weak(set)\n';

describe('temporal properties past the checker\'s limits', () => {
  // every formula over state predicates is decided (the product with a Büchi
  // automaton, test/checker.ltl-product.test.ts); what remains refused is a
  // property past the 32 state predicates the state graph has bits for
  const MANY = Array.from({ length: 33 }, (_, i) => `[](x >= ${-i})`).join(' && ');

  it('the only property is past the limit: exit 2 at its position, nothing checked', async () => {
    const f = tmpSpec(`${BASE}property Many: ${MANY}\n`);
    const r = await run('check', f, '--no-deadlock');
    expect(r.code).toBe(2);
    expect(r.out).toBe(''); // refused before the search: no summary, no verdict
    expect(r.err).toContain(`${f}:5:1: error: property Many cannot be checked: its formula uses more than 32 state predicates`);
    expect(r.err).toContain('--allow-unchecked');
    expect(r.err).toContain('1 error; nothing was checked.');
  });

  it('--allow-unchecked: not checked with the reason, the verdict line says so, exit 0 (text and JSON)', async () => {
    const f = tmpSpec(`${BASE}property Many: ${MANY}\n`);
    const r = await run('check', f, '--no-deadlock', '--allow-unchecked');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/property Many\s+not checked \(its formula uses more than 32 state predicates in the properties together\)/);
    expect(r.out).not.toMatch(/unknown|search incomplete/);
    expect(r.out).toContain('Verdict: every checked property holds; 1 property was not checked (above).');
    const j = await run('check', f, '--no-deadlock', '--allow-unchecked', '--format', 'json');
    expect(j.code).toBe(0);
    const json = JSON.parse(j.out);
    expect(json.verdicts).toEqual([{ name: 'Many', kind: 'property', verdict: 'not-checked', note: 'its formula uses more than 32 state predicates in the properties together' }]);
  });

  it('the budget is spent in declaration order; the decided ones are still checked under --allow-unchecked', async () => {
    const f = tmpSpec(`${BASE}property Good: <>(x == 1)\nproperty Or: <>(x == 1) || [](x == 0)\nproperty Many: ${MANY}\n`);
    const r = await run('check', f, '--no-deadlock');
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${f}:7:1: error: property Many cannot be checked`);
    expect(r.err).not.toContain('property Good');
    expect(r.err).not.toContain('property Or');
    expect(r.err).toContain('1 error; nothing was checked.');
    const a = await run('check', f, '--no-deadlock', '--allow-unchecked');
    expect(a.code).toBe(0);
    expect(a.out).toMatch(/property Good\s+holds/);
    expect(a.out).toMatch(/property Or\s+holds/);
    expect(a.out).toContain('Verdict: every checked property holds; 1 property was not checked (above).');
    // a violated property still fails the check under --allow-unchecked
    const v = tmpSpec(`spec u\nvar x: 0..1\naction set when x == 0 { x = 1 }\nproperty Good: <>(x == 1)\nproperty Many: ${MANY}\n`);
    const rv = await run('check', v, '--no-deadlock', '--allow-unchecked');
    expect(rv.code).toBe(1);
    expect(rv.out).toContain('Error: temporal property Good is violated.');
  });

  it('a formula whose Büchi automaton would be too large is refused, not left to run for ever', async () => {
    // the negation of eight []<>P joined by || is a conjunction of eight <>[]!P: 2^8 ways to be pending
    const big = Array.from({ length: 8 }, (_, i) => `[]<>(x == ${i % 2})`).join(' || ');
    const f = tmpSpec(`${BASE}property Big: ${big}\n`);
    const r = await run('check', f, '--no-deadlock');
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${f}:5:1: error: property Big cannot be checked: the formula is too large to check: its Büchi automaton has more than 4096 states`);
  });

  it('shapeOf names the fast-path shapes; the checker decides every formula, fast path or not', () => {
    const cases: [string, string | null][] = [
      ['[](x <= 1)', null], ['<>(x == 1)', null], ['x == 0 ~> x == 1', null], ['[]<>(x == 1)', null], ['<>[](x == 1)', null],
      ['[](x == 0 => <>(x == 1))', null], ['x == 0', null], ['[](x <= 1) && <>(x == 1)', null], ['[]((x == 0 ~> x == 1) && <>(x == 1))', null],
      ['!(<>(x == 1))', '! (negation) of a temporal formula'],
      ['<>(x == 1) || [](x == 0)', '|| between temporal formulas'],
      ['<>(<>(x == 1))', '<> applied to <>P'],
      ['[]<>[](x == 1)', '[] applied to a <> formula'],
      ['<>(x == 1) ~> x == 0', '~> between temporal formulas (both sides must be state predicates)'],
    ];
    for (const [formula, why] of cases) {
      const loaded = compileSource(`${BASE}property F: ${formula}\n`, 'f.uffd');
      expect(loaded.ok, formula).toBe(true);
      if (!loaded.ok) continue;
      const shape = shapeOf(loaded.spec.properties[0].formula);
      expect(shape.ok ? null : shape.why, formula).toBe(why);
      const v = check(loaded.spec, { deadlock: false }).verdicts.find((p) => p.name === 'F')!;
      expect(['holds', 'violated'], formula).toContain(v.verdict);
    }
  });
});

describe('temporal properties under symmetry and --no-temporal', () => {
  it('under symmetry reduction: exit 2 at the property, suggesting --no-symmetry', async () => {
    const r = await run('check', 'bench/fork_copy_sym.uffd', '--const', 'P=2');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain('bench/fork_copy_sym.uffd:74:1: error: property EventsRead cannot be checked under symmetry reduction (symmetric Thread)');
    expect(r.err).toContain('rerun with --no-symmetry');
    const plain = await run('check', 'bench/fork_copy_sym.uffd', '--const', 'P=2', '--no-symmetry');
    expect(plain.code).toBe(0);
    expect(plain.out).toMatch(/property EventsRead\s+holds/);
    expect(plain.out).toContain('Verdict: every checked property holds.');
  });

  it('under symmetry with --allow-unchecked: not checked, said in the verdict line and the JSON', async () => {
    const r = await run('check', 'bench/fork_copy_sym.uffd', '--const', 'P=2', '--allow-unchecked');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/property EventsRead\s+not checked \(under symmetry reduction; --no-symmetry checks it\)/);
    expect(r.out).toContain('Verdict: every checked property holds; 1 property was not checked (above).');
    const j = JSON.parse((await run('check', 'bench/fork_copy_sym.uffd', '--const', 'P=2', '--allow-unchecked', '--format', 'json')).out);
    expect(j.verdicts.find((p: { name: string }) => p.name === 'EventsRead').verdict).toBe('not-checked');
  });

  it('--no-temporal: every property "not checked (--no-temporal)", never holds; unsupported shapes are not refused then', async () => {
    const r = await run('check', 'bench/fork_copy.uffd', '--const', 'P=1', '--const', 'T=1', '--no-temporal');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/property EventsRead\s+not checked \(--no-temporal\)/);
    expect(r.out).toContain('Verdict: every checked property holds; 1 property was not checked (above).');
    const j = JSON.parse((await run('check', 'bench/fork_copy.uffd', '--const', 'P=1', '--const', 'T=1', '--no-temporal', '--format', 'json')).out);
    expect(j.verdicts.find((p: { name: string }) => p.name === 'EventsRead')).toEqual({ name: 'EventsRead', kind: 'property', verdict: 'not-checked', note: '--no-temporal' });
    const f = tmpSpec(`${BASE}property Bad: ${Array.from({ length: 33 }, (_, i) => `[](x >= ${-i})`).join(' && ')}\n`);
    const u = await run('check', f, '--no-deadlock', '--no-temporal');
    expect(u.code).toBe(0);
    expect(u.out).toMatch(/property Bad\s+not checked \(--no-temporal\)/);
  });
});

describe("a refinement's abstract fairness", () => {
  it('is checked (no refusal); under symmetry it is refused with the refinement, then "not checked" for both', async () => {
    const d = mkdtempSync(join(tmpdir(), 'uffd-unchecked-'));
    writeFileSync(join(d, 'fair-lock.uffd'), readFileSync('docs/examples/fair-lock.uffd', 'utf8'));
    const spin = readFileSync('docs/examples/spin-lock.uffd', 'utf8');
    writeFileSync(join(d, 'spin.uffd'), spin);
    writeFileSync(join(d, 'sym.uffd'), spin.replace('const Proc = {p1, p2}', 'const Proc = {p1, p2} symmetric'));
    const plain = await run('check', join(d, 'spin.uffd'));
    expect(plain.code).toBe(1); // checked: the spin lock starves a thread
    expect(plain.err).toBe('');
    expect(plain.out).toMatch(/refinement FairLock \(its fairness\)\s+violated/);
    const sym = await run('check', join(d, 'sym.uffd'));
    expect(sym.code).toBe(2);
    expect(sym.err).toContain(`${join(d, 'sym.uffd')}:16:1: error: the refinement of FairLock cannot be checked under symmetry reduction`);
    const ok = await run('check', join(d, 'sym.uffd'), '--allow-unchecked');
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/refinement FairLock\s+not checked \(under symmetry reduction; --no-symmetry checks it\)/);
    expect(ok.out).toMatch(/refinement FairLock \(its fairness\)\s+not checked \(under symmetry reduction; --no-symmetry checks it\)/);
  });
});
