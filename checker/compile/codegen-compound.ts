// Generated code for compound values (records, tuples, sets as bit slots,
// maps, queues) on the packed state, for codegen.ts: a compound value is never
// built as an Immutable.js value but written slot by slot into a scratch run
// (store), compared slot by slot, tested by rank. Where such code meets a
// runtime error (a range, a capacity, an empty queue...) it bails: the action
// or predicate is evaluated again by the closures, which report the error
// exactly as they would have (codegen.ts, `bail`).
import type { Expr, Stmt, Type } from '../../dsl/ir.js';
import { substituteLocals } from './bind-params.js';
import { constantSet, isClosed, type ExprCompiler } from './compile-expr.js';
import { EvalError } from './eval-error.js';
import { encode, slotCount, type StateLayout } from './layout.js';
import { sameType } from './slot-path.js';
import { cardinality, finiteValues, isScalar, scalarBounds, type Value } from './types.js';
import { finite, plusCode, rankable, rankCode } from './slot-code.js';

export interface Loc {
  readonly code: string; // JS expression for the first slot
  readonly type: Type;
}

// What codegen.ts lends the compound emitter.
export interface GenHost {
  readonly c: ExprCompiler;
  readonly layout: StateLayout;
  expr(x: Expr, s: string): string;
  cond(x: Expr, s: string): string;
  loc(x: Expr, s: string): Loc | null;
  constant(x: Expr): Value | undefined;
  ref(v: unknown): string;
  temp(): string;
  bail(): string; // a JS expression that abandons the generated code
}

// Unrolled slot loops and set quantifiers stay below this size.
const MAX_SLOTS_UNROLLED = 16;
// Over a set held in slots, a quantifier or `with` visits its elements in rank
// order; the closures visit the decoded Immutable set in insertion order, which
// is rank order only while it is an array map (at most 8 entries).
const MAX_ORDERED_SET = 8;
const MAX_KEYS_UNROLLED = 64;

export class CompoundGen {
  private readonly helpers: string[] = [];

  constructor(private readonly h: GenHost) {}

  // Helper functions (declared next to the generated function; TEMPS is
  // replaced by the temporaries' declaration once all are known).
  preamble(temps: string): string {
    return this.helpers.map((f) => f.replace('/*TEMPS*/', temps)).join('\n');
  }

  // A helper function of the state array, with statements, used in an
  // expression: returns the call.
  private helper(s: string, body: (out: string[]) => void): string {
    const out: string[] = [];
    body(out);
    const name = `H${this.helpers.length}`;
    this.helpers.push(`function ${name}(s) {\n/*TEMPS*/${out.join('\n')}\n}`);
    return `${name}(${s})`;
  }

  // ------------------------------------------------------------ locations

  // Locations codegen.ts does not address: the head of a queue, a sequence
  // element at a computed index.
  loc(x: Expr, s: string): Loc | null {
    const h = this.h;
    if (x.op === 'un' && x.fn === 'head' && x.arg.type.kind === 'seq') {
      const q = h.loc(x.arg, s);
      if (!q || q.type.kind !== 'seq') return null;
      const o = h.temp();
      return { code: `(${s}[${o} = ${q.code}] === 0 ? ${h.bail()} : ${o} + 1)`, type: q.type.elem };
    }
    if (x.op === 'apply' && x.target.type.kind === 'seq' && isScalar(x.arg.type)) {
      const q = h.loc(x.target, s);
      if (!q || q.type.kind !== 'seq') return null;
      const stride = slotCount(q.type.elem);
      const o = h.temp(), i = h.temp();
      const k = h.expr(x.arg, s);
      return { code: `((${i} = ${k}), (${o} = ${q.code}), ${i} >= 1 && ${i} <= ${s}[${o}] ? ${o} + 1 + ${stride === 1 ? '' : `${stride} * `}(${i} - 1) : ${h.bail()})`, type: q.type.elem };
    }
    return null;
  }

  // ------------------------------------------------------------ expressions

  // A number-valued x the scalar rules leave: card of a set.
  value(x: Expr, s: string): string | null {
    if (x.op === 'un' && x.fn === 'card' && x.arg.op === 'setFilter') return this.countFilter(x.arg, s);
    if (x.op === 'un' && x.fn === 'card' && x.arg.type.kind === 'set') {
      const l = this.h.loc(x.arg, s);
      if (l && l.type.kind === 'set') {
        const n = slotCount(l.type);
        if (n > MAX_SLOTS_UNROLLED) return null;
        if (n === 0) return '0';
        const o = this.base(l.code);
        return `(${o.set}${Array.from({ length: n }, (_, i) => `${s}[${o.at(i)}]`).join(' + ')})`;
      }
    }
    return null;
  }

