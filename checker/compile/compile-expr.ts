// IR expressions compiled once into closures over (packed state, locals).
// Scalars stay plain numbers and are read straight from their slots; compound
// values (sets, maps, sequences, records) are Immutable.js values.
import { List, Map as IMap, Set as ISet } from 'immutable';
import { match } from 'ts-pattern';
import type { Expr, PathStep, Spec, Type } from '../../dsl/ir.js';
import type { ConstraintSlack } from './constraint-slack.js';
import { compileRecCall } from './rec-call.js';
import { compileMatch, compileVariant } from './union-expr.js';
import * as exact from '../../dsl/int-arith.js';
import { EvalError } from './eval-error.js';
import { cardWithoutBuilding, ensureBuildable, mapSetSize, productSize } from './set-size.js';
import { decode, slotCount, type StateLayout } from './layout.js';
import { rootPath, stepPath, type Eval, type SlotPath } from './slot-path.js';
import { finiteValues, isScalar, product, scalarBounds, sortValues, type Value } from './types.js';

export class ExprCompiler {
  // set by compileModel when a constraint reads a variable: out-of-range writes to it wait for the constraints
  slack: ConstraintSlack | null = null;

  constructor(readonly spec: Spec, readonly layout: StateLayout) {}

  // The slot path of an expression rooted at a state variable, or null.
  path(x: Expr): SlotPath | null {
    if (x.op === 'var') return rootPath(x.index, x.name, this.spec.vars[x.index].type, this.layout.offsets[x.index]);
    if (x.op === 'apply' || x.op === 'field') {
      const base = this.path(x.target);
      if (!base) return null;
      const step: PathStep = x.op === 'apply' ? { kind: 'index', key: x.arg } : { kind: 'field', name: x.name };
      return stepPath(base, step, (k) => this.expr(k));
    }
    return null;
  }

  lvalue(varIndex: number, steps: readonly PathStep[]): SlotPath {
    const v = this.spec.vars[varIndex];
    let p: SlotPath | null = rootPath(varIndex, v.name, v.type, this.layout.offsets[varIndex]);
    for (const st of steps) {
      p = stepPath(p, st, (k) => this.expr(k));
      if (!p) throw new Error(`internal: cannot address ${v.name} path step ${st.kind}`);
    }
    return p;
  }

  // Predicate helper: compiled boolean expression as a JS truth value.
  bool(x: Expr): (s: Int32Array, e: Value[]) => boolean {
    const f = this.expr(x);
    return (s, e) => f(s, e) !== 0;
  }

  expr(x: Expr): Eval {
    const p = this.path(x);
    if (p) return readPath(p);
    const f = this.compile(x);
    if (x.op !== 'lit' && isClosed(x)) {
      // no variable or local inside: evaluate once (unless it fails, then at run time)
      try { const v = f(new Int32Array(0), []); return () => v; } catch { return f; }
    }
    return f;
  }

