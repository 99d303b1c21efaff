import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileSource, formatDiagnostic, loadSpecFile, type Diagnostic } from '../dsl/index.js';

function errs(src: string, consts?: Record<string, string>): Diagnostic[] {
  const r = compileSource(src, 'bad.uffd', consts ? { consts } : undefined);
  if (r.ok) throw new Error('expected errors, the spec compiled');
  return r.diagnostics;
}
const brief = (d: Diagnostic): string => `${d.line}:${d.col}: ${d.message}`;
const one = (src: string): string => {
  const ds = errs(src);
  return brief(ds[0]);
};

const BASE = `const PAGES = {p1, p2}
const N = 2
enum Pte { MISSING, ZERO, DATA }
var pp: [PAGES -> Pte]
var x: 0..3
var lk: rwsem
var q: queue<Pte, 2>
`; // 7 lines

describe('syntax errors', () => {
  it('points at the first token that cannot be parsed', () => {
    const ds = errs('spec s\nvar x: 0..3\naction a { x = }\n');
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({ file: 'bad.uffd', line: 3, col: 16, severity: 'error', message: "expected an expression, found '}'" });
  });
  it('names what was expected', () => {
    expect(one('var x 0..3')).toBe("1:7: expected ':' or ',', found '0'");
    expect(one('acton a {}')).toBe("1:1: expected a declaration, found 'acton'");
    expect(one('var x: [1..3 -> ]')).toBe("1:17: expected a type, found ']'");
    expect(one('invariant I: x ==')).toBe('1:18: expected an expression, found the end of the file');
  });
  it('formats with the source line and a caret under the span', () => {
    const src = 'spec s\nvar x: 0..3\naction a { x = }\n';
    expect(formatDiagnostic(errs(src)[0], src)).toBe("bad.uffd:3:16: error: expected an expression, found '}'\naction a { x = }\n               ^");
  });
});

describe('name and type errors', () => {
  it('unknown name, with a suggestion, at the exact span', () => {
    const ds = errs(BASE + 'action a { x = y + 1 }\ninvariant I: lk_held == 0');
    expect(ds.map(brief)).toEqual(["8:16: unknown name 'y' (did you mean 'x'?)", "9:14: unknown name 'lk_held'"]);
    expect(ds[0]).toMatchObject({ endLine: 8, endCol: 17 });
  });
  it('type mismatches in comparisons and assignments', () => {
    const ds = errs(BASE + 'action a(p: PAGES) when pp[p] == p1 {\n  pp[p] = true\n}');
    expect(ds.map(brief)).toEqual(['8:25: cannot compare Pte with PAGES', '9:11: cannot assign bool to pp[p] of type Pte']);
    const src = BASE + 'action a(p: PAGES) when pp[p] == p1 {\n  pp[p] = true\n}';
    expect(formatDiagnostic(ds[0], src)).toBe('bad.uffd:8:25: error: cannot compare Pte with PAGES\naction a(p: PAGES) when pp[p] == p1 {\n                        ^~~~~~~~~~~');
  });
  it('collects several errors of one file', () => {
    const ds = errs(BASE + `action a {
  x = 7
  N = 3
  goto nowhere
  down_read(q)
  enqueue(lk, 1)
}
var x: bool
invariant I: x
invariant I: true
fairness weak(b)
property P: [](x > 0) && len(q)
invariant T: <>(x > 0)
`);
    expect(ds.map(brief)).toEqual([
      '9:7: 7 is outside the range 0..3 of x',
      "10:3: cannot assign to constant 'N'",
      '11:3: goto can only be used inside a process step',
      '12:3: this statement can never run: it follows a goto in the same block',
      '12:13: down_read needs an rwsem, but q is queue<Pte, 2>',
      '13:11: enqueue needs a queue, but lk is rwsem',
      "15:5: 'x' is already declared at line 5",
      '16:14: an invariant must be a boolean condition, not 0..3',
      "17:11: 'I' is already declared at line 16",
      "18:15: fairness names 'b', which is neither an action nor a process (did you mean 'a'?)",
      '19:26: a property must be a boolean condition, not int',
      "20:14: the temporal operator '<>' is only allowed in a property",
    ]);
  });
  it('processes: labels, goto, dead statements, pc tests', () => {
    const ds = errs(BASE + `process p {
  a: x = 1
     goto b
     x = 2
  a: skip
  done: skip
}
invariant I: p.c || p[p1].a
`);
    expect(ds.map(brief)).toEqual([
      "10:11: process p has no label 'b' (did you mean 'a'?)",
      '11:6: this statement can never run: it follows a goto in the same block',
      "12:3: label 'a' is used twice in process p",
      "13:3: 'done' is reserved: p.done means the process has finished its last step",
      "15:14: process p has no label 'c' (did you mean 'a'?)",
      '15:21: process p has no parameters: write p.a',
    ]);
  });
  it('constants, domains, operators, arity', () => {
    const ds = errs(`const A = B + 1
const B = 2
var v: 0..v
var m: [0..A -> bool]
def f(a) = f(a)
def g(a, b) = a + b
invariant I: f(1) == 1 && g(1) == 2 && h(2)
action a(i: 1..N) { skip }
fairness weak(a(1, 2))
`);
    expect(ds.map(brief)).toEqual([
      "1:11: const 'B' is used before its declaration",
      "3:11: 'v' is a state variable; a constant expression cannot read it",
      "5:12: operator 'f' is recursive (f -> f); a plain def is inlined: write 'def rec' with typed parameters and result for a recursive operator",
      "7:27: 'g' takes 2 arguments, not 1",
      "7:40: unknown operator 'h' (did you mean 'f'?)",
      "8:16: unknown name 'N' (did you mean 'A'?)",
    ]);
  });
});