  // A bool-valued x the scalar rules leave.
  cond(x: Expr, s: string): string | null {
    if (x.op === 'bin') {
      const { fn, left: a, right: b } = x;
      if ((fn === 'eq' || fn === 'ne') && !isScalar(a.type) && !isScalar(b.type)) {
        const eq = this.equal(a, b, s);
        return eq && (fn === 'eq' ? eq : `!${eq}`);
      }
      if ((fn === 'in' || fn === 'notin') && !isScalar(a.type) && b.type.kind === 'set') {
        const m = this.member(a, b, s);
        return m && (fn === 'in' ? m : `!${m}`);
      }
      if (fn === 'subseteq' && a.type.kind === 'set') return this.subset(a, b, s);
      return null;
    }
    if (x.op === 'quant') return this.quant(x, s);
    return null;
  }

  private quant(x: Extract<Expr, { op: 'quant' }>, s: string): string | null {
    const h = this.h;
    const join = x.q === 'forall' ? ' && ' : ' || ';
    // a domain without state (Proc minus {p} once p is bound): its elements,
    // in the order the closures iterate the same constant set
    if (!constantSet(x.domain) && isClosed(x.domain)) {
      const v = h.constant(x.domain);
      if (v === undefined || typeof v === 'number') return null;
      const elems = [...(v as Iterable<Value>)];
      if (elems.length > MAX_KEYS_UNROLLED || !elems.every((e) => typeof e === 'number')) return null;
      if (elems.length === 0) return x.q === 'forall' ? 'true' : 'false';
      return `(${elems.map((e) => h.cond(substituteLocals(x.body, new Map([[x.slot, e as number]])), s)).join(join)})`;
    }
    const l = h.loc(x.domain, s);
    if (!l || l.type.kind !== 'set' || !isScalar(l.type.elem)) return null;
    const n = slotCount(l.type);
    if (n > MAX_ORDERED_SET) return null;
    if (n === 0) return x.q === 'forall' ? 'true' : 'false';
    const lo = scalarBounds(l.type.elem)[0];
    const o = this.base(l.code);
    const parts = Array.from({ length: n }, (_, i) => {
      const body = h.cond(substituteLocals(x.body, new Map([[x.slot, lo + i]])), s);
      return x.q === 'forall' ? `(${s}[${o.at(i)}] === 0 || ${body})` : `(${s}[${o.at(i)}] !== 0 && ${body})`;
    });
    return `(${o.set}${parts.join(join)})`;
  }

  // card({x in D: P}): P counted over D's elements, in the order the closures
  // filter them (a constant D as its set iterates, a set in slots by rank).
  private countFilter(x: Extract<Expr, { op: 'setFilter' }>, s: string): string | null {
    const h = this.h;
    const term = (v: number, present: string): string => {
      const p = h.cond(substituteLocals(x.pred, new Map([[x.slot, v]])), s);
      return present ? `(${present} && ${p} ? 1 : 0)` : `(${p} ? 1 : 0)`;
    };
    if (isClosed(x.domain)) {
      const v = constantSet(x.domain) ?? h.constant(x.domain);
      if (v === undefined || v === null || typeof v === 'number') return null;
      const elems = [...(v as Iterable<Value>)];
      if (elems.length > MAX_KEYS_UNROLLED || !elems.every((e) => typeof e === 'number')) return null;
      return elems.length === 0 ? '0' : `(${elems.map((e) => term(e as number, '')).join(' + ')})`;
    }
    const l = h.loc(x.domain, s);
    if (!l || l.type.kind !== 'set' || !isScalar(l.type.elem)) return null;
    const n = slotCount(l.type);
    if (n > MAX_ORDERED_SET) return null;
    if (n === 0) return '0';
    const lo = scalarBounds(l.type.elem)[0];
    const o = this.base(l.code);
    return `(${o.set}${Array.from({ length: n }, (_, i) => term(lo + i, `${s}[${o.at(i)}] !== 0`)).join(' + ')})`;
  }

