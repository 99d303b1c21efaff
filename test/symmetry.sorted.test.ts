// The canonical form by sorting (checker/symmetry/sorted-canonical.ts), taken
// when members are only map keys, checked against the group itself: on every
// reachable state of small specs, each orbit (closed under the generators)
// has one canonical form, distinct orbits have distinct ones, and the orbit
// size the reduction counts is the orbit's real size.
import { describe, expect, it } from 'vitest';
import { compileModel } from '../checker/compile/model.js';
import { Symmetry } from '../checker/symmetry/canonical.js';
import { compileSource, loadSpecFile } from '../dsl/index.js';
import type { Spec } from '../dsl/ir.js';

function reachable(spec: Spec): Int32Array[] {
  const model = compileModel(spec);
  const seen = new Map<string, Int32Array>();
  const queue: Int32Array[] = [];
  const add = (w: Int32Array) => { const k = w.join(); if (!seen.has(k)) { const c = w.slice(); seen.set(k, c); queue.push(c); } };
  model.initStates(add);
  for (let i = 0; i < queue.length; i++) for (const inst of model.instances) inst.fire(queue[i], add);
  return queue;
}

// Every orbit of the reachable states (by closing each under the generators),
// against the canonical forms and orbit sizes Symmetry gives.
function checkOrbits(spec: Spec): { orbits: number; bySorting: boolean } {
  const sym = new Symmetry(spec, compileModel(spec).layout, spec.symmetric);
  const gens = sym.generators();
  const orbitOf = new Map<string, number>();
  const canonOfOrbit: string[] = [];
  for (const w of reachable(spec)) {
    if (orbitOf.has(w.join())) continue;
    const id = canonOfOrbit.length;
    const members = [w];
    orbitOf.set(w.join(), id);
    for (let i = 0; i < members.length; i++) {
      for (const g of gens) {
        const x = g.apply(members[i]);
        if (!orbitOf.has(x.join())) { orbitOf.set(x.join(), id); members.push(x); }
      }
    }
    const forms = new Set(members.map((x) => {
      const c = sym.canonical(x).join();
      expect(sym.lastOrbitSize).toBe(members.length);
      return c;
    }));
    expect(forms.size).toBe(1);
    canonOfOrbit.push([...forms][0]);
  }
  expect(new Set(canonOfOrbit).size).toBe(canonOfOrbit.length);
  return { orbits: canonOfOrbit.length, bySorting: sym.bySorting };
}

describe('canonical form by sorting', () => {
  it('fork_copy_sym, P=1 and three copy threads: one form per orbit, the real orbit sizes', () => {
    const r = loadSpecFile('bench/fork_copy_sym.uffd', { consts: { P: '1', Thread: '{t1,t2,t3}' } });
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
    const { orbits, bySorting } = checkOrbits(r.spec);
    expect(bySorting).toBe(true);
    expect(orbits).toBeGreaterThan(100);
  });

  it('two symmetric sets with records and sets as per-member runs', () => {
    const r = compileSource(`spec two
      const A = {a1, a2, a3} symmetric
      const B = {b1, b2} symmetric
      var st: [A -> [pc: 0..2, on: bool]]
      var got: [B -> set<1..2>]
      var n: 0..3
      action step(a: A) when st[a].pc < 2 { st[a].pc += 1; st[a].on = !st[a].on; n = (n + 1) % 4 }
      action take(b: B, i: 1..2) when i notin got[b] { got[b] = got[b] union {i} }
      action drop(b: B) { got[b] = {} }`, 'two.uffd');
    if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
    const { orbits, bySorting } = checkOrbits(r.spec);
    expect(bySorting).toBe(true);
    // st: on = pc odd, so 3 reachable (pc, on) pairs, multisets of 3 of them: C(5,3) = 10;
    // got: multisets of 2 of the 4 subsets of 1..2: C(5,2) = 10; n = (sum of pc) mod 4, fixed by st
    expect(orbits).toBe(10 * 10);
  });

  it('members held as values keep the general search, which gives the same guarantees', () => {
    const r = compileSource(`spec owner
      const T = {t1, t2, t3} symmetric
      var holder: 0..1
      var who: T
      var waits: [T -> bool]
      init { who in T }
      action wait(t: T) when !waits[t] { waits[t] = true }
      action grant(t: T) when waits[t] { who = t; waits[t] = false; holder = 1 - holder }`, 'owner.uffd');
    if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
    const { bySorting } = checkOrbits(r.spec);
    expect(bySorting).toBe(false);
  });
});