  private compile(x: Expr): Eval {
    return match(x)
      .with({ op: 'lit' }, ({ value }) => () => value)
      .with({ op: 'all' }, ({ of }) => {
        let set: ISet<Value>;
        try { set = ISet(finiteValues(of)); } catch (err) { return () => { throw err instanceof EvalError ? new EvalError(err.message, x.span) : err; }; }
        return () => set;
      })
      .with({ op: 'var' }, () => { throw new Error('internal: var without path'); })
      .with({ op: 'local' }, ({ slot }) => (_s: Int32Array, e: Value[]) => e[slot])
      .with({ op: 'un' }, (u) => this.unary(u.fn, u.arg, x))
      .with({ op: 'bin' }, (b) => this.binary(b.fn, b.left, b.right, x))
      .with({ op: 'setLit' }, ({ elems }) => {
        const fs = elems.map((el) => this.expr(el));
        return (s: Int32Array, e: Value[]) => ISet(fs.map((f) => f(s, e)));
      })
      .with({ op: 'seqLit' }, { op: 'tupleLit' }, ({ elems }) => {
        const fs = elems.map((el) => this.expr(el));
        return (s: Int32Array, e: Value[]) => List(fs.map((f) => f(s, e)));
      })
      .with({ op: 'recordLit' }, ({ fields }) => {
        const fs = fields.map((f) => this.expr(f.value));
        return (s: Int32Array, e: Value[]) => List(fs.map((f) => f(s, e)));
      })
      .with({ op: 'mapBuild' }, ({ slot, domain, body }) => {
        const d = this.expr(domain);
        const b = this.expr(body);
        return (s: Int32Array, e: Value[]) => IMap<Value, Value>().withMutations((m) => {
          for (const k of d(s, e) as ISet<Value>) { e[slot] = k; m.set(k, b(s, e)); }
        });
      })
      .with({ op: 'setFilter' }, ({ slot, domain, pred }) => {
        const d = this.expr(domain);
        const pr = this.expr(pred);
        return (s: Int32Array, e: Value[]) => (d(s, e) as ISet<Value>).filter((v) => { e[slot] = v; return pr(s, e) !== 0; });
      })
      .with({ op: 'setMap' }, ({ slot, domain, body }) => {
        const d = this.expr(domain);
        const b = this.expr(body);
        return (s: Int32Array, e: Value[]) => ISet<Value>().withMutations((m) => {
          for (const v of d(s, e) as ISet<Value>) { e[slot] = v; m.add(b(s, e)); }
        });
      })
      .with({ op: 'recordSet' }, ({ fields }) => {
        const fs = fields.map((f) => this.expr(f.set));
        return (s: Int32Array, e: Value[]) => {
          const sets = fs.map((f) => f(s, e) as ISet<Value>);
          ensureBuildable(productSize(sets.map((v) => v.size)), x);
          return ISet(product(sets.map((v) => sortValues([...v]))).map((vs) => List(vs)));
        };
      })
      .with({ op: 'mapSet' }, ({ domain, range }) => {
        const d = this.expr(domain);
        const r = this.expr(range);
        return (s: Int32Array, e: Value[]) => {
          const ds = d(s, e) as ISet<Value>, rs = r(s, e) as ISet<Value>;
          ensureBuildable(mapSetSize(ds.size, rs.size), x);
          const keys = sortValues([...ds]);
          const vals = sortValues([...rs]);
          return ISet(product(keys.map(() => vals)).map((vs) => IMap(keys.map((k, i) => [k, vs[i]] as [Value, Value]))));
        };
      })
      .with({ op: 'apply' }, ({ target, arg }) => this.apply(target, arg, x))
      .with({ op: 'field' }, ({ target, name }) => {
        const t = target.type;
        if (t.kind !== 'record') throw new Error('internal: field of a non-record');
        const i = t.fields.findIndex((f) => f.name === name);
        const f = this.expr(target);
        return (s: Int32Array, e: Value[]) => (f(s, e) as List<Value>).get(i);
      })
      .with({ op: 'update' }, ({ target, path, value }) => {
        const f = this.expr(target);
        const v = this.expr(value);
        const steps = path.map((st) => (st.kind === 'index' ? { kind: 'index' as const, key: this.expr(st.key) } : { kind: 'field' as const, name: st.name }));
        return (s: Int32Array, e: Value[]) => updateValue(target.type, f(s, e), steps, 0, v(s, e), s, e, x);
      })
      .with({ op: 'if' }, (c) => {
        const cond = this.expr(c.cond);
        const a = this.expr(c.then);
        const b = this.expr(c.else);
        return (s: Int32Array, e: Value[]) => (cond(s, e) !== 0 ? a(s, e) : b(s, e));
      })
      .with({ op: 'case' }, ({ arms, other }) => {
        const cs = arms.map((a) => [this.expr(a.cond), this.expr(a.value)] as const);
        const o = other ? this.expr(other) : null;
        return (s: Int32Array, e: Value[]) => {
          for (const [c, v] of cs) if (c(s, e) !== 0) return v(s, e);
          if (o) return o(s, e);
          throw new EvalError('no case arm matches and there is no `other` arm', x.span);
        };
      })
      .with({ op: 'let' }, ({ slot, value, body }) => {
        const v = this.expr(value);
        const b = this.expr(body);
        return (s: Int32Array, e: Value[]) => { e[slot] = v(s, e); return b(s, e); };
      })
      .with({ op: 'quant' }, ({ q, slot, domain, body }) => {
        const b = this.expr(body);
        const each = this.iterate(domain);
        if (q === 'forall') {
          return (s: Int32Array, e: Value[]) => {
            for (const v of each(s, e)) { e[slot] = v; if (b(s, e) === 0) return 0; }
            return 1;
          };
        }
        return (s: Int32Array, e: Value[]) => {
          for (const v of each(s, e)) { e[slot] = v; if (b(s, e) !== 0) return 1; }
          return 0;
        };
      })
      .with({ op: 'choose' }, ({ slot, domain, pred }) => {
        const d = this.expr(domain);
        const pr = this.expr(pred);
        return (s: Int32Array, e: Value[]) => {
          for (const v of sortValues([...(d(s, e) as ISet<Value>)])) { e[slot] = v; if (pr(s, e) !== 0) return v; }
          throw new EvalError('choose found no element satisfying its condition', x.span);
        };
      })
      .with({ op: 'recCall' }, (r) => compileRecCall(this, r))
      .with({ op: 'variant' }, (v) => compileVariant(this, v))
      .with({ op: 'match' }, (m) => compileMatch(this, m))
      .exhaustive();
  }

