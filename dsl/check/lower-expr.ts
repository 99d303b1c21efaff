// Expressions of the AST to typed IR expressions: names resolved (locals,
// constants, variables, enum members, operators inlined), types checked
// and coerced, built-in operators and quantifiers lowered.
import type { Expr, PathStep, Span, Stmt, Type } from '../ir.js';
import type { ABinder, AExpr, AStmt } from '../ast.js';
import { didYouMean } from '../diag.js';
import { ANY, BOOL, INT, INT_MAX, INT_MIN, MAX_ENUMERATED, cardinalityOf, coerce, inInt32, isFiniteType, isIntLike, tInt, tSeq, tSet, typeName, unify } from '../types.js';
import { ACTION_PROPERTY_FORM, lowerPrime } from './action-property.js';
import { evalConst } from './const-eval.js';
import { ambiguousMessage } from './enum-scope.js';
import type { RecLowering } from './rec-def.js';
import type { TypeResolver } from './resolve-type.js';
import { UnionLowering } from './union-lower.js';
import { binE, BUILTINS, type DeclOf, type EnumT, type Env, exprText, lit, numText, PRIMITIVES, type Scope } from './scope.js';

const BIN_SYMBOL: Record<string, string> = {
  add: '+', sub: '-', mul: '*', div: '/', mod: '%', eq: '==', ne: '!=', lt: '<', le: '<=', gt: '>', ge: '>=',
  and: '&&', or: '||', implies: '=>', iff: '<=>', in: 'in', notin: 'notin', union: 'union', inter: 'inter',
  diff: 'minus', subseteq: 'subseteq', concat: '++', range: '..', leadsto: '~>',
};

export class ExprLowering {
  recs: RecLowering | null = null; // `def rec` calls (set by the checker)

  private readonly unions: UnionLowering;

  constructor(private readonly s: Scope, private readonly types: TypeResolver) {
    this.unions = new UnionLowering(s, { expr: (a, env) => this.expr(a, env), checkAssignable: (t, v, sp, w) => this.checkAssignable(t, v, sp, w), resolveType: (t) => types.resolveType(t) });
  }

  checkAssignable(target: Type, value: Expr, span: Span, what: string): Expr | null {
    const u = unify(target, value.type);
    if (!u || (target.kind === 'rwsem' && value.type.kind !== 'int' && value.type.kind !== 'rwsem')) {
      return this.s.err(span, `cannot assign ${typeName(value.type)} to ${what} of type ${typeName(target)}`);
    }
    if (value.op === 'lit') {
      if (target.kind === 'int' && (value.value < target.lo || value.value > target.hi)) return this.s.err(span, `${value.value} is outside the range ${target.lo}..${target.hi} of ${what}`);
      if (target.kind === 'rwsem' && (value.value < -1 || value.value > target.maxReaders)) return this.s.err(span, `${value.value} is not a valid rwsem value (-1 write-held, 0 free, 1..${target.maxReaders} readers) for ${what}`);
    }
    return coerce(value, target);
  }

  boolExpr(a: AExpr, env: Env, where: string): Expr | null {
    const e = this.expr(a, env);
    if (!e) return null;
    if (e.type.kind !== 'bool') return this.s.err(a.span, `${where} must be a boolean condition, not ${typeName(e.type)}`);
    return e;
  }

  setExpr(a: AExpr, env: Env, where: string): Expr | null {
    const e = this.expr(a, env);
    if (!e) return null;
    if (e.type.kind !== 'set') return this.s.err(a.span, `${where} needs a set, not ${typeName(e.type)}`);
    return e;
  }

  private seqArg(a: AExpr, env: Env, where: string): Expr | null {
    const e = this.expr(a, env);
    if (!e) return null;
    if (e.op === 'tupleLit') {
      const el = e.elems.reduce<Type | null>((acc, x) => (acc ? unify(acc, x.type) : null), ANY);
      if (el) return coerce(e, tSeq(el));
    }
    if (e.type.kind !== 'seq') return this.s.err(a.span, `${where} needs a queue or sequence, not ${typeName(e.type)}`);
    return e;
  }