  // The elements of a set held in slots, as a JS array in rank order, for a
  // `with` over it; null where the closures must iterate.
  domain(d: Expr, s: string): string | null {
    const l = this.h.loc(d, s);
    if (!l || l.type.kind !== 'set' || !isScalar(l.type.elem)) return null;
    const n = slotCount(l.type);
    if (n > MAX_ORDERED_SET) return null;
    const lo = scalarBounds(l.type.elem)[0];
    const f = this.h.ref((w: Int32Array, o: number): number[] => {
      const out: number[] = [];
      for (let i = 0; i < n; i++) if (w[o + i] !== 0) out.push(lo + i);
      return out;
    });
    return `${f}(${s}, ${l.code})`;
  }

  private equal(a: Expr, b: Expr, s: string): string | null {
    const t = sameType(a.type, b.type) && finite(a.type) ? a.type : null;
    const la = this.h.loc(a, s), lb = this.h.loc(b, s);
    const type = la && finite(la.type) ? la.type : lb && finite(lb.type) ? lb.type : t;
    if (!type || (la && !sameType(la.type, type)) || (lb && !sameType(lb.type, type))) return null;
    if (!this.storable(a, type) || !this.storable(b, type)) return null;
    const n = slotCount(type);
    return this.helper(s, (out) => {
      const pa = this.place(a, type, la, 's', out);
      const pb = this.place(b, type, lb, 's', out);
      out.push(`for (let i = 0; i < ${n}; i++) if (${pa.buf}[${pa.off} + i] !== ${pb.buf}[${pb.off} + i]) return false;`);
      out.push('return true;');
    });
  }

  private member(a: Expr, b: Expr, s: string): string | null {
    const st = b.type.kind === 'set' ? b.type.elem : null;
    if (!st || !rankable(st) || !this.storable(a, st)) return null;
    const lb = this.h.loc(b, s);
    const setType: Type = { kind: 'set', elem: st };
    if ((lb && !sameType(lb.type, setType)) || cardinality(st) > 4096 || (!lb && !this.storable(b, setType))) return null;
    return this.helper(s, (out) => {
      const pb = this.place(b, setType, lb, 's', out);
      const pa = this.place(a, st, this.h.loc(a, 's'), 's', out);
      out.push(`const r = ${rankCode(st, pa.buf, pa.off)};`);
      out.push(`return ${pb.buf}[${pb.off} + r] !== 0;`);
    });
  }

  private subset(a: Expr, b: Expr, s: string): string | null {
    const t = a.type;
    if (!finite(t) || !sameType(t, b.type) || !this.storable(a, t) || !this.storable(b, t)) return null;
    const n = slotCount(t);
    return this.helper(s, (out) => {
      const pa = this.place(a, t, this.h.loc(a, 's'), 's', out);
      const pb = this.place(b, t, this.h.loc(b, 's'), 's', out);
      out.push(`for (let i = 0; i < ${n}; i++) if (${pa.buf}[${pa.off} + i] > ${pb.buf}[${pb.off} + i]) return false;`);
      out.push('return true;');
    });
  }

  // Where x's slots can be read: its own location, or a scratch run it was stored into.
  private place(x: Expr, t: Type, l: Loc | null, s: string, out: string[]): { buf: string; off: string } {
    if (l && sameType(l.type, t)) {
      const o = this.h.temp();
      out.push(`${o} = ${l.code};`);
      return { buf: s, off: o };
    }
    const buf = this.h.ref(new Int32Array(slotCount(t)));
    this.store(x, t, buf, '0', s, out);
    return { buf, off: '0' };
  }

  // ------------------------------------------------------------ statements

