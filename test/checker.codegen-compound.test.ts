// The generated code for compound values (checker/compile/codegen-compound.ts):
// records, queues of records, nested maps, sets in bit slots, quantifiers over
// sets held in the state. It must agree with the closures (the reference,
// --no-codegen) on counts, verdicts, errors and traces, and it must really
// replace the closures on the compound benchmarks (no closure call left in
// their generated source).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { compileModel } from '../checker/compile/model.js';
import { both, load } from './codegen-both.js';
import { run } from './run-cli.js';

// a closure called from generated code: `K[i](s, e)` / `K[i](w, e)`
const CLOSURE_CALL = /\((?:s|w), e\)/;

describe('compound values in generated code', () => {
  const bench: [string, Record<string, string>][] = [
    ['bench/lamport_mutex.uffd', { maxClock: '3' }],
    ['bench/two_phase.uffd', { RM: '{r1,r2,r3,r4}' }],
  ];
  for (const [file, consts] of bench) {
    it(`${file}: every state, the same counts and verdicts as the closures`, () => {
      const { gen, ref } = both(load(readFileSync(file, 'utf8'), file, consts));
      expect((gen as { distinct: number }).distinct).toBeGreaterThan(1000);
      expect(gen).toEqual(ref);
    });
    it(`${file}: no action, invariant or constraint calls a closure`, () => {
      const model = compileModel(load(readFileSync(file, 'utf8'), file, consts));
      for (const i of model.instances) expect([i.action.name, CLOSURE_CALL.test(i.fire.toString())]).toEqual([i.action.name, false]);
      for (const c of [...model.invariants, ...model.constraints]) expect([c.name, CLOSURE_CALL.test(c.test.toString())]).toEqual([c.name, false]);
    });
  }

  const FEATURES = `
spec compound
const N = 3
type Id = 1..N
enum Kind { A, B }
type Msg = [k: Kind, v: 0..3]
var q: [Id -> queue<Msg, 2>]
var box: [Id -> [Id -> 0..3]]
var s: set<Id>
var ms: set<Msg>
var t: <<0..2, set<Id>>>
var last: Msg
action send(i: Id, j: Id) when i != j && len(q[j]) < 2 && box[i][j] < 3 {
  q[j] = append(q[j], [k |-> if i < j then A else B, v |-> box[i][j]])
  box[i][j] = box[i][j] + 1
}
action recv(j: Id) when len(q[j]) > 0 && head(q[j]).k == A {
  last = head(q[j]); ms = ms union {head(q[j])}; q[j] = tail(q[j]); s = s union {j}
}
action drop(j: Id) when len(q[j]) > 0 && head(q[j]).k == B && q[j][len(q[j])].v >= 0 {
  q[j] = tail(q[j]); s = s minus {j}; t[2] = t[2] union {j}
}
action all when s == Id && (forall i in s: box[i][i] == 0) { s = {}; box[1] = [x in Id |-> if x == 1 then 0 else box[1][x]] }
action pick when card(s) > 1 { with i in s { t[1] = i - 1; last = [last except !.v = i] } }
action reset(j: Id) when [k |-> A, v |-> 0] in ms && ms subseteq [k: {A}, v: 0..3] { q[j] = <<>>; ms = {} }
invariant NoB: forall m in ms: m.k == A
invariant Pairs: exists i in Id: t[2] == {} || i in t[2]
invariant Counted: card({i in Id: box[i][1] > 0}) + card({i in s: i > 1}) <= 5
`;
  it('a spec over every compound construct: the same states, verdicts and trace', () => {
    const { gen, ref } = both(load(FEATURES, 'compound.uffd'), { deadlock: false, maxStates: 30_000 });
    expect((gen as { distinct: number }).distinct).toBeGreaterThan(1000);
    expect(gen).toEqual(ref);
  });

  // where generated code meets an error it bails: the closures report it, with the same trace
  const ERRORS: [string, string][] = [
    ['capacity', 'spec e\ntype M = [a: 0..2]\nvar q: queue<M, 2>\nvar x: 0..2\naction go { q = append(q, [a |-> x]); x = (x + 1) % 3 }\n'],
    ['empty head', 'spec e\nvar q: [1..2 -> queue<[a: 0..2], 2>]\nvar x: 0..2\naction go when head(q[1]).a == 0 { x = 1 }\n'],
    ['element range', 'spec e\nvar s: set<1..2>\nvar x: 0..3\naction go { x = x + 1; s = s union {x} }\n'],
    ['record range', 'spec e\nvar r: [a: 0..2, b: bool]\naction go { r = [a |-> r.a + 1, b |-> !r.b] }\n'],
    ['seq index', 'spec e\nvar q: queue<0..3, 2>\nvar i: 1..3\naction go { enqueue(q, i); i = i + 1 }\naction rd when q[i].v >= 0 { skip }\n'.replace('q[i].v >= 0', 'q[i] >= 0')],
    ['after successors', 'spec e\nvar q: queue<[a: 0..3], 1>\nvar x: 0..3\naction go { either { x = 1 } or { x = 2 } or { q = append(q, [a |-> x]); q = append(q, [a |-> 0]) } }\n'],
  ];
  for (const [name, text] of ERRORS) {
    it(`the same error and trace: ${name}`, () => {
      const { gen, ref } = both(load(text, `${name}.uffd`));
      expect((gen as { outcome: string }).outcome).toBe('violation');
      expect(gen).toEqual(ref);
    });
  }

  it('check --no-codegen prints what the generated code does (the time aside)', async () => {
    const args = ['check', 'bench/lamport_mutex.uffd', '--const', 'maxClock=2', '--workers', '1'];
    const gen = await run(...args);
    const ref = await run(...args, '--no-codegen');
    const untimed = (s: string) => s.replace(/, [\d.]+ s \([\d,]+ distinct states\/s\)/, '');
    expect(gen.code).toBe(0);
    expect(gen.out).toMatch(/distinct states/);
    expect(untimed(ref.out)).toBe(untimed(gen.out));
    expect(ref.code).toBe(gen.code);
  });
});