  applyType(t: Type, arg: Expr, span: Span, what: string): { key: Expr; type: Type } | null {
    if (t.kind === 'map') {
      if (!unify(t.key, arg.type)) return this.s.err(span, `${what} is indexed by ${typeName(t.key)}, not ${typeName(arg.type)}`);
      if (arg.op === 'lit' && t.key.kind === 'int' && (arg.value < t.key.lo || arg.value > t.key.hi)) return this.s.err(span, `${arg.value} is outside the domain ${typeName(t.key)} of ${what}`);
      return { key: coerce(arg, t.key), type: t.value };
    }
    if (t.kind === 'seq') {
      if (!isIntLike(arg.type)) return this.s.err(span, `a queue is indexed by a position 1, 2, ..., not ${typeName(arg.type)}`);
      return { key: arg, type: t.elem };
    }
    if (t.kind === 'tuple') {
      const i = evalConst(arg);
      if (i === null || !isIntLike(arg.type)) return this.s.err(span, 'a tuple is indexed by a constant position 1, 2, ...');
      if (i < 1 || i > t.elems.length) return this.s.err(span, `a tuple of ${t.elems.length} elements has no element ${i}`);
      return { key: arg, type: t.elems[i - 1] };
    }
    return this.s.err(span, `${what} is ${typeName(t)}, which cannot be indexed`);
  }

  // a finite type used as the set of its values: enumerated by the checker
  private allOf(t: Type, name: string, span: Span): Expr | null {
    const n = cardinalityOf(t);
    if (n > MAX_ENUMERATED) return this.s.err(span, `type ${name} has ${numText(n)} values, too many to use as a set (at most ${MAX_ENUMERATED})`);
    return { op: 'all', of: t, type: tSet(t), span };
  }

  private resolveName(a: Extract<AExpr, { k: 'name' }>, env: Env): Expr | null {
    const loc = env.locals.get(a.name);
    if (loc) {
      if (loc.constValue !== undefined) return lit(loc.constValue, loc.type, a.span);
      return { op: 'local', slot: loc.slot, name: a.name, type: loc.type, span: a.span };
    }
    const s = this.s.globals.get(a.name);
    if (!s) return this.s.err(a.span, `unknown name '${a.name}'${didYouMean(a.name, this.s.candidates(env))}`);
    switch (s.k) {
      case 'int': return lit(s.value, tInt(s.value, s.value), a.span);
      case 'bool': return lit(s.value, BOOL, a.span);
      case 'enumConst': return lit(s.value, s.type, a.span);
      case 'member':
        if (this.s.globals.get(s.type.name)?.k === 'modelSet') this.s.memberUses.push({ set: s.type.name, name: a.name, span: a.span });
        return lit(s.index, s.type, a.span);
      case 'ambiguousMember': return this.s.err(a.span, ambiguousMessage(a.name, s.of));
      case 'tag': return this.unions.bare(s.union, s.index, a.span);
      case 'modelSet': case 'enum': return this.allOf(s.type, a.name, a.span);
      case 'bool-type': return { op: 'all', of: BOOL, type: tSet(BOOL), span: a.span };
      case 'alias': {
        const t = this.types.resolveType({ k: 'name', name: a.name, span: a.span });
        if (!t) return null;
        if (!isFiniteType(t)) return this.s.err(a.span, `type ${a.name} is not finite, so it cannot be used as a set`);
        return this.allOf(t, a.name, a.span);
      }
      case 'var':
        if (env.recOf) return this.s.err(a.span, `'${a.name}' is a state variable; the recursive operator ${env.recOf} reads only its parameters and constants: pass it as an argument`);
        if (env.constOnly) return this.s.err(a.span, `'${a.name}' is a state variable; a constant expression cannot read it`);
        return s.type ? { op: 'var', index: s.index, name: a.name, type: s.type, span: a.span } : null;
      case 'def':
        if (s.decl.params.length) return this.s.err(a.span, `'${a.name}' takes ${s.decl.params.length} argument${s.decl.params.length === 1 ? '' : 's'}: write ${a.name}(...)`);
        return this.inline(s.decl, [], a.span, env);
      case 'process': return this.s.err(a.span, `process '${a.name}' is not a value; write ${a.name}.<label> to test where it is`);
      case 'pendingConst': return this.s.err(a.span, `const '${a.name}' is used before its declaration`);
      case 'poison': return null;
    }
  }

  // Enum.member (or Set.modelValue): the member of that type, whatever else shares its name
  // the statement form of match (lower-stmt.ts), lowered to if / let
  matchStmt(a: Extract<AStmt, { k: 'match' }>, env: Env, block: (b: readonly AStmt[], env: Env) => Stmt[]): Stmt[] {
    return this.unions.matchStmt(a, env, block);
  }

