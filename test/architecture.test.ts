// The import graph of every .ts file in the project (outside node_modules
// and dist): no import cycles, and the stages import one way only,
// cli -> counterexamples -> checker -> dsl, and lsp -> dsl (bench/ and test/ may import
// anything; no stage imports bench/ or test/); inside checker/, the rooms
// (sub-folders) import as their README.md files say. Relative specifiers are
// resolved as TypeScript does under NodeNext: `./x.js` is the file x.ts.
import { readFileSync, readdirSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

type Graph = ReadonlyMap<string, readonly string[]>;

const ROOT = join(import.meta.dirname, '..');
const SKIP = new Set(['node_modules', 'dist', '.git']);
// lsp/ (the editor front end) reads only dsl/; cli/ starts it
const STAGES = ['dsl', 'lsp', 'checker', 'counterexamples', 'cli'];
const FREE = new Set(['bench', 'test']);

function tsFiles(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(e.name)) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) tsFiles(p, out);
    else if (e.name.endsWith('.ts')) out.push(relative(ROOT, p).split('\\').join('/'));
  }
  return out;
}

// Static imports and re-exports at the start of a line (so commented-out
// ones do not count), and `import('...')` type queries and dynamic imports
// anywhere outside double-quoted strings (the project writes specifiers in
// single quotes).
const STATEMENT = /^\s*(?:import|export)\b[^;'"]*?(?:\bfrom\s*)?'([^']+)'/gm;
const QUERY = /\bimport\(\s*'([^']+)'\s*\)/g;

export function specifiers(source: string): string[] {
  // a template literal is text (e.g. a script a test runs in a child), not an import of this file
  const code = source.replace(/"[^"\n]*"/g, '""').replace(/`[^`]*`/g, '``');
  return [...code.matchAll(STATEMENT), ...code.matchAll(QUERY)].map((m) => m[1]);
}

function importGraph(): Graph {
  const files = tsFiles(ROOT).sort();
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const f of files) {
    const targets = new Set<string>();
    for (const spec of specifiers(readFileSync(join(ROOT, f), 'utf8'))) {
      if (!spec.startsWith('.')) continue; // a package or node: builtin
      const target = posix.normalize(posix.join(posix.dirname(f), spec)).replace(/\.js$/, '.ts');
      if (known.has(target)) targets.add(target);
      else if (target.endsWith('.ts')) throw new Error(`${f} imports ${spec}, which is no file of the project`);
    }
    graph.set(f, [...targets].sort());
  }
  return graph;
}

// Each cycle found by depth-first search, as the path that closes it
// (a -> b -> a); one per back edge, in a deterministic order.
export function findCycles(graph: Graph): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const cycles: string[][] = [];
  const visit = (n: string): void => {
    state.set(n, 'open');
    path.push(n);
    for (const m of graph.get(n) ?? []) {
      const s = state.get(m);
      if (s === 'open') cycles.push([...path.slice(path.indexOf(m)), m]);
      else if (s === undefined) visit(m);
    }
    path.pop();
    state.set(n, 'done');
  };
  for (const n of [...graph.keys()].sort()) if (!state.has(n)) visit(n);
  return cycles;
}

// Imports against the stage order: a stage imports only itself and earlier
// stages, never bench/ or test/.
export function layerViolations(graph: Graph): string[] {
  const top = (f: string) => f.split('/')[0];
  const bad: string[] = [];
  for (const [from, tos] of graph) {
    const a = STAGES.indexOf(top(from));
    if (a < 0) continue; // bench/, test/ and root files may import anything
    for (const to of tos) {
      const b = STAGES.indexOf(top(to));
      if (b > a || FREE.has(top(to))) bad.push(`${from} -> ${to}`);
    }
  }
  return bad;
}

// Inside checker/: each room (sub-folder, or a file at the top of checker/)
// and the rooms it may import, as each folder's README.md says.
const CHECKER_ROOMS: Record<string, readonly string[]> = {
  compile: [],
  store: ['compile'],
  symmetry: ['compile'],
  'result.ts': ['store'],
  temporal: ['compile', 'store', 'result.ts'],
  refinement: ['compile', 'temporal'],
  search: ['compile', 'store', 'symmetry', 'temporal', 'refinement', 'result.ts'],
  'check.ts': ['compile', 'search', 'result.ts'],
  diff: ['compile', 'store', 'result.ts', 'check.ts'],
};

