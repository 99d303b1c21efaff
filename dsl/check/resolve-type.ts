// Type expressions of the AST to IR types: names, ranges (bounds are
// constant expressions, lowered through the expression lowering), sets,
// maps, sequences, records, tuples; and action / process parameters.
import type { Param, Type } from '../ir.js';
import type { AExpr, AParam, AType } from '../ast.js';
import { didYouMean } from '../diag.js';
import { BOOL, INT, INT_MAX, INT_MIN, MAX_ENUMERATED, cardinalityOf, inInt32, isIntLike, tInt, tSeq, tSet, typeName } from '../types.js';
import { evalConst } from './const-eval.js';
import { type LowerExpr, numText, type Scope } from './scope.js';
import { resolveUnion } from './union-lower.js';

export class TypeResolver {
  constructor(private readonly s: Scope, private readonly exprs: LowerExpr) {}

  private constInt(a: AExpr, what: string): number | null {
    const e = this.exprs.expr(a, { ...this.s.newEnv(), constOnly: true });
    if (!e) return null;
    if (!isIntLike(e.type)) return this.s.err(a.span, `${what} must be an integer, not ${typeName(e.type)}`);
    const v = evalConst(e);
    if (v === null) return this.s.err(a.span, `${what} must be a constant`);
    if (!inInt32(v)) return this.s.err(a.span, `${what} (${numText(v)}) is too large: integers must lie in ${INT_MIN}..${INT_MAX}`);
    return v;
  }