  // An assignment to a compound location, or null (the closures do it).
  assign(st: Extract<Stmt, { op: 'assign' }>, target: Expr): string | null {
    const t = st.target.type;
    if (isScalar(t) || !finite(t)) return null;
    const h = this.h;
    const v = st.value;
    const out: string[] = [];
    // in place: q = append(q, e), q = tail(q), S = S union {..}, S = S minus {..}
    if (t.kind === 'seq' && v.op === 'bin' && v.fn === 'append' && sameExpr(v.left, target)) {
      const l = h.loc(target, 'w');
      if (!l || !this.storable(v.right, t.elem)) return null;
      const o = h.temp(), n = h.temp(), at = h.temp();
      const stride = slotCount(t.elem);
      out.push(`${o} = ${l.code}; ${n} = w[${o}]; if (${n} >= ${t.cap}) ${h.bail()};`);
      out.push(`${at} = ${o} + 1 + ${stride === 1 ? '' : `${stride} * `}${n};`);
      this.store(v.right, t.elem, 'w', at, 'w', out);
      out.push(`w[${o}] = ${n} + 1;`);
      return out.join(' ');
    }
    if (t.kind === 'seq' && v.op === 'un' && v.fn === 'tail' && sameExpr(v.arg, target)) {
      const l = h.loc(target, 'w');
      if (!l) return null;
      const o = h.temp(), n = h.temp();
      const stride = slotCount(t.elem);
      out.push(`${o} = ${l.code}; ${n} = w[${o}]; if (${n} === 0) ${h.bail()};`);
      out.push(`w.copyWithin(${o} + 1, ${o} + 1 + ${stride}, ${o} + 1 + ${n} * ${stride}); w.fill(0, ${o} + 1 + (${n} - 1) * ${stride}, ${o} + 1 + ${n} * ${stride}); w[${o}] = ${n} - 1;`);
      return out.join(' ');
    }
    if (t.kind === 'set' && v.op === 'bin' && (v.fn === 'union' || v.fn === 'diff') && v.right.op === 'setLit' && sameExpr(v.left, target) && rankable(t.elem)) {
      const l = h.loc(target, 'w');
      if (!l || !v.right.elems.every((e) => this.storable(e, t.elem))) return null;
      const ranks = v.right.elems.map((e) => this.rankOf(e, t.elem, 'w', out, v.fn === 'union'));
      const o = h.temp();
      out.push(`${o} = ${l.code};`);
      for (const r of ranks) out.push(v.fn === 'union' ? `w[${o} + ${r}] = 1;` : `if (${r} >= 0) w[${o} + ${r}] = 0;`);
      return out.join(' ');
    }
    if (!this.storable(v, t)) return null;
    const l = h.loc(target, 'w');
    if (!l) return null;
    // into a scratch run first: the value may read the location it replaces
    const buf = h.ref(new Int32Array(slotCount(t)));
    this.store(v, t, buf, '0', 'w', out);
    out.push(`w.set(${buf}, ${l.code});`);
    return out.join(' ');
  }

  // The rank of x (a value of the rankable type t) in a JS temporary; an x
  // outside t bails when `strict`, else gets rank -1.
  private rankOf(x: Expr, t: Type, s: string, out: string[], strict: boolean): string {
    const h = this.h;
    const r = h.temp();
    if (isScalar(t)) {
      const [lo, hi] = scalarBounds(t);
      out.push(`${r} = ${h.expr(x, s)}${lo === 0 ? '' : ` - ${lo}`};`);
      out.push(`if (${r} < 0 || ${r} > ${hi - lo}) ${strict ? h.bail() : `${r} = -1`};`);
      return r;
    }
    // a record or tuple: stored (an out-of-range part bails), then ranked
    const buf = h.ref(new Int32Array(slotCount(t)));
    this.store(x, t, buf, '0', s, out);
    out.push(`${r} = ${rankCode(t, buf, '0')};`);
    return r;
  }

  // ------------------------------------------------------------ store

  // Whether store() covers x as a value of t without calling a closure for
  // the whole of it (it always can, through encode; this picks the cases worth it).
  storable(x: Expr, t: Type): boolean {
    if (!finite(t)) return false;
    if (isScalar(t)) return isScalar(x.type);
    const l = this.h.loc(x, 's');
    if (l) return sameType(l.type, t);
    switch (x.op) {
      case 'recordLit': return t.kind === 'record' && t.fields.every((f, i) => x.fields[i]?.name === f.name && this.storable(x.fields[i].value, f.type));
      case 'tupleLit': case 'seqLit':
        if (t.kind === 'tuple') return x.elems.length === t.elems.length && x.elems.every((e, i) => this.storable(e, t.elems[i]));
        return t.kind === 'seq' && x.elems.every((e) => this.storable(e, t.elem));
      case 'setLit': return t.kind === 'set' && rankable(t.elem) && x.elems.every((e) => this.storable(e, t.elem));
      case 'all': return t.kind === 'set' && sameType(x.of, t.elem);
      case 'bin':
        if (t.kind === 'set' && (x.fn === 'union' || x.fn === 'inter' || x.fn === 'diff')) return rankable(t.elem) && this.storable(x.left, t) && this.storable(x.right, t);
        if (t.kind === 'seq' && x.fn === 'append') return this.storable(x.left, t) && this.storable(x.right, t.elem);
        return false;
      case 'un': return t.kind === 'seq' && x.fn === 'tail' && this.storable(x.arg, t);
      case 'if': return this.storable(x.then, t) && this.storable(x.else, t);
      case 'let':
        if (x.value.op === 'lit') return this.storable(substituteLocals(x.body, new Map([[x.slot, x.value.value]])), t);
        if (x.value.op === 'recordLit' || x.value.op === 'tupleLit') return this.storable(substituteExpr(x.body, x.slot, x.value), t);
        return isScalar(x.value.type) && this.storable(x.body, t);
      case 'mapBuild': return t.kind === 'map' && this.mapKeys(x, t) !== null && this.storable(x.body, t.value);
      case 'update': return sameType(x.target.type, t) && this.storable(x.target, t);
      default: return false;
    }
  }

