// The values a trace step's `with`s picked (`x in S` is a `with` too), for
// the step's name (`Move(S={m1,c1})`). The search does not keep them, so the
// step's action instance is run once more on the step's source state, with a
// marker local per `with`: set to 1 when its body is entered, reset to 0
// where a path can go on without it (the start of the body, of each
// iteration of an enclosing `with`, of each `either` branch). At the k-th
// successor the markers say which `with`s the path went through, and their
// slots hold the values picked.
import type { Action, Expr, Stmt, Type } from '../../dsl/ir.js';
import { ExprCompiler } from '../compile/compile-expr.js';
import { compileBlock, type Cont } from '../compile/compile-stmt.js';
import type { ActionInstance, Model } from '../compile/model.js';
import type { Value } from '../compile/types.js';

export interface Pick {
  readonly name: string;
  readonly type: Type;
  readonly value: Value;
}

interface WithSite { readonly name: string; readonly slot: number; readonly type: Type; readonly marker: number }

interface Instrumented {
  readonly withs: readonly WithSite[];
  readonly frame: number;
  run(s: Int32Array, env: Value[], onSuccessor: Cont): void;
}

const compilers = new WeakMap<Model, ExprCompiler>();
const instrumented = new WeakMap<Action, Instrumented>();

// The picks of the k-th successor (0-based, in generation order) that `inst` makes from s.
export function picksOf(model: Model, inst: ActionInstance, s: Int32Array, k: number): Pick[] {
  const ins = instrument(model, inst.action);
  if (ins.withs.length === 0) return [];
  const env: Value[] = new Array(ins.frame).fill(0);
  inst.action.params.forEach((p, i) => { env[p.slot] = inst.args[i]; });
  let n = 0;
  let out: Pick[] | null = null;
  ins.run(s.slice(), env, (_w, e) => {
    if (n++ !== k || out) return;
    out = ins.withs.filter((x) => e[x.marker] === 1).map((x) => ({ name: x.name, type: x.type, value: e[x.slot] }));
  });
  return out ?? [];
}

function instrument(model: Model, action: Action): Instrumented {
  const have = instrumented.get(action);
  if (have) return have;
  const withs: WithSite[] = [];
  let frame = Math.max(action.frameSize, action.params.length);
  const flag: Type = { kind: 'int', lo: 0, hi: 1 };
  const set = (marker: number, v: number): Stmt => ({ op: 'let', slot: marker, name: `with#${marker}`, value: { op: 'lit', value: v, type: flag } satisfies Expr });
  const reset = (from: number, to: number): Stmt[] => withs.slice(from, to).map((x) => set(x.marker, 0));
  const walk = (stmts: readonly Stmt[]): Stmt[] => stmts.map((st): Stmt => {
    switch (st.op) {
      case 'with': {
        const site: WithSite = { name: st.name, slot: st.slot, type: st.domain.type.kind === 'set' ? st.domain.type.elem : st.domain.type, marker: frame++ };
        withs.push(site);
        const from = withs.length;
        const body = walk(st.body);
        return { ...st, body: [set(site.marker, 1), ...reset(from, withs.length), ...body] };
      }
      case 'either': {
        const from = withs.length;
        const branches = st.branches.map(walk);
        const to = withs.length;
        return { ...st, branches: branches.map((b) => [...reset(from, to), ...b]) };
      }
      case 'if': return { ...st, then: walk(st.then), else: walk(st.else) };
      default: return st;
    }
  });
  const body = walk(action.body);
  const all = [...reset(0, withs.length), ...body];
  let c = compilers.get(model);
  if (!c) { c = new ExprCompiler(model.spec, model.layout); compilers.set(model, c); }
  const compiler = c;
  let sink: Cont = () => {};
  const run = withs.length ? compileBlock(compiler, all, (w, e) => sink(w, e)) : null;
  const ins: Instrumented = {
    withs,
    frame,
    // the guard is not evaluated: the instance is known to have made this successor
    run(s, env, onSuccessor) {
      if (!run) return;
      sink = onSuccessor;
      run(s, env);
    },
  };
  instrumented.set(action, ins);
  return ins;
}