  // Iterate the elements of a set expression; constant domains are
  // enumerated once, at compile time.
  iterate(domain: Expr): (s: Int32Array, e: Value[]) => Iterable<Value> {
    const c = constantSet(domain);
    if (c) return () => c;
    const d = this.expr(domain);
    return (s, e) => d(s, e) as ISet<Value>;
  }

  private unary(fn: string, arg: Expr, x: Expr): Eval {
    const p = this.path(arg);
    if (p && (fn === 'len' || fn === 'head') && p.type.kind === 'seq') {
      const off = p.offset;
      if (fn === 'len') return (s, e) => s[off(s, e)];
      const elem = readAt(p.type.elem);
      const where = p.name;
      return (s, e) => {
        const o = off(s, e);
        if (s[o] === 0) throw new EvalError(`head of the empty queue ${where}`, x.span);
        return elem(s, o + 1);
      };
    }
    if (p && fn === 'card' && p.type.kind === 'set') {
      const off = p.offset;
      const n = slotCount(p.type);
      return (s, e) => { const o = off(s, e); let c = 0; for (let i = 0; i < n; i++) c += s[o + i]; return c; };
    }
    if (fn === 'card') {
      const c = this.cardOf(arg);
      if (c) return c;
    }
    const a = this.expr(arg);
    return match(fn)
      .with('not', () => (s: Int32Array, e: Value[]) => (a(s, e) === 0 ? 1 : 0))
      .with('neg', () => (s: Int32Array, e: Value[]) => exact.neg(a(s, e)))
      .with('card', () => (s: Int32Array, e: Value[]) => (a(s, e) as ISet<Value>).size)
      .with('len', () => (s: Int32Array, e: Value[]) => (a(s, e) as List<Value>).size)
      .with('head', () => (s: Int32Array, e: Value[]) => {
        const l = a(s, e) as List<Value>;
        if (l.size === 0) throw new EvalError('head of an empty sequence', x.span);
        return l.get(0);
      })
      .with('tail', () => (s: Int32Array, e: Value[]) => {
        const l = a(s, e) as List<Value>;
        if (l.size === 0) throw new EvalError('tail of an empty sequence', x.span);
        return l.shift();
      })
      .with('domain', () => (s: Int32Array, e: Value[]) => ISet((a(s, e) as IMap<Value, Value>).keys()))
      .with('powerset', () => (s: Int32Array, e: Value[]) => {
        const elems = sortValues([...(a(s, e) as ISet<Value>)]);
        if (elems.length > 20) throw new EvalError(`powerset of a set of ${elems.length} elements is too large`, x.span);
        const out: ISet<Value>[] = [];
        for (let m = 0; m < 2 ** elems.length; m++) out.push(ISet(elems.filter((_, i) => (m >> i) & 1)));
        return ISet(out);
      })
      .with('union_all', () => (s: Int32Array, e: Value[]) => ISet<Value>().union(...(a(s, e) as ISet<ISet<Value>>)))
      .otherwise(() => { throw new Error(`internal: unknown unary ${fn}`); });
  }

  // card() of a set of maps / records / subsets: multiplied, not built.
  private cardOf(x: Expr): Eval | null {
    return cardWithoutBuilding(x, (sub) => {
      const c = this.cardOf(sub);
      if (c) return c;
      const f = this.expr(sub);
      return (s, e) => (f(s, e) as ISet<Value>).size;
    });
  }

