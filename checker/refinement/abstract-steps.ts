// Refinement: this spec's states mapped to the abstract spec's, and the
// abstract spec asked whether a mapped step is one of its steps. The mapping
// is compiled as one action of a spec whose variables are this spec's then
// the abstract one's (assignments abs_i = map_i), so the ordinary compiler
// evaluates it and checks each value against the abstract variable's type.
import type { Action, Refinement, Spec, Stmt } from '../../dsl/ir.js';
import { EvalError } from '../compile/eval-error.js';
import { compileModel, type ActionInstance, type Model } from '../compile/model.js';

// The abstract successors of at most this many abstract states are kept.
const MEMO_LIMIT = 1 << 16;

export class AbstractSteps {
  readonly abstract: Model;
  private readonly mapper: ActionInstance;
  private readonly input: Int32Array;
  private readonly concreteSize: number;
  private inits: Set<string> | null = null; // on first use, inside the search (its evaluation errors are reported there)
  private readonly memo = new Map<string, Set<string>>();
  private lastA: Int32Array | null = null; // the last `a` asked about, and its key
  private lastKey = '';

  constructor(spec: Spec, readonly refinement: Refinement) {
    const abs = refinement.abstract;
    this.abstract = compileModel(abs, { invariants: [] });
    const n = spec.vars.length;
    const body: Stmt[] = abs.vars.map((v, i) => ({
      op: 'assign', target: { var: n + i, name: `${refinement.name}.${v.name}`, path: [], type: v.type }, value: refinement.map[i], ...(refinement.map[i].span ? { span: refinement.map[i].span } : {}),
    }));
    const action: Action = { name: `refines ${refinement.name}`, params: [], guard: null, body, frameSize: refinement.frameSize };
    const { refinement: _r, actionProperties: _a, ...rest } = spec;
    const both: Spec = {
      ...rest, vars: [...spec.vars, ...abs.vars.map((v) => ({ ...v, name: `${refinement.name}.${v.name}` }))],
      init: [], actions: [action], processes: [], invariants: [], properties: [], fairness: [], constraints: [], symmetric: [],
    };
    const model = compileModel(both, { invariants: [] });
    this.mapper = model.instances[0];
    this.concreteSize = model.layout.size - this.abstract.layout.size;
    this.input = new Int32Array(model.layout.size);
  }

  // The abstract state of a state of this spec (a new array).
  map(s: Int32Array): Int32Array {
    this.input.set(s);
    let out: Int32Array | null = null;
    this.mapper.fire(this.input, (w) => { out = w.slice(this.concreteSize); });
    if (!out) throw new EvalError(`the refinement mapping to ${this.refinement.name} gives no value`);
    return out;
  }

  isInit(a: Int32Array): boolean {
    if (!this.inits) {
      const inits = new Set<string>();
      try {
        this.abstract.initStates((w) => { inits.add(key(w)); });
      } catch (e) {
        if (e instanceof EvalError) throw new EvalError(`in the initial states of the abstract spec ${this.refinement.name}: ${e.message}`, e.span);
        throw e;
      }
      this.inits = inits;
    }
    return this.inits.has(key(a));
  }

  // Whether the abstract spec can step from a to b (or b is a, a stutter).
  allows(a: Int32Array, b: Int32Array): boolean {
    if (a !== this.lastA) { this.lastA = a; this.lastKey = key(a); }
    const ka = this.lastKey;
    const kb = key(b);
    if (ka === kb) return true;
    let next = this.memo.get(ka);
    if (!next) {
      next = new Set();
      const found = next;
      try {
        for (const inst of this.abstract.instances) inst.fire(a, (w) => { found.add(key(w)); });
      } catch (e) {
        if (e instanceof EvalError) throw new EvalError(`in the abstract spec ${this.refinement.name}: ${e.message}`, e.span);
        throw e;
      }
      if (this.memo.size >= MEMO_LIMIT) this.memo.clear();
      this.memo.set(ka, next);
    }
    return next.has(kb);
  }
}

function key(s: Int32Array): string {
  return s.join(',');
}