describe('--const errors', () => {
  const src = 'const N = 2\nconst C = true\nconst K = {k1, k2}\nvar x: 0..N\n';
  it('reports an unknown name, an ill-typed value and an unparsable value at <command line>', () => {
    const ds = errs(src, { M: '3', C: '7', K: 'k1,k2', N: 'abc' });
    for (const d of ds) expect(d).toMatchObject({ file: '<command line>', line: 1, col: 1, severity: 'error' });
    expect(ds.map((d) => d.message).sort()).toEqual([
      '--const C=7: C is a boolean, so its value must be true or false',
      '--const K=k1,k2: K is a set of model values, so its value must look like {p1, p2, p3} or be a count such as 3',
      '--const M: the spec declares no constant \'M\' (did you mean \'N\'?)',
      '--const N=abc: N is an integer, so its value must be a whole number',
    ]);
    expect(formatDiagnostic(ds[0], src)).toMatch(/^<command line>:1:1: error: --const /);
  });
  it('a literal out of a range that a constant override shrank is an error', () => {
    expect(errs(src + 'init { x = 2 }', { N: '1' }).map(brief)).toEqual(['5:12: 2 is outside the range 0..1 of x']);
  });
});

describe('files', () => {
  it('a missing file or a directory is a diagnostic, never an exception', () => {
    const dir = mkdtempSync(join(tmpdir(), 'uffd-'));
    const r1 = loadSpecFile(join(dir, 'nope.uffd'));
    expect(r1.ok).toBe(false);
    if (!r1.ok) expect(r1.diagnostics[0]).toMatchObject({ file: join(dir, 'nope.uffd'), line: 1, col: 1, message: `cannot read spec file ${join(dir, 'nope.uffd')}: no such file` });
    const r2 = loadSpecFile(dir);
    expect(r2.ok).toBe(false);
    if (!r2.ok) expect(r2.diagnostics[0].message).toBe(`${dir} is a directory, not a .uffd spec file`);
    const f = join(dir, 'ok.uffd');
    writeFileSync(f, 'spec ok\nvar x: 0..1\naction a when x == 0 { x = 1 }\n');
    const r3 = loadSpecFile(f);
    expect(r3.ok).toBe(true);
    if (r3.ok) expect(r3.spec.name).toBe('ok');
  });
  it('never throws on garbage', () => {
    for (const g of ['', '\u0000\u0001', '}}}}', 'spec', 'var x: queue<bool, 0>', 'var x: 3..1', 'const X = {}', 'process p {}']) {
      const r = compileSource(g, 'g.uffd');
      if (!r.ok) for (const d of r.diagnostics) expect(d.file).toBe('g.uffd');
    }
  });
});