export function roomViolations(graph: Graph, rooms: Record<string, readonly string[]>): string[] {
  const room = (f: string) => (f.startsWith('checker/') ? f.split('/')[1] : null);
  const bad: string[] = [];
  for (const [from, tos] of graph) {
    const a = room(from);
    if (a === null) continue;
    for (const to of tos) {
      const b = room(to);
      if (b === null || b === a) continue;
      if (!(rooms[a] ?? []).includes(b)) bad.push(`${from} -> ${to}`);
    }
  }
  return bad;
}

describe('architecture', () => {
  const graph = importGraph();

  it('sees the whole project', () => {
    for (const stage of STAGES) expect([...graph.keys()].some((f) => f.startsWith(`${stage}/`))).toBe(true);
    expect(graph.get('checker/check.ts')).toContain('checker/search/one-thread.ts');
  });

  it('has no import cycle', () => {
    const cycles = findCycles(graph).map((c) => c.join(' -> '));
    expect(cycles, `import cycles:\n${cycles.join('\n')}`).toEqual([]);
  });

  it('imports one way: cli -> counterexamples -> checker -> dsl', () => {
    const bad = layerViolations(graph);
    expect(bad, `imports against the stage order:\n${bad.join('\n')}`).toEqual([]);
  });

  it('inside checker/, each room imports only the rooms its README names', () => {
    const rooms = new Set([...graph.keys()].filter((f) => f.startsWith('checker/') && !f.endsWith('.md')).map((f) => f.split('/')[1]));
    expect([...rooms].filter((r) => !(r in CHECKER_ROOMS))).toEqual([]); // a new room needs a row
    const bad = roomViolations(graph, CHECKER_ROOMS);
    expect(bad, `imports between checker/ rooms not allowed:\n${bad.join('\n')}`).toEqual([]);
  });

  it('finds an import between checker rooms that is not allowed, in a fake graph', () => {
    const g = new Map([
      ['checker/compile/model.ts', ['checker/search/one-thread.ts', 'dsl/ir.ts']],
      ['checker/search/one-thread.ts', ['checker/compile/model.ts', 'checker/search/tuning.ts']],
      ['checker/search/tuning.ts', []],
    ]);
    expect(roomViolations(g, CHECKER_ROOMS)).toEqual(['checker/compile/model.ts -> checker/search/one-thread.ts']);
  });

  it('no engine imports the entry point that picks it', () => {
    const engines = [...graph.keys()].filter((f) => f.startsWith('checker/search/'));
    expect(engines.filter((f) => graph.get(f)!.includes('checker/check.ts'))).toEqual([]);
  });

  // the finders themselves, on graphs small enough to check by eye
  it('finds a cycle in a fake graph, and none once it is broken', () => {
    const cyclic = new Map([['a.ts', ['b.ts']], ['b.ts', ['c.ts']], ['c.ts', ['a.ts', 'd.ts']], ['d.ts', []]]);
    expect(findCycles(cyclic)).toEqual([['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
    expect(findCycles(new Map([['a.ts', ['a.ts']]]))).toEqual([['a.ts', 'a.ts']]);
    const diamond = new Map([['a.ts', ['b.ts', 'c.ts']], ['b.ts', ['d.ts']], ['c.ts', ['d.ts']], ['d.ts', []]]);
    expect(findCycles(diamond)).toEqual([]);
  });

  it('finds an import against the stage order in a fake graph', () => {
    const g = new Map([
      ['dsl/ir.ts', []],
      ['dsl/check.ts', ['dsl/ir.ts', 'checker/check.ts']],
      ['checker/check.ts', ['dsl/ir.ts', 'counterexamples/text.ts']],
      ['counterexamples/text.ts', ['checker/check.ts', 'test/x.ts']],
      ['cli/main.ts', ['counterexamples/text.ts', 'checker/check.ts', 'dsl/ir.ts']],
      ['test/x.ts', ['cli/main.ts']],
    ]);
    expect(layerViolations(g)).toEqual([
      'dsl/check.ts -> checker/check.ts',
      'checker/check.ts -> counterexamples/text.ts',
      'counterexamples/text.ts -> test/x.ts',
    ]);
  });

  it('reads imports, re-exports and type queries, not comments', () => {
    const src = [
      "import { a } from './a.js';",
      'import type {',
      '  B,',
      "} from '../b.js';",
      "export { c } from './c.js';",
      "export * from './d.js';",
      "import './e.js';",
      "// import { f } from './f.js';",
      "let g: import('./g.js').G;",
      "const { h } = await import('./h.js');",
      'const s = "import(\'./i.js\')";',
    ].join('\n');
    expect(specifiers(src).sort()).toEqual(['../b.js', './a.js', './c.js', './d.js', './e.js', './g.js', './h.js']);
  });
});
