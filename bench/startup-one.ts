// One start-up measurement (bench/startup.ts): ms since the process started
// at the end of each phase, as one JSON line. The parse goes through the
// on-disk syntax-tree cache (dsl/parse-cache.ts) unless UFFD_SPEC_CACHE=off.
const loaded0 = performance.now();
const { readFileSync } = await import('node:fs');
const { parseCached } = await import('../dsl/parse-cache.js');
const { compileAst } = await import('../dsl/index.js');
const { compileModel } = await import('../checker/compile/model.js');
const loaded = performance.now();
const file = process.argv[2];
const text = readFileSync(file, 'utf8');
const p = parseCached(text, file);
if (!p.ok) throw new Error(`${file}: does not parse`);
const parsed = performance.now();
const r = compileAst(p.ast);
if (!r.ok) throw new Error(`${file}: does not check`);
const checked = performance.now();
const model = compileModel(r.spec);
const compiled = performance.now();
let first = 0;
model.initStates(() => { if (!first) first = performance.now(); });
process.stdout.write(JSON.stringify({
  'node started': loaded0, 'modules loaded': loaded, parsed, 'checked, lowered (IR)': checked, 'model compiled': compiled, 'first state': first,
}) + '\n');
