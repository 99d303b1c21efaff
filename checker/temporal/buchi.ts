// LTL (negation normal form) to a generalised Büchi automaton with the
// tableau of Gerth, Peled, Vardi and Wolper ("Simple on-the-fly automatic
// verification of linear temporal logic", 1995). Nodes are labelled with the
// literals the current state must satisfy; a run is accepted when it visits
// every acceptance set (one per until subformula) infinitely often.
import type { Ltl } from './ltl.js';

export interface BuchiNode {
  readonly lits: readonly { readonly atom: number; readonly neg: boolean }[]; // all must hold in the state read here
  readonly succ: readonly number[];
  // nothing is owed to later states: every continuation is accepted, so the
  // prefix read up to here is already a counterexample (a safety violation)
  readonly final: boolean;
}

export interface Buchi {
  readonly nodes: readonly BuchiNode[];
  readonly initial: readonly number[];
  readonly accepting: readonly Uint8Array[]; // by node; a run must visit each set infinitely often
}

// Past this many nodes the formula is refused: the tableau is exponential in
// the formula, and the product with the state graph multiplies by it.
export const MAX_BUCHI_NODES = 4096;

// The tableau may do exponentially more work than the nodes it keeps.
export const MAX_TABLEAU_STEPS = 300_000;

export type BuchiResult = { readonly ok: true; readonly buchi: Buchi } | { readonly ok: false; readonly why: string };

interface Pending { incoming: Set<number>; todo: number[]; old: Set<number>; next: Set<number> }
interface Done { incoming: Set<number>; old: Set<number>; next: Set<number> }

const INIT = -1;

export function buildBuchi(f: Ltl): BuchiResult {
  // formulas interned: structurally equal subformulas share an id
  const forms: Ltl[] = [];
  const left: number[] = []; // ids of the operands of a binary formula
  const right: number[] = [];
  const ids = new Map<string, number>();
  const intern = (g: Ltl): number => {
    let key: string;
    let l = -1, r = -1;
    switch (g.op) {
      case 'true': case 'false': key = g.op; break;
      case 'atom': key = `${g.neg ? '!' : ''}${g.atom}`; break;
      default: l = intern(g.l); r = intern(g.r); key = `${g.op} ${l} ${r}`;
    }
    let id = ids.get(key);
    if (id === undefined) { id = forms.length; forms.push(g); left.push(l); right.push(r); ids.set(key, id); }
    return id;
  };
  const root = intern(f);

  const done: Done[] = [];
  const byKey = new Map<string, number>();
  const sorted = (s: Set<number>) => [...s].sort((a, b) => a - b).join(',');
  const stack: Pending[] = [{ incoming: new Set([INIT]), todo: [root], old: new Set(), next: new Set() }];
  const copy = (n: Pending): Pending => ({ incoming: new Set(n.incoming), todo: [...n.todo], old: new Set(n.old), next: new Set(n.next) });
  let work = 0;
  while (stack.length) {
    if (++work > MAX_TABLEAU_STEPS) return { ok: false, why: `building its Büchi automaton takes more than ${MAX_TABLEAU_STEPS} tableau steps` };
    const n = stack.pop()!;
    if (n.todo.length === 0) {
      const key = `${sorted(n.old)}|${sorted(n.next)}`;
      const seen = byKey.get(key);
      if (seen !== undefined) { for (const i of n.incoming) done[seen].incoming.add(i); continue; }
      if (done.length >= MAX_BUCHI_NODES) return { ok: false, why: `its Büchi automaton has more than ${MAX_BUCHI_NODES} states` };
      const id = done.length;
      done.push({ incoming: n.incoming, old: n.old, next: n.next });
      byKey.set(key, id);
      stack.push({ incoming: new Set([id]), todo: [...n.next], old: new Set(), next: new Set() });
      continue;
    }
    const h = n.todo.pop()!;
    if (n.old.has(h)) { stack.push(n); continue; }
    const g = forms[h];
    const add = (m: Pending, i: number) => { if (!m.old.has(i)) m.todo.push(i); };
    const l = left[h], r = right[h];
    switch (g.op) {
      case 'false': break; // contradiction: the node is dropped
      case 'true': n.old.add(h); stack.push(n); break;
      case 'atom': {
        const opposite = ids.get(`${g.neg ? '' : '!'}${g.atom}`);
        if (opposite !== undefined && n.old.has(opposite)) break;
        n.old.add(h); stack.push(n); break;
      }
      case 'and': n.old.add(h); add(n, l); add(n, r); stack.push(n); break;
      case 'or': case 'U': case 'R': {
        n.old.add(h);
        // no split where one branch is already met or cannot be: r already
        // holds (or, U), l already holds (or), l is false ([]P = false R P)
        if ((g.op !== 'R' && n.old.has(r)) || (g.op === 'or' && n.old.has(l))) { stack.push(n); break; }
        if (g.op === 'R' && forms[l].op === 'false') { add(n, r); n.next.add(h); stack.push(n); break; }
        const a = copy(n);
        const b = n;
        // U: l now and l U r next, or r now; R: r now and l R r next, or l and r now; or: l, or r
        if (g.op === 'or') { add(a, l); add(b, r); }
        else if (g.op === 'U') { add(a, l); a.next.add(h); add(b, r); }
        else { add(a, r); a.next.add(h); add(b, l); add(b, r); }
        stack.push(b, a);
        break;
      }
    }
  }

  const succ: number[][] = done.map(() => []);
  const initial: number[] = [];
  done.forEach((d, id) => { for (const i of d.incoming) (i === INIT ? initial : succ[i]).push(id); });
  const nodes: BuchiNode[] = done.map((d, id) => ({
    lits: [...d.old].sort((a, b) => a - b).map((i) => forms[i]).flatMap((x) => (x.op === 'atom' ? [{ atom: x.atom, neg: x.neg }] : [])),
    succ: succ[id].sort((a, b) => a - b),
    final: d.next.size === 0,
  }));
  initial.sort((a, b) => a - b);
  const accepting: Uint8Array[] = [];
  forms.forEach((g, u) => {
    if (g.op !== 'U') return;
    const r = right[u];
    accepting.push(Uint8Array.from(done, (d) => (!d.old.has(u) || d.old.has(r) ? 1 : 0)));
  });
  return { ok: true, buchi: { nodes, initial, accepting } };
}