describe('warnings', () => {
  it('rejects a spec that breaks its declared symmetry', () => {
    const src = 'const P = {p1, p2} symmetric\nvar x: P\ninit { x = p2 }\n';
    const r = compileSource(src, 'w.uffd');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.diagnostics.map(brief)).toEqual(["3:12: model value 'p2' of the symmetric set P is named explicitly, so the members of P are not interchangeable; drop 'symmetric' or do not name members"]);
      expect(formatDiagnostic(r.diagnostics[0], src)).toMatch(/^w\.uffd:3:12: error: model value/);
    }
    const chosen = compileSource('const P = {p1, p2} symmetric\nvar x: P\naction pick { x = choose p in P: true }\n', 'c.uffd');
    expect(chosen.ok).toBe(false);
    if (!chosen.ok) expect(chosen.diagnostics.map(brief)[0]).toMatch(/^3:19: choose over the symmetric set P picks one member deterministically/);
    const ordered = compileSource('const P = {p1, p2} symmetric\nvar x: P\ninvariant I: forall p in P: p < x\n', 'o.uffd');
    expect(ordered.ok).toBe(false);
    if (!ordered.ok) expect(ordered.diagnostics.map(brief)[0]).toMatch(/^3:29: '<' needs integers, but the left side is P/);
  });
});

describe('reserved words and robustness', () => {
  it('says when a reserved word is used as a name', () => {
    expect(one('enum S { init, done }')).toBe("1:10: 'init' is a reserved word and cannot be used as a name");
  });
  it('never throws and always reports positions inside the file, whatever is cut out of a good spec', () => {
    const good = readFileSync('test/fixtures/dsl/fork_copy.uffd', 'utf8');
    let seed = 12345;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const lines = good.split('\n').length + 1;
    for (let i = 0; i < 150; i++) {
      const at = rnd(good.length);
      const len = 1 + rnd(12);
      const mutated = good.slice(0, at) + (rnd(3) === 0 ? '}' : '') + good.slice(at + len);
      const r = compileSource(mutated, 'm.uffd');
      const ds = r.ok ? r.warnings : r.diagnostics;
      for (const d of ds) {
        expect(d.file).toBe('m.uffd');
        expect(d.line).toBeGreaterThanOrEqual(1);
        expect(d.line).toBeLessThanOrEqual(lines);
        expect(d.message).not.toMatch(/internal error|undefined|\[object/);
      }
    }
  });
});

describe('operators and assert texts', () => {
  it('resolves names in operators that are never used', () => {
    expect(errs('var x: 0..3\ndef f(a) = a + y\ndef g(a) = forall i in 0..a: i <= x').map(brief)).toEqual(["2:16: unknown name 'y' (did you mean 'a'?)"]);
  });
  it('prints the condition as the default assert message; card of a constant set is constant', async () => {
    const r = compileSource('const S = {s1, s2}\nconst N = card(S) + 1\nvar x: 0..N\naction a { assert x + 1 <= N && !(x == 2), "" \n assert (x + 1) * 2 > 0 }', 'a.uffd');
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.spec.constants[1].value).toBe(3);
      expect(r.spec.actions[0].body.map((s) => (s.op === 'assert' ? s.message : ''))).toEqual(['', 'assertion failed: (x + 1) * 2 > 0']);
    }
  });
});

describe('several syntax errors', () => {
  it('reports the first one and one per later declaration', () => {
    const ds = errs('var x: 0..3\naction a { x = }\nvar y bool\ninvariant I: x >= 0\ninvariant J: x >\n');
    expect(ds.map(brief)).toEqual([
      "2:16: expected an expression, found '}'",
      "3:7: expected ':' or ',', found 'bool'",
      '6:1: expected an expression, found the end of the file',
    ]);
  });
});

describe('finite domains', () => {
  it('rejects unbounded and string types with a hint', () => {
    expect(errs('var m: [Nat -> bool]\nvar s: set<string>\nvar r: 3..1\nvar q: queue<bool, 0>').map(brief)).toEqual([
      "1:9: 'Nat' is not finite: every type must be finite, use a range such as 0..3",
      '2:12: there are no strings: declare an enum such as enum Msg { Prepared, Commit }',
      '3:8: the range 3..1 is empty',
      '4:20: the capacity of a queue must be at least 1, not 0',
    ]);
  });
});