  // Statements writing the encoding of x, a value of type t, to buf[off...],
  // reading the state from s. An x that does not fit t bails. `off` is a JS
  // expression without side effects.
  store(x: Expr, t: Type, buf: string, off: string, s: string, out: string[]): void {
    const h = this.h;
    const at = (add: number): string => plusCode(off, add);
    if (isScalar(t)) {
      const [lo, hi] = scalarBounds(t);
      const k = h.constant(x);
      if (typeof k === 'number') {
        out.push(k >= lo && k <= hi ? `${buf}[${off}] = ${k - lo};` : `${h.bail()};`);
        return;
      }
      const r = h.temp();
      out.push(`${r} = ${h.expr(x, s)}; if (${r} < ${lo} || ${r} > ${hi}) ${h.bail()}; ${buf}[${off}] = ${r}${lo === 0 ? '' : ` - ${lo}`};`);
      return;
    }
    const l = h.loc(x, s);
    if (l && sameType(l.type, t)) {
      const n = slotCount(t);
      const o = h.temp();
      out.push(`${o} = ${l.code};`);
      if (n <= MAX_SLOTS_UNROLLED) for (let i = 0; i < n; i++) out.push(`${buf}[${at(i)}] = ${s}[${o} + ${i}];`);
      else out.push(`for (let i = 0; i < ${n}; i++) ${buf}[${off} + i] = ${s}[${o} + i];`);
      return;
    }
    switch (x.op) {
      case 'recordLit':
        if (t.kind !== 'record') break;
        {
          let add = 0;
          t.fields.forEach((f, i) => { this.store(x.fields[i].value, f.type, buf, at(add), s, out); add += slotCount(f.type); });
        }
        return;
      case 'tupleLit': case 'seqLit':
        if (t.kind === 'tuple') {
          let add = 0;
          t.elems.forEach((et, i) => { this.store(x.elems[i], et, buf, at(add), s, out); add += slotCount(et); });
          return;
        }
        if (t.kind === 'seq') {
          if (x.elems.length > t.cap) { out.push(`${h.bail()};`); return; }
          const stride = slotCount(t.elem);
          out.push(`${buf}[${off}] = ${x.elems.length};`);
          x.elems.forEach((e, i) => this.store(e, t.elem, buf, at(1 + i * stride), s, out));
          this.fill(buf, at(1 + x.elems.length * stride), (t.cap - x.elems.length) * stride, 0, out);
          return;
        }
        break;
      case 'setLit': {
        if (t.kind !== 'set') break;
        const ranks = x.elems.map((e) => this.rankOf(e, t.elem, s, out, true));
        this.fill(buf, off, slotCount(t), 0, out);
        for (const r of ranks) out.push(`${buf}[${off} + ${r}] = 1;`);
        return;
      }
      case 'all':
        if (t.kind !== 'set') break;
        this.fill(buf, off, slotCount(t), 1, out);
        return;
      case 'bin': {
        if (t.kind === 'set' && (x.fn === 'union' || x.fn === 'inter' || x.fn === 'diff')) {
          const n = slotCount(t);
          this.store(x.left, t, buf, off, s, out);
          if (x.right.op === 'setLit' && x.fn !== 'inter') {
            const ranks = x.right.elems.map((e) => this.rankOf(e, t.elem, s, out, x.fn === 'union'));
            for (const r of ranks) out.push(x.fn === 'union' ? `${buf}[${off} + ${r}] = 1;` : `if (${r} >= 0) ${buf}[${off} + ${r}] = 0;`);
            return;
          }
          const tmp = h.ref(new Int32Array(n));
          this.store(x.right, t, tmp, '0', s, out);
          const op = x.fn === 'union' ? `|= ${tmp}[i]` : x.fn === 'inter' ? `&= ${tmp}[i]` : `&= ${tmp}[i] ^ 1`;
          out.push(`for (let i = 0; i < ${n}; i++) ${buf}[${off} + i] ${op};`);
          return;
        }
        if (t.kind === 'seq' && x.fn === 'append') {
          this.store(x.left, t, buf, off, s, out);
          const stride = slotCount(t.elem);
          const n = h.temp(), p = h.temp();
          out.push(`${n} = ${buf}[${off}]; if (${n} >= ${t.cap}) ${h.bail()}; ${p} = ${off} + 1 + ${stride === 1 ? '' : `${stride} * `}${n};`);
          this.store(x.right, t.elem, buf, p, s, out);
          out.push(`${buf}[${off}] = ${n} + 1;`);
          return;
        }
        break;
      }
      case 'un':
        if (t.kind === 'seq' && x.fn === 'tail') {
          this.store(x.arg, t, buf, off, s, out);
          const stride = slotCount(t.elem);
          const n = h.temp(), o = h.temp();
          out.push(`${o} = ${off} + 1; ${n} = ${buf}[${off}]; if (${n} === 0) ${h.bail()};`);
          out.push(`${buf}.copyWithin(${o}, ${o} + ${stride}, ${o} + ${n} * ${stride}); ${buf}.fill(0, ${o} + (${n} - 1) * ${stride}, ${o} + ${n} * ${stride}); ${buf}[${off}] = ${n} - 1;`);
          return;
        }
        break;
      case 'if': {
        const k = h.constant(x.cond);
        if (typeof k === 'number') { this.store(k !== 0 ? x.then : x.else, t, buf, off, s, out); return; }
        out.push(`if (${h.cond(x.cond, s)}) {`);
        this.store(x.then, t, buf, off, s, out);
        out.push('} else {');
        this.store(x.else, t, buf, off, s, out);
        out.push('}');
        return;
      }
      case 'let': {
        if (x.value.op === 'lit') { this.store(substituteLocals(x.body, new Map([[x.slot, x.value.value]])), t, buf, off, s, out); return; }
        if (isScalar(x.value.type)) out.push(`e[${x.slot}] = ${h.expr(x.value, s)};`);
        else if (x.value.op === 'recordLit' || x.value.op === 'tupleLit') { this.store(substituteExpr(x.body, x.slot, x.value), t, buf, off, s, out); return; }
        else out.push(`e[${x.slot}] = ${h.ref(h.c.expr(x.value))}(${s}, e);`);
        this.store(x.body, t, buf, off, s, out);
        return;
      }
      case 'mapBuild': {
        if (t.kind !== 'map') break;
        const keys = this.mapKeys(x, t);
        if (!keys) break;
        const stride = slotCount(t.value);
        keys.forEach((k, r) => this.store(substituteLocals(x.body, new Map([[x.slot, k]])), t.value, buf, at(r * stride), s, out));
        return;
      }
      case 'update': {
        if (!sameType(x.target.type, t)) break;
        this.store(x.target, t, buf, off, s, out);
        let cur = t;
        let o = off;
        for (const stp of x.path) {
          const next = this.step(cur, o, stp, buf, s, out);
          if (!next) { out.push(`${h.bail()};`); return; }
          [cur, o] = next;
        }
        this.store(x.value, cur, buf, o, s, out);
        return;
      }
    }
    // anything else: the closure's value, encoded (a value that does not fit bails)
    const f = h.ref(h.c.expr(x));
    const enc = h.ref((v: Value, b: Int32Array, o: number) => {
      try { encode(t, v, b, o, ''); } catch (err) { if (err instanceof EvalError) throw BAIL; throw err; }
    });
    out.push(`${enc}(${f}(${s}, e), ${buf}, ${off});`);
  }