  private binary(fn: string, left: Expr, right: Expr, x: Expr): Eval {
    if (fn === 'in' || fn === 'notin') {
      const sp = this.path(right);
      const neg = fn === 'notin';
      if (sp && sp.type.kind === 'set' && isScalar(sp.type.elem)) {
        const [lo, hi] = scalarBounds(sp.type.elem);
        const off = sp.offset;
        const l = this.expr(left);
        return (s, e) => { const v = l(s, e) as number; const r = v >= lo && v <= hi ? s[off(s, e) + v - lo] : 0; return (r !== 0) !== neg ? 1 : 0; };
      }
      const r = right.op === 'bin' && right.fn === 'range' ? null : constantSet(right);
      const l = this.expr(left);
      if (r) { const set = ISet(r); return (s, e) => (set.has(l(s, e)) !== neg ? 1 : 0); }
      const rr = this.expr(right);
      return (s, e) => ((rr(s, e) as ISet<Value>).has(l(s, e)) !== neg ? 1 : 0);
    }
    if ((fn === 'eq' || fn === 'ne') && !isScalar(left.type) && !isScalar(right.type)) {
      const a = this.expr(left);
      const b = this.expr(right);
      const neg = fn === 'ne';
      return (s, e) => ((a(s, e) as List<Value>).equals(b(s, e)) !== neg ? 1 : 0);
    }
    const a = this.expr(left);
    const b = this.expr(right);
    return match(fn)
      .with('add', () => (s: Int32Array, e: Value[]) => exact.add(a(s, e), b(s, e)))
      .with('sub', () => (s: Int32Array, e: Value[]) => exact.sub(a(s, e), b(s, e)))
      .with('mul', () => (s: Int32Array, e: Value[]) => exact.mul(a(s, e), b(s, e)))
      .with('div', () => (s: Int32Array, e: Value[]) => {
        const d = b(s, e);
        if (d === 0) throw new EvalError('division by zero', x.span);
        return exact.div(a(s, e), d);
      })
      .with('mod', () => (s: Int32Array, e: Value[]) => {
        const d = b(s, e);
        if (d === 0) throw new EvalError('modulo by zero', x.span);
        return exact.mod(a(s, e), d);
      })
      .with('eq', () => (s: Int32Array, e: Value[]) => (a(s, e) === b(s, e) ? 1 : 0))
      .with('ne', () => (s: Int32Array, e: Value[]) => (a(s, e) !== b(s, e) ? 1 : 0))
      .with('lt', () => (s: Int32Array, e: Value[]) => (a(s, e) < b(s, e) ? 1 : 0))
      .with('le', () => (s: Int32Array, e: Value[]) => (a(s, e) <= b(s, e) ? 1 : 0))
      .with('gt', () => (s: Int32Array, e: Value[]) => (a(s, e) > b(s, e) ? 1 : 0))
      .with('ge', () => (s: Int32Array, e: Value[]) => (a(s, e) >= b(s, e) ? 1 : 0))
      .with('and', () => (s: Int32Array, e: Value[]) => (a(s, e) !== 0 && b(s, e) !== 0 ? 1 : 0))
      .with('or', () => (s: Int32Array, e: Value[]) => (a(s, e) !== 0 || b(s, e) !== 0 ? 1 : 0))
      .with('implies', () => (s: Int32Array, e: Value[]) => (a(s, e) === 0 || b(s, e) !== 0 ? 1 : 0))
      .with('iff', () => (s: Int32Array, e: Value[]) => ((a(s, e) !== 0) === (b(s, e) !== 0) ? 1 : 0))
      .with('union', () => (s: Int32Array, e: Value[]) => (a(s, e) as ISet<Value>).union(b(s, e) as ISet<Value>))
      .with('inter', () => (s: Int32Array, e: Value[]) => (a(s, e) as ISet<Value>).intersect(b(s, e) as ISet<Value>))
      .with('diff', () => (s: Int32Array, e: Value[]) => (a(s, e) as ISet<Value>).subtract(b(s, e) as ISet<Value>))
      .with('subseteq', () => (s: Int32Array, e: Value[]) => ((a(s, e) as ISet<Value>).isSubset(b(s, e) as ISet<Value>) ? 1 : 0))
      .with('append', () => (s: Int32Array, e: Value[]) => (a(s, e) as List<Value>).push(b(s, e)))
      .with('concat', () => (s: Int32Array, e: Value[]) => (a(s, e) as List<Value>).concat(b(s, e) as List<Value>))
      .with('range', () => {
        if (left.op === 'lit' && right.op === 'lit') { const set = ISet(intRange(left.value, right.value)); return () => set; }
        return (s: Int32Array, e: Value[]) => {
          const lo = a(s, e) as number, hi = b(s, e) as number;
          // a BigInt bound is far past any range that could be enumerated
          if (typeof lo !== 'number' || typeof hi !== 'number' || hi - lo > 1_000_000) throw new EvalError(`the range ${lo}..${hi} is too large`, x.span);
          return ISet(intRange(lo, hi));
        };
      })
      .otherwise(() => { throw new Error(`internal: unknown binary ${fn}`); });
  }