  resolveType(a: AType): Type | null {
    switch (a.k) {
      case 'bool': return BOOL;
      case 'range': {
        const lo = this.constInt(a.lo, 'the lower bound of a range type');
        const hi = this.constInt(a.hi, 'the upper bound of a range type');
        if (lo === null || hi === null) return null;
        if (lo > hi) return this.s.err(a.span, `the range ${lo}..${hi} is empty`);
        if (hi - lo > INT_MAX) return this.s.err(a.span, `the range ${lo}..${hi} is too wide: at most ${INT_MAX + 1} values`);
        return tInt(lo, hi);
      }
      case 'name': {
        const s = this.s.globals.get(a.name);
        if (!s) {
          if (/^(int|Int|Nat|nat|integer|Integer|number)$/.test(a.name)) return this.s.err(a.span, `'${a.name}' is not finite: every type must be finite, use a range such as 0..3`);
          if (/^(string|STRING|String)$/.test(a.name)) return this.s.err(a.span, 'there are no strings: declare an enum such as enum Msg { Prepared, Commit }');
          if (/^(mutex|spinlock|lock|Mutex|semaphore)$/.test(a.name)) return this.s.err(a.span, `unknown type '${a.name}': there is no ${a.name} type; use rwsem (down_write/up_write for an exclusive lock) or bool`);
          return this.s.err(a.span, `unknown type '${a.name}'${didYouMean(a.name, this.s.globals.keys())}`);
        }
        switch (s.k) {
          case 'bool-type': return BOOL;
          case 'enum': case 'modelSet': return s.type;
          case 'alias': {
            if (s.resolved !== undefined) return s.resolved;
            if (s.resolving) return this.s.err(a.span, `type '${a.name}' is defined in terms of itself`);
            s.resolving = true;
            s.resolved = this.resolveType(s.decl.type);
            s.resolving = false;
            return s.resolved;
          }
          case 'def': {
            if (s.decl.params.length === 0) {
              const e = this.exprs.expr(s.decl.body, { ...this.s.newEnv(), constOnly: true });
              if (e && e.op === 'all') return e.of;
              if (e && e.op === 'bin' && e.fn === 'range') {
                const lo = evalConst(e.left);
                const hi = evalConst(e.right);
                if (lo !== null && hi !== null && lo <= hi) return tInt(lo, hi);
              }
            }
            return this.s.err(a.span, `'${a.name}' is an operator, not a type; declare it with 'type ${a.name} = ...'`);
          }
          case 'pendingConst': return this.s.err(a.span, `const '${a.name}' is used before its declaration`);
          case 'poison': return null;
          case 'int': return this.s.err(a.span, `'${a.name}' is an integer constant, not a type; write a range such as 1..${a.name}`);
          case 'enumConst': return this.s.err(a.span, `'${a.name}' is a constant member of ${s.type.name}, not a type`);
          default: return this.s.err(a.span, `'${a.name}' is not a type`);
        }
      }
      case 'set': {
        const e = this.resolveType(a.elem);
        return e ? tSet(e) : null;
      }
      case 'queue': {
        const e = this.resolveType(a.elem);
        const cap = this.constInt(a.cap, 'the capacity of a queue');
        if (cap !== null && cap < 1) return this.s.err(a.cap.span, `the capacity of a queue must be at least 1, not ${cap}`);
        if (cap !== null && cap > MAX_ENUMERATED) return this.s.err(a.cap.span, `the capacity of a queue must be at most ${MAX_ENUMERATED}, not ${cap}`);
        return e && cap !== null ? tSeq(e, cap) : null;
      }
      case 'rwsem': {
        if (!a.max) return { kind: 'rwsem', maxReaders: 4 };
        const n = this.constInt(a.max, 'the reader limit of an rwsem');
        if (n !== null && n < 1) return this.s.err(a.max.span, `an rwsem must allow at least 1 reader, not ${n}`);
        if (n !== null && n >= INT_MAX) return this.s.err(a.max.span, `an rwsem allows at most ${INT_MAX - 1} readers, not ${n}`);
        return n !== null ? { kind: 'rwsem', maxReaders: n } : null;
      }
      case 'atomic': {
        const t = this.resolveType(a.inner);
        if (t && t.kind !== 'int') return this.s.err(a.inner.span, `an atomic counter holds an integer range such as 0..3, not ${typeName(t)}`);
        return t;
      }
      case 'map': {
        const k = this.resolveType(a.key);
        const v = this.resolveType(a.value);
        return k && v ? { kind: 'map', key: k, value: v } : null;
      }
      case 'record': {
        const fields: { name: string; type: Type }[] = [];
        let ok = true;
        for (const f of a.fields) {
          if (fields.some((g) => g.name === f.name)) this.s.err(f.span, `field '${f.name}' appears twice`);
          const t = this.resolveType(f.type);
          if (!t) ok = false;
          else fields.push({ name: f.name, type: t });
        }
        return ok ? { kind: 'record', fields: fields.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0)) } : null;
      }
      case 'union': return resolveUnion(a, (t) => this.resolveType(t), this.s);
      case 'tuple': {
        const elems = a.elems.map((t) => this.resolveType(t));
        return elems.every((t) => t) ? { kind: 'tuple', elems: elems as Type[] } : null;
      }
    }
  }

  // allowSets: an action's parameter may also range over the subsets of a
  // finite scalar type (`S: set<Items>`, TLA+'s \E S \in SUBSET Items)
  params(ps: readonly AParam[], allowSets = false): Param[] | null {
    const out: Param[] = [];
    let ok = true;
    ps.forEach((p, i) => {
      if (ps.findIndex((q) => q.name === p.name) !== i) this.s.err(p.span, `parameter '${p.name}' appears twice`);
      const t = this.resolveType(p.type);
      if (!t) ok = false;
      else if (!isScalarParam(t) && !(allowSets && t.kind === 'set' && isScalarParam(t.elem))) {
        ok = false;
        this.s.err(p.type.span, `a parameter ranges over a finite set of scalars (a range, an enum, a set of model values or bool)${allowSets ? ' or over its subsets (set<T>)' : ''}, not ${typeName(t)}`);
      } else if (cardinalityOf(t) > MAX_ENUMERATED) {
        ok = false;
        this.s.err(p.type.span, `parameter '${p.name}' ranges over ${numText(cardinalityOf(t))} values, too many to enumerate (at most ${MAX_ENUMERATED})`);
      }
      out.push({ name: p.name, slot: i, domain: t ?? INT });
    });
    return ok ? out : null;
  }
}

const isScalarParam = (t: Type): boolean => t.kind === 'bool' || t.kind === 'enum' || t.kind === 'int';