  private qualifiedMember(type: EnumT, name: string, span: Span): Expr | null {
    const i = type.members.indexOf(name);
    if (i < 0) return this.s.err(span, `${type.name} has no member '${name}'${didYouMean(name, type.members)}`);
    if (this.s.globals.get(type.name)?.k === 'modelSet') this.s.memberUses.push({ set: type.name, name, span });
    return lit(i, type, span);
  }

  private inline(d: DeclOf<'def'>, args: Expr[], span: Span, env: Env): Expr | null {
    this.s.usedDefs.add(d.name);
    if (env.defStack.includes(d.name)) return this.s.err(span, `operator '${d.name}' is recursive (${[...env.defStack.slice(env.defStack.indexOf(d.name)), d.name].join(' -> ')}); a plain def is inlined: write 'def rec' with typed parameters and result for a recursive operator`);
    let inner: Env = { locals: new Map(), frame: env.frame, defStack: [...env.defStack, d.name], ...(env.proc ? { proc: env.proc } : {}), ...(env.constOnly ? { constOnly: true } : {}), ...(env.step ? { step: true } : {}), ...(env.primed ? { primed: true } : {}) };
    const slots: number[] = [];
    for (let i = 0; i < d.params.length; i++) {
      const [e2, slot] = this.s.bind(inner, d.params[i].name, args[i].type);
      inner = e2;
      slots.push(slot);
    }
    const body = this.expr(d.body, inner);
    if (!body) return null;
    let out: Expr = body;
    for (let i = d.params.length - 1; i >= 0; i--) out = { op: 'let', slot: slots[i], name: d.params[i].name, value: args[i], body: out, type: out.type, span };
    if (d.params.length === 0) return out;
    return out;
  }

  private procTest(procName: string, args: AExpr[] | null, label: string, span: Span, env: Env): Expr | null {
    const s = this.s.globals.get(procName);
    if (s?.k !== 'process') return null;
    const info = s.info;
    if (!info || !info.ok) return null;
    const n = info.params.length;
    const given = args?.length ?? 0;
    if (given !== n) return this.s.err(span, n === 0 ? `process ${procName} has no parameters: write ${procName}.${label}` : `process ${procName} has ${n} parameter${n === 1 ? '' : 's'}: write ${procName}[${info.params.map((p) => p.name).join(', ')}].${label}`);
    const idx = label === 'done' ? info.labels.length : info.labels.indexOf(label);
    if (idx < 0) return this.s.err(span, `process ${procName} has no label '${label}'${didYouMean(label, [...info.labels, 'done'])}`);
    const ev: Expr[] = [];
    for (let i = 0; i < given; i++) {
      const e = this.expr(args![i], env);
      if (!e) return null;
      if (!unify(info.params[i].domain, e.type)) return this.s.err(args![i].span, `process ${procName} is indexed by ${typeName(info.params[i].domain)}, not ${typeName(e.type)}`);
      ev.push(e);
    }
    if (env.constOnly) return this.s.err(span, 'a constant expression cannot test where a process is');
    return binE('eq', this.s.pcRead(info, ev), lit(idx, info.pcType), BOOL, span);
  }

  private isProcName(a: AExpr, env: Env): a is Extract<AExpr, { k: 'name' }> {
    return a.k === 'name' && !env.locals.has(a.name) && this.s.globals.get(a.name)?.k === 'process';
  }

