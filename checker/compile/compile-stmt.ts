// Action bodies compiled into continuation-passing closures: each statement
// runs on a working copy of the state and calls the rest of the body, so a
// nondeterministic `with` / `either` yields one successor per branch.
import { match } from 'ts-pattern';
import type { Expr, Stmt } from '../../dsl/ir.js';
import { ExprCompiler, constantSet } from './compile-expr.js';
import { EvalError } from './eval-error.js';
import { encode, slotCount } from './layout.js';
import { sameType, type SlotPath } from './slot-path.js';
import { isScalar, scalarBounds, type Value } from './types.js';

export type Cont = (w: Int32Array, e: Value[]) => void;

export function compileBlock(c: ExprCompiler, stmts: readonly Stmt[], k: Cont): Cont {
  let next = k;
  for (let i = stmts.length - 1; i >= 0; i--) next = compileStmt(c, stmts[i], next);
  return next;
}

function compileStmt(c: ExprCompiler, st: Stmt, k: Cont): Cont {
  return match(st)
    .with({ op: 'assign' }, (a) => {
      const store = compileAssign(c, c.lvalue(a.target.var, a.target.path), a.value, a.target.name);
      return (w: Int32Array, e: Value[]) => { store(w, e); k(w, e); };
    })
    .with({ op: 'await' }, (a) => {
      const cond = c.expr(a.cond);
      return (w: Int32Array, e: Value[]) => { if (cond(w, e) !== 0) k(w, e); };
    })
    .with({ op: 'if' }, (i) => {
      const cond = c.expr(i.cond);
      const t = compileBlock(c, i.then, k);
      const f = compileBlock(c, i.else, k);
      return (w: Int32Array, e: Value[]) => { if (cond(w, e) !== 0) t(w, e); else f(w, e); };
    })
    .with({ op: 'with' }, (wi) => {
      const body = compileBlock(c, wi.body, k);
      const slot = wi.slot;
      const saved = new Saved();
      const fixed = constantSet(wi.domain);
      const each = fixed ? () => fixed : c.iterate(wi.domain);
      return (w: Int32Array, e: Value[]) => {
        const vals = fixed ?? [...each(w, e)];
        const before = saved.keep(w);
        for (let i = 0; i < vals.length; i++) {
          if (i > 0) w.set(before);
          e[slot] = vals[i];
          body(w, e);
        }
      };
    })
    .with({ op: 'either' }, (ei) => {
      const branches = ei.branches.map((b) => compileBlock(c, b, k));
      const saved = new Saved();
      return (w: Int32Array, e: Value[]) => {
        const before = saved.keep(w);
        for (let i = 0; i < branches.length; i++) {
          if (i > 0) w.set(before);
          branches[i](w, e);
        }
      };
    })
    .with({ op: 'let' }, (l) => {
      const v = c.expr(l.value);
      const slot = l.slot;
      return (w: Int32Array, e: Value[]) => { e[slot] = v(w, e); k(w, e); };
    })
    .with({ op: 'assert' }, (a) => {
      const cond = c.expr(a.cond);
      const msg = a.message;
      const span = a.span;
      return (w: Int32Array, e: Value[]) => {
        if (cond(w, e) === 0) throw new EvalError(`assertion failed: ${msg}`, span);
        k(w, e);
      };
    })
    .exhaustive();
}

// The state before a branch point, restored before each further branch. One
// buffer per statement suffices: a continuation never re-enters an earlier
// statement, and successors are copied out by the receiver of emit.
class Saved {
  private buf: Int32Array | null = null;
  keep(w: Int32Array): Int32Array {
    if (!this.buf || this.buf.length !== w.length) this.buf = new Int32Array(w.length);
    this.buf.set(w);
    return this.buf;
  }
}

type Store = (w: Int32Array, e: Value[]) => void;

// Fast paths write slots directly: a scalar, a whole-value copy between two
// locations of the same type, append to / tail of a queue in place.
export function compileAssign(c: ExprCompiler, dst: SlotPath, value: Expr, name: string): Store {
  const t = dst.type;
  const off = dst.offset;
  if (isScalar(t)) {
    const [lo, hi] = scalarBounds(t);
    const v = c.expr(value);
    const where = dst.name;
    const span = value.span;
    const slack = c.slack?.covers(dst.varIndex) ? c.slack : null;
    if (slack) {
      return (w, e) => {
        const x = v(w, e) as number;
        const o = off(w, e);
        w[o] = x < lo || x > hi ? slack.miss(o, x, lo, hi, where, span) : x - lo;
      };
    }
    if (dst.staticOffset !== null) {
      const o = dst.staticOffset;
      return (w, e) => {
        const x = v(w, e) as number;
        if (x < lo || x > hi) throw new EvalError(`value ${x} is outside the declared range ${lo}..${hi} of ${where}`, span);
        w[o] = x - lo;
      };
    }
    return (w, e) => {
      const x = v(w, e) as number;
      if (x < lo || x > hi) throw new EvalError(`value ${x} is outside the declared range ${lo}..${hi} of ${where}`, span);
      w[off(w, e)] = x - lo;
    };
  }
  const src = c.path(value);
  if (src && sameType(src.type, t)) {
    const n = slotCount(t);
    const so = src.offset;
    return (w, e) => { const a = so(w, e); const b = off(w, e); if (a !== b) w.copyWithin(b, a, a + n); };
  }
  if (t.kind === 'seq' && value.op === 'bin' && value.fn === 'append' && samePlace(c.path(value.left), dst)) {
    const stride = slotCount(t.elem);
    const elem = value.right;
    const ev = c.expr(elem);
    const cap = t.cap;
    const et = t.elem;
    const scalarLo = isScalar(et) ? scalarBounds(et)[0] : 0;
    const scalarHi = isScalar(et) ? scalarBounds(et)[1] : 0;
    return (w, e) => {
      const o = off(w, e);
      const len = w[o];
      if (len >= cap) throw new EvalError(`${name} would hold ${len + 1} elements, over its capacity ${cap}`, value.span);
      const x = ev(w, e);
      const at = o + 1 + len * stride;
      if (isScalar(et)) {
        if (x < scalarLo || x > scalarHi) throw new EvalError(`value ${x} is outside the declared range ${scalarLo}..${scalarHi} of an element of ${name}`, elem.span);
        w[at] = x - scalarLo;
      } else {
        encode(et, x, w, at, name);
      }
      w[o] = len + 1;
    };
  }
  if (t.kind === 'seq' && value.op === 'un' && value.fn === 'tail' && samePlace(c.path(value.arg), dst)) {
    const stride = slotCount(t.elem);
    return (w, e) => {
      const o = off(w, e);
      const len = w[o];
      if (len === 0) throw new EvalError(`tail of the empty queue ${name}`, value.span);
      const start = o + 1;
      w.copyWithin(start, start + stride, start + len * stride);
      w.fill(0, start + (len - 1) * stride, start + len * stride);
      w[o] = len - 1;
    };
  }
  const v = c.expr(value);
  const slack = c.slack?.covers(dst.varIndex) ? c.slack : null;
  return (w, e) => encode(t, v(w, e), w, off(w, e), name, slack);
}

function samePlace(a: SlotPath | null, b: SlotPath): boolean {
  return a !== null && a.staticOffset !== null && a.staticOffset === b.staticOffset && sameType(a.type, b.type);
}

