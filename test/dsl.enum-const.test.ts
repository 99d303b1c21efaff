// Constants of enum type (`const FAULT_AT = b`): typed by the member's enum,
// usable wherever a value of that enum is, overridable with --const by member
// name (docs/language.md, Declarations and Constants on the command line).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileSource, type Diagnostic } from '../dsl/index.js';
import { check } from '../checker/check.js';
import { decodeState } from '../checker/store/trace.js';
import { main } from '../cli/main.js';
import type { Spec } from '../dsl/ir.js';

function compile(src: string, consts: Record<string, string> = {}): Spec {
  const r = compileSource(src, 't.uffd', { consts });
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.file}:${d.line}:${d.col}: ${d.message}`).join('\n'));
  return r.spec;
}
function errs(src: string, consts: Record<string, string> = {}): string[] {
  const r = compileSource(src, 'bad.uffd', { consts });
  if (r.ok) throw new Error('expected errors, the spec compiled');
  return r.diagnostics.map((d: Diagnostic) => `${d.file}:${d.line}:${d.col}: ${d.message}`);
}

// The page a fault hits is a constant; the other pages get filled.
const SPEC = readFileSync('test/fixtures/dsl/fault_at.uffd', 'utf8');

describe('enum-member constants', () => {
  it('are typed by the enum and fold to the member literal', () => {
    const sp = compile(SPEC);
    const page = { kind: 'enum', name: 'Page', members: ['a', 'b', 'c'] };
    expect(sp.constants.map((c) => ({ name: c.name, type: c.type, value: c.value }))).toEqual([
      { name: 'FAULT_AT', type: page, value: 1 },
      { name: 'SPARE', type: page, value: 2 },
    ]);
    // the guard p != FAULT_AT compares with the literal b
    const fill = sp.actions.find((x) => x.name === 'fill')!;
    expect(fill.guard).toMatchObject({ op: 'bin', fn: 'and', left: { op: 'bin', fn: 'ne', right: { op: 'lit', value: 1, type: page } } });
    // a fairness argument
    expect(sp.fairness[0].args).toMatchObject([{ op: 'lit', value: 2 }]);
  });

  it('in expressions, quantifier domains and guards: the checker sees the member', () => {
    const r = check(compile(SPEC), { deadlock: false });
    // pte over the two pages other than b: 2 x 2 = 4 states
    expect(r.outcome).toBe('ok');
    expect(r.stats.distinct).toBe(4);
  });

  it('--const FAULT_AT=c replaces the member, and constants computed from it follow', () => {
    const sp = compile(SPEC, { FAULT_AT: 'c' });
    expect(sp.constants.map((c) => c.value)).toEqual([2, 0]);
    const r = check(sp, { deadlock: false });
    // now b is filled: BStaysEmpty fails in one step, fill(b)
    expect(r.violation?.kind).toBe('invariant');
    expect(r.violation!.trace.steps.map((s) => s.action?.name ?? 'init')).toEqual(['init', 'fill']);
    expect(r.violation!.trace.steps[1].action!.args[0].value).toBe(1);
    const last = r.violation!.trace.steps[1];
    const vals = decodeState(sp, r.violation!.trace.layout, last.state);
    expect(vals[1]).toBe(2); // hit = c
  });

  it('the summary and the traces print the member by name', async () => {
    const out: string[] = [];
    const code = await main(['node', 'uffd-spec', 'check', 'test/fixtures/dsl/fault_at.uffd', '--const', 'FAULT_AT=c', '--format', 'json'], { out: (s) => out.push(s), err: (s) => out.push(s) });
    expect(code).toBe(1);
    const text = out.join('\n');
    expect(text.replace(/\n {4}/g, ' ')).toContain('with FAULT_AT=c, SPARE=a'); // the header wraps at 78 columns
    expect(text).toContain('"FAULT_AT": "c"');
  });

  it('of a set of model values, also after --const resizes the set', () => {
    const src = `const PAGES = {p1, p2}
const LAST = p2
var x: PAGES
init { x = LAST }
invariant I: x == LAST`;
    expect(compile(src).constants[1]).toMatchObject({ name: 'LAST', value: 1 });
    expect(compile(src, { PAGES: '3', LAST: 'p3' }).constants[1]).toMatchObject({ name: 'LAST', value: 2 });
  });

  it('errors in the file, at file:line:col', () => {
    expect(errs(`enum Page { a, b, c }
const FAULT_AT = d`)).toEqual(["bad.uffd:2:18: unknown name 'd' (did you mean 'a'?)"]);
    expect(errs(`enum Page { a, b, c }
enum Pte { none, data }
const FAULT_AT = a
var pte: Pte
var v: FAULT_AT
init { pte = FAULT_AT }
invariant I: FAULT_AT == none
action set { FAULT_AT = b }`)).toEqual([
      "bad.uffd:5:8: 'FAULT_AT' is a constant member of Page, not a type",
      'bad.uffd:6:14: cannot assign Page to pte of type Pte',
      'bad.uffd:7:14: cannot compare Page with Pte',
      'bad.uffd:8:14: cannot assign to constant \'FAULT_AT\'',
    ]);
    expect(errs(`enum Page { a, b }
const X = a symmetric`)).toEqual(['bad.uffd:2:7: only a set of model values can be symmetric, and X is a member of Page']);
    expect(errs(`const PAGES = {p1, p2} symmetric
const FIRST = p1`)).toEqual(["bad.uffd:2:15: model value 'p1' of the symmetric set PAGES is named explicitly, so the members of PAGES are not interchangeable; drop 'symmetric' or do not name members"]);
  });

  it('errors on the command line: an unknown member, a member of another enum, a number', () => {
    expect(errs(SPEC, { FAULT_AT: 'zz' })).toEqual(['<command line>:1:1: --const FAULT_AT=zz: FAULT_AT is a member of enum Page, so its value must be one of a, b, c']);
    expect(errs(SPEC, { FAULT_AT: 'bb' })).toEqual(["<command line>:1:1: --const FAULT_AT=bb: FAULT_AT is a member of enum Page, so its value must be one of a, b, c (did you mean 'b'?)"]);
    expect(errs(SPEC, { FAULT_AT: '2' })).toEqual(['<command line>:1:1: --const FAULT_AT=2: FAULT_AT is a member of enum Page, so its value must be one of a, b, c']);
    expect(errs(`enum Page { a, b }
enum Pte { none, data }
const FAULT_AT = a`, { FAULT_AT: 'none' })).toEqual(["<command line>:1:1: --const FAULT_AT=none: 'none' is a member of enum Pte, but FAULT_AT is a member of enum Page (a, b)"]);
    expect(errs(`const PAGES = {p1, p2}
const LAST = p2`, { LAST: 'p3' })).toEqual(['<command line>:1:1: --const LAST=p3: LAST is a member of the set of model values PAGES, so its value must be one of p1, p2 (did you mean \'p1\'?)']);
  });
});