  expr(a: AExpr, env: Env): Expr | null {
    switch (a.k) {
      case 'num':
        if (!inInt32(a.value)) return this.s.err(a.span, `the integer ${numText(a.value)} is too large: integers must lie in ${INT_MIN}..${INT_MAX}`);
        return lit(a.value, tInt(a.value, a.value), a.span);
      case 'bool': return lit(a.value ? 1 : 0, BOOL, a.span);
      case 'name': return this.resolveName(a, env);
      case 'un': {
        if (a.op === 'always' || a.op === 'eventually') return this.s.err(a.span, `the temporal operator '${a.op === 'always' ? '[]' : '<>'}' is only allowed in a property`);
        if (a.op === 'prime') return lowerPrime(this.s, (x, e) => this.expr(x, e), a, env);
        const e = this.expr(a.arg, env);
        if (!e) return null;
        if (a.op === 'not') {
          if (e.type.kind !== 'bool') return this.s.err(a.span, `'!' needs a boolean, not ${typeName(e.type)}`);
          return { op: 'un', fn: 'not', arg: e, type: BOOL, span: a.span };
        }
        if (!isIntLike(e.type)) return this.s.err(a.span, `unary '-' needs an integer, not ${typeName(e.type)}`);
        return { op: 'un', fn: 'neg', arg: e, type: INT, span: a.span };
      }
      case 'bin': return this.binary(a, env);
      case 'call': return this.call(a, env);
      case 'match': return this.unions.match(a, env);
      case 'namedCall': {
        const g = env.locals.has(a.name) ? undefined : this.s.globals.get(a.name);
        if (g?.k !== 'tag') return this.s.err(a.nameSpan, `'${a.name}' is not a variant of a tagged union, so its arguments cannot be named`);
        return this.unions.construct(g.union, g.index, a, env);
      }
      case 'index': {
        if (this.isProcName(a.target, env)) return this.s.err(a.span, `write ${a.target.name}[...].<label> to test where process ${a.target.name} is`);
        const t = this.expr(a.target, env);
        if (!t) return null;
        const args = a.args.map((x) => this.expr(x, env));
        if (args.some((x) => !x)) return null;
        let arg: Expr = args[0]!;
        if (args.length > 1) arg = { op: 'tupleLit', elems: args as Expr[], type: { kind: 'tuple', elems: args.map((x) => x!.type) }, span: a.span };
        const r = this.applyType(t.type, arg, a.args.length > 1 ? a.span : a.args[0].span, exprText(a.target));
        if (!r) return null;
        return { op: 'apply', target: t, arg: r.key, type: r.type, span: a.span };
      }
      case 'field': {
        if (this.isProcName(a.target, env)) return this.procTest(a.target.name, null, a.name, a.span, env);
        if (a.target.k === 'index' && this.isProcName(a.target.target, env)) return this.procTest(a.target.target.name, [...a.target.args], a.name, a.span, env);
        const tg = a.target as AExpr; // not narrowed by isProcName: an enum's name is no process
        const q = tg.k === 'name' && !env.locals.has(tg.name) ? this.s.globals.get(tg.name) : undefined;
        if (q?.k === 'enum' || q?.k === 'modelSet') return this.qualifiedMember(q.type, a.name, a.span);
        const t = this.expr(a.target, env);
        if (!t) return null;
        if (t.type.kind !== 'record') return this.s.err(a.span, `${exprText(a.target)} is ${typeName(t.type)}, which has no field '${a.name}'`);
        const f = t.type.fields.find((x) => x.name === a.name);
        if (!f) return this.s.err(a.span, `${typeName(t.type)} has no field '${a.name}'${didYouMean(a.name, t.type.fields.map((x) => x.name))}`);
        return { op: 'field', target: t, name: a.name, type: f.type, span: a.span };
      }
      case 'setLit': {
        const es = a.elems.map((x) => this.expr(x, env));
        if (es.some((x) => !x)) return null;
        let el: Type = ANY;
        for (let i = 0; i < es.length; i++) {
          const u = unify(el, es[i]!.type);
          if (!u) return this.s.err(a.elems[i].span, `a set cannot mix ${typeName(el)} and ${typeName(es[i]!.type)}`);
          el = u;
        }
        return { op: 'setLit', elems: es.map((x) => coerce(x!, el)), type: tSet(el), span: a.span };
      }
      case 'tuple': {
        const es = a.elems.map((x) => this.expr(x, env));
        if (es.some((x) => !x)) return null;
        if (es.length === 0) return { op: 'seqLit', elems: [], type: tSeq(ANY), span: a.span };
        return { op: 'tupleLit', elems: es as Expr[], type: { kind: 'tuple', elems: es.map((x) => x!.type) }, span: a.span };
      }
      case 'setFilter': {
        const d = this.setExpr(a.binder.domain, env, `{${a.binder.name} in ...: ...}`);
        if (!d) return null;
        const [env2, slot] = this.s.bind(env, a.binder.name, (d.type as { elem: Type }).elem);
        const p = this.boolExpr(a.pred, env2, 'the condition of a set filter');
        if (!p) return null;
        return { op: 'setFilter', slot, name: a.binder.name, domain: d, pred: p, type: d.type, span: a.span };
      }
      case 'setMap': return this.setMap(a.body, a.binders, 0, env, a.span);
      case 'mapBuild': {
        const d = this.setExpr(a.binder.domain, env, `[${a.binder.name} in ... |-> ...]`);
        if (!d) return null;
        const key = (d.type as { elem: Type }).elem;
        const [env2, slot] = this.s.bind(env, a.binder.name, key);
        const b = this.expr(a.body, env2);
        if (!b) return null;
        return { op: 'mapBuild', slot, name: a.binder.name, domain: d, body: b, type: { kind: 'map', key, value: b.type }, span: a.span };
      }
      case 'record': {
        const fields: { name: string; value: Expr }[] = [];
        for (const f of a.fields) {
          if (fields.some((g) => g.name === f.name)) return this.s.err(f.span, `field '${f.name}' appears twice`);
          const v = this.expr(f.value, env);
          if (!v) return null;
          fields.push({ name: f.name, value: v });
        }
        fields.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
        return { op: 'recordLit', fields, type: { kind: 'record', fields: fields.map((f) => ({ name: f.name, type: f.value.type })) }, span: a.span };
      }
      case 'recordSet': {
        const fields: { name: string; set: Expr }[] = [];
        for (const f of a.fields) {
          if (fields.some((g) => g.name === f.name)) return this.s.err(f.span, `field '${f.name}' appears twice`);
          const v = this.setExpr(f.set, env, `field '${f.name}' of a set of records`);
          if (!v) return null;
          fields.push({ name: f.name, set: v });
        }
        fields.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
        return { op: 'recordSet', fields, type: tSet({ kind: 'record', fields: fields.map((f) => ({ name: f.name, type: (f.set.type as { elem: Type }).elem })) }), span: a.span };
      }
      case 'mapSet': {
        const d = this.setExpr(a.domain, env, '[S -> T]');
        const r = this.setExpr(a.range, env, '[S -> T]');
        if (!d || !r) return null;
        return { op: 'mapSet', domain: d, range: r, type: tSet({ kind: 'map', key: (d.type as { elem: Type }).elem, value: (r.type as { elem: Type }).elem }), span: a.span };
      }
      case 'except': {
        let t = this.expr(a.target, env);
        if (!t) return null;
        for (const item of a.items) {
          let ty = t.type;
          const path: PathStep[] = [];
          for (const p of item.path) {
            if (p.k === 'field') {
              if (ty.kind !== 'record') return this.s.err(p.span, `${typeName(ty)} has no field '${p.name}'`);
              const f = ty.fields.find((x) => x.name === p.name);
              if (!f) return this.s.err(p.span, `${typeName(ty)} has no field '${p.name}'${didYouMean(p.name, ty.fields.map((x) => x.name))}`);
              path.push({ kind: 'field', name: p.name });
              ty = f.type;
            } else {
              const k = this.expr(p.key, env);
              if (!k) return null;
              const r = this.applyType(ty, k, p.key.span, exprText(a.target));
              if (!r) return null;
              path.push({ kind: 'index', key: r.key });
              ty = r.type;
            }
          }
          const v = this.expr(item.value, env);
          if (!v) return null;
          const c = this.checkAssignable(ty, v, item.value.span, 'this element');
          if (!c) return null;
          t = { op: 'update', target: t, path, value: c, type: t.type, span: a.span };
        }
        return t;
      }
      case 'if': {
        const c = this.boolExpr(a.cond, env, "the condition of 'if'");
        const x = this.expr(a.then, env);
        const y = this.expr(a.else, env);
        if (!c || !x || !y) return null;
        const u = unify(x.type, y.type);
        if (!u) return this.s.err(a.span, `the branches of 'if' have different types: ${typeName(x.type)} and ${typeName(y.type)}`);
        return { op: 'if', cond: c, then: coerce(x, u), else: coerce(y, u), type: u, span: a.span };
      }
      case 'case': {
        const arms: { cond: Expr; value: Expr }[] = [];
        let u: Type = ANY;
        for (const arm of a.arms) {
          const c = this.boolExpr(arm.cond, env, 'a case condition');
          const v = this.expr(arm.value, env);
          if (!c || !v) return null;
          const uu = unify(u, v.type);
          if (!uu) return this.s.err(arm.value.span, `the arms of 'case' have different types: ${typeName(u)} and ${typeName(v.type)}`);
          u = uu;
          arms.push({ cond: c, value: v });
        }
        let other: Expr | null = null;
        if (a.other) {
          other = this.expr(a.other, env);
          if (!other) return null;
          const uu = unify(u, other.type);
          if (!uu) return this.s.err(a.other.span, `the arms of 'case' have different types: ${typeName(u)} and ${typeName(other.type)}`);
          u = uu;
        }
        return { op: 'case', arms: arms.map((x) => ({ cond: x.cond, value: coerce(x.value, u) })), other: other ? coerce(other, u) : null, type: u, span: a.span };
      }
      case 'let': {
        let e2 = env;
        const binds: { slot: number; name: string; value: Expr }[] = [];
        for (const b of a.binds) {
          const v = this.expr(b.value, e2);
          if (!v) return null;
          const [e3, slot] = this.s.bind(e2, b.name, v.type);
          e2 = e3;
          binds.push({ slot, name: b.name, value: v });
        }
        const body = this.expr(a.body, e2);
        if (!body) return null;
        let out = body;
        for (let i = binds.length - 1; i >= 0; i--) out = { op: 'let', ...binds[i], body: out, type: out.type, span: a.span };
        return out;
      }
      case 'quant': return this.quant(a.q, a.binders, 0, a.body, env, a.span);
      case 'choose': {
        const d = this.setExpr(a.binder.domain, env, `choose ${a.binder.name} in ...`);
        if (!d) return null;
        const el = (d.type as { elem: Type }).elem;
        if (el.kind === 'enum') this.s.chooseUses.push({ set: el.name, span: a.span });
        const [env2, slot] = this.s.bind(env, a.binder.name, el);
        const p = this.boolExpr(a.pred, env2, 'the condition of choose');
        if (!p) return null;
        return { op: 'choose', slot, name: a.binder.name, domain: d, pred: p, type: el, span: a.span };
      }
      case 'actionBox': return this.s.err(a.span, `an action property [][A]_v is a whole property on its own: ${ACTION_PROPERTY_FORM}`);
    }
  }