  // One step of an EXCEPT path inside buf: the type and offset it leads to.
  private step(t: Type, off: string, stp: Extract<Expr, { op: 'update' }>['path'][number], buf: string, s: string, out: string[]): [Type, string] | null {
    const h = this.h;
    if (stp.kind === 'field') {
      if (t.kind !== 'record') return null;
      let add = 0;
      for (const f of t.fields) {
        if (f.name === stp.name) return [f.type, plusCode(off, add)];
        add += slotCount(f.type);
      }
      return null;
    }
    if (t.kind === 'map' && isScalar(t.key) && isScalar(stp.key.type)) {
      const [lo, hi] = scalarBounds(t.key);
      const r = h.temp();
      out.push(`${r} = ${h.expr(stp.key, s)}${lo === 0 ? '' : ` - ${lo}`}; if (${r} < 0 || ${r} > ${hi - lo}) ${h.bail()};`);
      const stride = slotCount(t.value);
      return [t.value, `${off} + ${stride === 1 ? '' : `${stride} * `}${r}`];
    }
    if (t.kind === 'seq' && isScalar(stp.key.type)) {
      const r = h.temp();
      const stride = slotCount(t.elem);
      out.push(`${r} = ${h.expr(stp.key, s)}; if (${r} < 1 || ${r} > ${buf}[${off}]) ${h.bail()};`);
      return [t.elem, `${off} + 1 + ${stride === 1 ? '' : `${stride} * `}(${r} - 1)`];
    }
    if (t.kind === 'tuple' && stp.key.op === 'lit' && stp.key.value >= 1 && stp.key.value <= t.elems.length) {
      let add = 0;
      for (let j = 0; j < stp.key.value - 1; j++) add += slotCount(t.elems[j]);
      return [t.elems[stp.key.value - 1], plusCode(off, add)];
    }
    return null;
  }

