// The generated JavaScript (checker/compile/codegen.ts) against the closure compiler
// it specialises: on every bundled spec and on specs written to reach each
// code path, both must give the same counts, verdicts, errors and the same
// counterexample, step for step (successor order decides which one BFS finds).
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { both, load } from './codegen-both.js';

function bundled(): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  for (const dir of ['specs', 'specs/versions', 'bench', 'test/fixtures/dsl', 'test/fixtures/counterexamples']) {
    for (const n of readdirSync(dir).sort()) if (n.endsWith('.uffd')) out.push({ path: join(dir, n), text: readFileSync(join(dir, n), 'utf8') });
  }
  return out;
}

describe('generated code = closures', () => {
  for (const { path, text } of bundled()) {
    it(`${path}: same prefix of 20,000 states, same verdicts and trace`, () => {
      const spec = load(text, path);
      const { gen, ref } = both(spec, { maxStates: 20_000 });
      expect(gen).toEqual(ref);
    });
  }

  it('fork_copy with CHECK=false: the same shortest counterexample', () => {
    const spec = load(readFileSync('bench/fork_copy.uffd', 'utf8'), 'bench/fork_copy.uffd', { P: '2', T: '2', CHECK: 'false' });
    const { gen, ref } = both(spec);
    expect((gen as { outcome: string }).outcome).toBe('violation');
    expect(gen).toEqual(ref);
  });

  it('fork_copy P=2,T=2 with liveness: same graph, same verdicts', () => {
    const spec = load(readFileSync('bench/fork_copy.uffd', 'utf8'), 'bench/fork_copy.uffd', { P: '2', T: '2' });
    const { gen, ref } = both(spec);
    expect((gen as { distinct: number }).distinct).toBeGreaterThan(1000);
    expect(gen).toEqual(ref);
  });

  // Every construct the generator specialises, and several it hands back.
  const FEATURES = `
spec features
const N = 3
type Id = 1..N
enum Color { RED, GREEN, BLUE }
var m: [Id -> 0..4]
var c: [Color -> bool]
var r: [a: 0..3, b: bool]
var t: <<0..2, Color>>
var s: set<Id>
var q: queue<Id, 2>
var lk: rwsem<2>
var k: 0..N
init { k = 1 }
action bump(i: Id) when m[i] < 4 && (i == 1 || m[i - 1] > 0) { m[i] = m[i] + 1 }
action paint when k > 0 { with x in {RED, BLUE} { c[x] = !c[x] } }
action rec when r.a < 3 { either { r.a = r.a + 1 } or { r.b = !r.b; t[1] = r.a % 3 } }
action tup when t[2] != BLUE { t[2] = if t[2] == RED then GREEN else BLUE }
action add(i: Id) when i notin s && len(q) < 2 { s = s union {i}; enqueue(q, i) }
action take when len(q) > 0 { let h = head(q); dequeue(q); m[h] = 0; k = h }
action pick when k > 0 {
  with j in {x in Id: m[x] > 0} {
    if m[j] > 2 { with z in 0..1 { m[j] = z } } else { await j in s }
    k = j
  }
}
action rd when can_down_read(lk) && lk < 2 && k != 2 { down_read(lk) }
action ur when lk > 0 { up_read(lk) }
invariant Bounded: forall i in Id: m[i] <= 4 && (exists j in Id: j >= i)
invariant Lock: lk >= 0 && lk <= 2
`;
  it('a spec touching every specialised construct', () => {
    const spec = load(FEATURES, 'features.uffd');
    const { gen, ref } = both(spec, { deadlock: false, maxStates: 50_000 });
    expect((gen as { distinct: number }).distinct).toBe(50_000);
    expect(gen).toEqual(ref);
  });

  const ERRORS: [string, string][] = [
    ['range', 'spec e\nvar x: 0..2\naction inc { x = x + 1 }\n'],
    ['map key', 'spec e\nvar x: 0..3\nvar m: [1..2 -> bool]\naction go { x = x + 1; m[x] = true }\n'],
    ['empty head', 'spec e\nvar q: queue<0..1, 1>\nvar y: 0..1\naction go { y = head(q) }\n'],
    ['assert', 'spec e\nvar x: 0..3\naction go { x = x + 1; assert x < 2, "x stays small" }\n'],
    ['invariant', 'spec e\nvar x: 0..3\naction go when x < 3 { x = x + 1 }\ninvariant Small: x < 2\n'],
    ['deadlock', 'spec e\nvar x: 0..3\naction go when x < 2 { x = x + 1 }\n'],
  ];
  for (const [name, text] of ERRORS) {
    it(`the same error and trace: ${name}`, () => {
      const { gen, ref } = both(load(text, `${name}.uffd`));
      expect((gen as { outcome: string }).outcome).toBe('violation');
      expect(gen).toEqual(ref);
    });
  }
});