  private quant(q: 'forall' | 'exists', bs: readonly ABinder[], i: number, body: AExpr, env: Env, span: Span): Expr | null {
    if (i >= bs.length) return this.boolExpr(body, env, `the body of ${q}`);
    const b = bs[i];
    const d = this.setExpr(b.domain, env, `${q} ${b.name} in ...`);
    if (!d) return null;
    const [env2, slot] = this.s.bind(env, b.name, (d.type as { elem: Type }).elem);
    const inner = this.quant(q, bs, i + 1, body, env2, span);
    if (!inner) return null;
    return { op: 'quant', q, slot, name: b.name, domain: d, body: inner, type: BOOL, span };
  }

  private setMap(body: AExpr, bs: readonly ABinder[], i: number, env: Env, span: Span): Expr | null {
    const b = bs[i];
    const d = this.setExpr(b.domain, env, `{... : ${b.name} in ...}`);
    if (!d) return null;
    const [env2, slot] = this.s.bind(env, b.name, (d.type as { elem: Type }).elem);
    if (i === bs.length - 1) {
      const e = this.expr(body, env2);
      if (!e) return null;
      return { op: 'setMap', slot, name: b.name, domain: d, body: e, type: tSet(e.type), span };
    }
    const inner = this.setMap(body, bs, i + 1, env2, span);
    if (!inner) return null;
    const sets: Expr = { op: 'setMap', slot, name: b.name, domain: d, body: inner, type: tSet(inner.type), span };
    return { op: 'un', fn: 'union_all', arg: sets, type: inner.type, span };
  }