  private apply(target: Expr, arg: Expr, x: Expr): Eval {
    const t = target.type;
    const f = this.expr(target);
    const k = this.expr(arg);
    if (t.kind === 'map') {
      return (s, e) => {
        const m = f(s, e) as IMap<Value, Value>;
        const key = k(s, e);
        const v = m.get(key);
        if (v === undefined) throw new EvalError(`map applied outside its domain (key ${String(key)})`, x.span);
        return v;
      };
    }
    return (s, e) => {
      const l = f(s, e) as List<Value>;
      const i = k(s, e) as number;
      if (i < 1 || i > l.size) throw new EvalError(`index ${i} is out of bounds 1..${l.size}`, x.span);
      return l.get(i - 1);
    };
  }
}

// True when x mentions no state variable and no local: a constant.
export function isClosed(x: Expr): boolean {
  let closed = true;
  const visit = (e: unknown): void => {
    if (!closed || e === null || typeof e !== 'object') return;
    if (Array.isArray(e)) { e.forEach(visit); return; }
    const o = e as { op?: string };
    if (o.op === 'var' || o.op === 'local') { closed = false; return; }
    for (const [k, v] of Object.entries(o)) if (k !== 'type' && k !== 'span') visit(v);
  };
  visit(x);
  return closed;
}

function intRange(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let v = lo; v <= hi; v++) out.push(v);
  return out;
}

// A set expression whose elements are known at compile time, in canonical order.
export function constantSet(x: Expr): readonly Value[] | null {
  if (x.op === 'all') return finiteValues(x.of);
  if (x.op === 'bin' && x.fn === 'range' && x.left.op === 'lit' && x.right.op === 'lit') return intRange(x.left.value, x.right.value);
  if (x.op === 'setLit' && x.elems.every((e) => e.op === 'lit')) {
    return [...new Set(x.elems.map((e) => (e as { value: number }).value))].sort((a, b) => a - b);
  }
  return null;
}

function readAt(t: Type): (s: Int32Array, off: number) => Value {
  if (isScalar(t)) { const lo = scalarBounds(t)[0]; return (s, off) => s[off] + lo; }
  return (s, off) => decode(t, s, off);
}

function readPath(p: SlotPath): Eval {
  const off = p.offset;
  if (isScalar(p.type)) {
    const lo = scalarBounds(p.type)[0];
    if (p.staticOffset !== null) {
      const o = p.staticOffset;
      return lo === 0 ? (s) => s[o] : (s) => s[o] + lo;
    }
    return lo === 0 ? (s, e) => s[off(s, e)] : (s, e) => s[off(s, e)] + lo;
  }
  const t = p.type;
  return (s, e) => decode(t, s, off(s, e));
}

type CompiledStep = { kind: 'index'; key: Eval } | { kind: 'field'; name: string };

function updateValue(t: Type, cur: Value, steps: CompiledStep[], i: number, v: Value, s: Int32Array, e: Value[], x: Expr): Value {
  if (i === steps.length) return v;
  const st = steps[i];
  if (st.kind === 'field') {
    if (t.kind !== 'record') throw new Error('internal: field update on a non-record');
    const j = t.fields.findIndex((f) => f.name === st.name);
    const l = cur as List<Value>;
    return l.set(j, updateValue(t.fields[j].type, l.get(j) as Value, steps, i + 1, v, s, e, x));
  }
  const key = st.key(s, e);
  if (t.kind === 'map') {
    const m = cur as IMap<Value, Value>;
    if (!m.has(key)) throw new EvalError(`map updated outside its domain (key ${String(key)})`, x.span);
    return m.set(key, updateValue(t.value, m.get(key) as Value, steps, i + 1, v, s, e, x));
  }
  const l = cur as List<Value>;
  const n = key as number;
  if (n < 1 || n > l.size) throw new EvalError(`index ${n} is out of bounds 1..${l.size}`, x.span);
  const inner = t.kind === 'seq' ? t.elem : t.kind === 'tuple' ? t.elems[n - 1] : t;
  return l.set(n - 1, updateValue(inner, l.get(n - 1) as Value, steps, i + 1, v, s, e, x));
}