  // The keys of a map builder over a constant domain that is the whole key
  // type, in rank order; null otherwise.
  private mapKeys(x: Extract<Expr, { op: 'mapBuild' }>, t: Extract<Type, { kind: 'map' }>): number[] | null {
    if (!isScalar(t.key)) return null;
    const d = constantSet(x.domain) ?? (isClosed(x.domain) ? (() => { const v = this.h.constant(x.domain); return v === undefined || typeof v === 'number' ? null : [...(v as Iterable<Value>)]; })() : null);
    if (!d || d.length > MAX_KEYS_UNROLLED) return null;
    const all = finiteValues(t.key) as number[];
    const sorted = [...d].sort((a, b) => (a as number) - (b as number));
    if (sorted.length !== all.length || sorted.some((v, i) => v !== all[i])) return null;
    return all;
  }

  private fill(buf: string, off: string, n: number, v: number, out: string[]): void {
    if (n <= 0) return;
    if (n <= MAX_SLOTS_UNROLLED) for (let i = 0; i < n; i++) out.push(`${buf}[${plusCode(off, i)}] = ${v};`);
    else out.push(`${buf}.fill(${v}, ${off}, ${off} + ${n});`);
  }

  // A location's first slot, evaluated once: `set` goes before the uses.
  private base(code: string): { set: string; at: (i: number) => string } {
    if (/^\d+$/.test(code)) return { set: '', at: (i) => String(Number(code) + i) };
    const o = this.h.temp();
    return { set: `(${o} = ${code}), `, at: (i) => (i === 0 ? o : `${o} + ${i}`) };
  }
}

// Thrown by generated code where it gives the evaluation back to the closures.
export const BAIL: unique symbol = Symbol('bail');
export function throwBail(): never {
  throw BAIL;
}

// The same expression, spans and types aside.
export function sameExpr(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => k !== 'span' && k !== 'type');
  const kb = Object.keys(b).filter((k) => k !== 'span' && k !== 'type');
  if (ka.length !== kb.length) return false;
  return ka.every((k) => sameExpr((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

// x with the local `slot` replaced by the expression v (a let of a record built
// from state reads: evaluating it where it is used gives the same value).
function substituteExpr<T>(x: T, slot: number, v: Expr): T {
  const sub = (y: unknown): unknown => {
    if (y === null || typeof y !== 'object') return y;
    if (Array.isArray(y)) return y.map(sub);
    const o = y as Record<string, unknown>;
    if (o.op === 'local' && o.slot === slot) return v;
    const out: Record<string, unknown> = {};
    for (const [k, val] of Object.entries(o)) out[k] = k === 'type' || k === 'span' ? val : sub(val);
    return out;
  };
  return sub(x) as T;
}