  private binary(a: Extract<AExpr, { k: 'bin' }>, env: Env): Expr | null {
    if (a.op === 'leadsto') return this.s.err(a.span, "the temporal operator '~>' is only allowed in a property");
    const op = a.op;
    const sym = BIN_SYMBOL[op];
    if (op === 'concat') {
      const l = this.seqArg(a.left, env, "'++'");
      const r = this.seqArg(a.right, env, "'++'");
      if (!l || !r) return null;
      const u = unify(l.type, r.type);
      if (!u || u.kind !== 'seq') return this.s.err(a.span, `cannot concatenate ${typeName(l.type)} and ${typeName(r.type)}`);
      const t = tSeq(u.elem);
      return { op: 'bin', fn: 'concat', left: coerce(l, t), right: coerce(r, t), type: t, span: a.span };
    }
    const l = this.expr(a.left, env);
    const r = this.expr(a.right, env);
    if (!l || !r) return null;
    switch (op) {
      case 'add': case 'sub': case 'mul': case 'div': case 'mod':
      case 'lt': case 'le': case 'gt': case 'ge': {
        if (!isIntLike(l.type)) return this.s.err(a.left.span, `'${sym}' needs integers, but the left side is ${typeName(l.type)}${setHint(op, l.type)}`);
        if (!isIntLike(r.type)) return this.s.err(a.right.span, `'${sym}' needs integers, but the right side is ${typeName(r.type)}`);
        const isCmp = op === 'lt' || op === 'le' || op === 'gt' || op === 'ge';
        return binE(op, l, r, isCmp ? BOOL : INT, a.span);
      }
      case 'range': {
        if (!isIntLike(l.type)) return this.s.err(a.left.span, `'..' needs integers, but the left side is ${typeName(l.type)}`);
        if (!isIntLike(r.type)) return this.s.err(a.right.span, `'..' needs integers, but the right side is ${typeName(r.type)}`);
        const lo = evalConst(l);
        const hi = evalConst(r);
        if (lo !== null && hi !== null && hi - lo + 1 > MAX_ENUMERATED) return this.s.err(a.span, `the set ${lo}..${hi} has ${numText(hi - lo + 1)} values, too many to enumerate (at most ${MAX_ENUMERATED})`);
        return binE('range', l, r, tSet(lo !== null && hi !== null && lo <= hi ? tInt(lo, hi) : INT), a.span);
      }
      case 'eq': case 'ne': {
        const u = unify(l.type, r.type);
        if (!u) return this.s.err(a.span, `cannot compare ${typeName(l.type)} with ${typeName(r.type)}`);
        return binE(op, coerce(l, u), coerce(r, u), BOOL, a.span);
      }
      case 'and': case 'or': case 'implies': case 'iff': {
        if (l.type.kind !== 'bool') return this.s.err(a.left.span, `'${sym}' needs booleans, but the left side is ${typeName(l.type)}`);
        if (r.type.kind !== 'bool') return this.s.err(a.right.span, `'${sym}' needs booleans, but the right side is ${typeName(r.type)}`);
        return binE(op, l, r, BOOL, a.span);
      }
      case 'in': case 'notin': {
        if (r.type.kind !== 'set') return this.s.err(a.right.span, `the right side of '${sym}' must be a set, not ${typeName(r.type)}`);
        const u = unify(r.type.elem, l.type);
        if (!u) return this.s.err(a.span, `a ${typeName(l.type)} can never be in a ${typeName(r.type)}`);
        return binE(op, coerce(l, r.type.elem), r, BOOL, a.span);
      }
      case 'union': case 'inter': case 'diff': case 'subseteq': {
        if (l.type.kind !== 'set') return this.s.err(a.left.span, `'${sym}' needs sets, but the left side is ${typeName(l.type)}`);
        if (r.type.kind !== 'set') return this.s.err(a.right.span, `'${sym}' needs sets, but the right side is ${typeName(r.type)}`);
        const u = unify(l.type, r.type);
        if (!u) return this.s.err(a.span, `cannot combine ${typeName(l.type)} and ${typeName(r.type)}`);
        return binE(op, coerce(l, u), coerce(r, u), op === 'subseteq' ? BOOL : u, a.span);
      }
      default: return this.s.err(a.span, `unsupported operator '${sym}'`);
    }
  }

  private call(a: Extract<AExpr, { k: 'call' }>, env: Env): Expr | null {
    const loc = env.locals.get(a.name);
    const g = this.s.globals.get(a.name);
    if (!loc && g?.k === 'tag') return this.unions.construct(g.union, g.index, a, env);
    if (!loc && g?.k === 'def' && this.recs?.isRec(g.decl)) return this.recs.call(g.decl, a.args, a.span, env);
    if (!loc && g?.k === 'def') {
      const d = g.decl;
      if (a.args.length !== d.params.length) return this.s.err(a.span, `'${a.name}' takes ${d.params.length} argument${d.params.length === 1 ? '' : 's'}, not ${a.args.length}`);
      const args = a.args.map((x) => this.expr(x, env));
      if (args.some((x) => !x)) return null;
      return this.inline(d, args as Expr[], a.span, env);
    }
    if (loc || (g && !BUILTINS.has(a.name))) {
      if (g?.k === 'var' || loc) return this.s.err(a.nameSpan, `'${a.name}' is not an operator; write ${a.name}[...] to apply a map`);
      if (g?.k === 'process') return this.s.err(a.nameSpan, `write ${a.name}[...].<label> to test where process ${a.name} is`);
      return this.s.err(a.nameSpan, `'${a.name}' is not an operator`);
    }
    if (!BUILTINS.has(a.name)) {
      if (PRIMITIVES.includes(a.name)) return this.s.err(a.nameSpan, `${a.name}(...) is a statement, not an expression`);
      return this.s.err(a.nameSpan, `unknown operator '${a.name}'${didYouMean(a.name, [...BUILTINS, ...[...this.s.globals].filter(([, s]) => s.k === 'def').map(([n]) => n)])}`);
    }
    const name = a.name.toLowerCase() === 'cardinality' ? 'card' : a.name === 'UNION' ? 'union_all' : a.name.toLowerCase();
    const want = name === 'append' ? 2 : 1;
    if (a.args.length !== want) return this.s.err(a.span, `${a.name} takes ${want} argument${want === 1 ? '' : 's'}, not ${a.args.length}`);
    const sp = a.span;
    switch (name) {
      case 'len': case 'head': case 'tail': {
        const s = this.seqArg(a.args[0], env, `${a.name}(...)`);
        if (!s) return null;
        const st = s.type as Extract<Type, { kind: 'seq' }>;
        const type = name === 'len' ? INT : name === 'head' ? st.elem : st;
        return { op: 'un', fn: name, arg: s, type, span: sp };
      }
      case 'append': {
        const s = this.seqArg(a.args[0], env, `${a.name}(...)`);
        const e = this.expr(a.args[1], env);
        if (!s || !e) return null;
        const st = s.type as Extract<Type, { kind: 'seq' }>;
        const u = unify(st.elem, e.type);
        if (!u) return this.s.err(a.args[1].span, `cannot append ${typeName(e.type)} to ${typeName(st)}`);
        const el = st.elem.kind === 'any' ? u : st.elem;
        return { op: 'bin', fn: 'append', left: coerce(s, tSeq(el, st.cap)), right: coerce(e, el), type: tSeq(el), span: sp };
      }
      case 'card': case 'powerset': case 'union_all': {
        const s = this.setExpr(a.args[0], env, `${a.name}(...)`);
        if (!s) return null;
        const el = (s.type as { elem: Type }).elem;
        if (name === 'card') return { op: 'un', fn: 'card', arg: s, type: INT, span: sp };
        if (name === 'powerset') return { op: 'un', fn: 'powerset', arg: s, type: tSet(s.type), span: sp };
        if (el.kind !== 'set' && el.kind !== 'any') return this.s.err(a.args[0].span, `union_all needs a set of sets, not ${typeName(s.type)}`);
        return { op: 'un', fn: 'union_all', arg: s, type: el.kind === 'set' ? el : tSet(ANY), span: sp };
      }
      case 'domain': {
        const f = this.expr(a.args[0], env);
        if (!f) return null;
        if (f.type.kind === 'map') return { op: 'un', fn: 'domain', arg: f, type: tSet(f.type.key), span: sp };
        if (f.type.kind === 'seq') return { op: 'un', fn: 'domain', arg: f, type: tSet(Number.isFinite(f.type.cap) ? tInt(1, Math.max(1, f.type.cap)) : INT), span: sp };
        return this.s.err(a.args[0].span, `domain(...) needs a map or a sequence, not ${typeName(f.type)}`);
      }
      default: {
        // can_down_read / can_down_write
        const l = this.expr(a.args[0], env);
        if (!l) return null;
        if (l.type.kind !== 'rwsem') return this.s.err(a.args[0].span, `${a.name} needs an rwsem, not ${typeName(l.type)}`);
        return binE(name === 'can_down_read' ? 'ge' : 'eq', l, lit(0, tInt(0, 0)), BOOL, sp);
      }
    }
  }
}

// `s + {i}` on sets: the set operators are words
function setHint(op: string, t: Type): string {
  if (t.kind !== 'set') return '';
  return op === 'add' ? " (for sets use 'union': s union {i})" : op === 'sub' ? " (for sets use 'minus': s minus {i})" : '';
}
