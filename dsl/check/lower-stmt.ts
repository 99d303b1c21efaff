// Statements of an action or process step to IR statements: blocks with
// their let-bindings, assignments to variable paths, if / with / either /
// await / goto, and the kernel primitives lowered to awaits and assignments.
import type { Expr, LValue, PathStep, Span, Stmt, Type } from '../ir.js';
import type { ABinder, AExpr, ALValue, AStmt } from '../ast.js';
import { didYouMean } from '../diag.js';
import { BOOL, INT, isIntLike, tInt, typeName, unify } from '../types.js';
import { evalConst } from './const-eval.js';
import type { ExprLowering } from './lower-expr.js';
import { binE, BUILTINS, type Env, exprText, lit, PRIMITIVES, type Scope } from './scope.js';

// The first goto on some path of a statement, or null.
function findGoto(s: AStmt): AStmt | null {
  const inBlock = (b: readonly AStmt[] | null): AStmt | null => {
    for (const x of b ?? []) {
      const g = findGoto(x);
      if (g) return g;
    }
    return null;
  };
  switch (s.k) {
    case 'goto': return s;
    case 'if': return inBlock(s.then) ?? inBlock(s.else);
    case 'with': return inBlock(s.body);
    case 'match': {
      for (const a of s.arms) {
        const g = inBlock(a.body);
        if (g) return g;
      }
      return null;
    }
    case 'either': {
      for (const b of s.branches) {
        const g = inBlock(b);
        if (g) return g;
      }
      return null;
    }
    default: return null;
  }
}

function lvText(lv: ALValue): string {
  return lv.name + lv.path.map((p) => (p.k === 'field' ? `.${p.name}` : `[${exprText(p.key)}]`)).join('');
}

function cspan(a: Span, b: Span): Span {
  return { file: a.file, line: a.line, col: a.col, endLine: b.endLine, endCol: b.endCol };
}

function toLValue(a: AExpr): ALValue | null {
  if (a.k === 'name') return { name: a.name, nameSpan: a.span, path: [], span: a.span };
  if (a.k === 'index' && a.args.length === 1) {
    const t = toLValue(a.target);
    return t ? { ...t, path: [...t.path, { k: 'index', key: a.args[0], span: a.span }], span: a.span } : null;
  }
  if (a.k === 'field') {
    const t = toLValue(a.target);
    return t ? { ...t, path: [...t.path, { k: 'field', name: a.name, span: a.span }], span: a.span } : null;
  }
  return null;
}

export class StmtLowering {
  constructor(private readonly s: Scope, private readonly exprs: ExprLowering) {}

  block(stmts: readonly AStmt[], env0: Env, inStep = false): Stmt[] {
    let env = env0;
    const out: Stmt[] = [];
    let gotoSeen = false;
    // a goto ends its step: nothing may follow a statement with a goto on one of its paths
    let jumpedAt: AStmt | null = null;
    for (const s of stmts) {
      if (gotoSeen) {
        this.s.err(s.span, 'this statement can never run: it follows a goto in the same block');
        gotoSeen = false;
      } else if (jumpedAt) {
        this.s.err(s.span, `a goto ends its step, so nothing may follow a statement that can goto (line ${jumpedAt.span.line}): move this statement into the branches that do not jump (an else branch)`);
        jumpedAt = null;
      }
      if (s.k === 'goto') gotoSeen = true;
      else if (env0.proc) jumpedAt = findGoto(s);
      if (s.k === 'let') {
        const v = this.exprs.expr(s.value, env);
        if (!v) continue;
        const [env2, slot] = this.s.bind(env, s.name, v.type);
        env = env2;
        out.push({ op: 'let', slot, name: s.name, value: v, span: s.span });
        continue;
      }
      out.push(...this.stmt(s, env, inStep));
    }
    return out;
  }

  private stmt(s: AStmt, env: Env, inStep: boolean): Stmt[] {
    switch (s.k) {
      case 'skip': return [];
      case 'let': return this.block([s], env, inStep);
      case 'await': {
        const c = this.exprs.boolExpr(s.cond, env, 'await');
        return c ? [{ op: 'await', cond: c, span: s.span }] : [];
      }
      case 'assert': {
        const c = this.exprs.boolExpr(s.cond, env, 'assert');
        return c ? [{ op: 'assert', cond: c, message: s.message ?? `assertion failed: ${exprText(s.cond)}`, span: s.span }] : [];
      }
      case 'if': {
        const c = this.exprs.boolExpr(s.cond, env, 'if');
        const then = this.block(s.then, env, inStep);
        const els = s.else ? this.block(s.else, env, inStep) : [];
        return c ? [{ op: 'if', cond: c, then, else: els, span: s.span }] : [];
      }
      case 'either': {
        const branches = s.branches.map((b) => this.block(b, env, inStep));
        return [{ op: 'either', branches, span: s.span }];
      }
      case 'with': return this.withStmt(s.binders, 0, s.body, env, inStep, s.span);
      case 'match': return this.exprs.matchStmt(s, env, (b, e) => this.block(b, e, inStep));
      case 'goto': {
        if (!env.proc) {
          this.s.err(s.span, 'goto can only be used inside a process step');
          return [];
        }
        const idx = s.label === 'done' ? env.proc.labels.length : env.proc.labels.indexOf(s.label);
        if (idx < 0) {
          this.s.err(s.labelSpan, `process ${env.proc.name} has no label '${s.label}'${didYouMean(s.label, env.proc.labels)}`);
          return [];
        }
        return [{ op: 'assign', target: this.s.pcLValue(env.proc), value: lit(idx, env.proc.pcType, s.labelSpan), span: s.span }];
      }
      case 'call': return this.primitive(s, env);
      case 'assign': return this.assign(s, env);
    }
  }

  private withStmt(binders: readonly ABinder[], i: number, body: readonly AStmt[], env: Env, inStep: boolean, span: Span): Stmt[] {
    if (i >= binders.length) return this.block(body, env, inStep);
    const b = binders[i];
    const dom = this.exprs.setExpr(b.domain, env, `'with ${b.name} in ...'`);
    if (!dom) return [];
    const [env2, slot] = this.s.bind(env, b.name, (dom.type as { elem: Type }).elem);
    return [{ op: 'with', slot, name: b.name, domain: dom, body: this.withStmt(binders, i + 1, body, env2, inStep, span), span }];
  }

  private lvalue(lv: ALValue, env: Env): { lv: LValue; read: Expr } | null {
    if (env.locals.has(lv.name)) return this.s.err(lv.nameSpan, `cannot assign to '${lv.name}': it is a bound name (parameter, with, let), not a state variable`);
    const s = this.s.globals.get(lv.name);
    if (!s) return this.s.err(lv.nameSpan, `unknown name '${lv.name}'${didYouMean(lv.name, this.s.candidates(env))}`);
    if (s.k !== 'var') {
      if (s.k === 'poison') return null;
      if (s.k === 'int' || s.k === 'bool' || s.k === 'enumConst' || s.k === 'modelSet' || s.k === 'pendingConst') return this.s.err(lv.nameSpan, `cannot assign to constant '${lv.name}'`);
      return this.s.err(lv.nameSpan, `cannot assign to '${lv.name}': it is not a state variable`);
    }
    if (!s.type) return null;
    let type: Type = s.type;
    let read: Expr = { op: 'var', index: s.index, name: lv.name, type, span: lv.nameSpan };
    const path: PathStep[] = [];
    for (const p of lv.path) {
      if (p.k === 'field') {
        if (type.kind !== 'record') return this.s.err(p.span, `${typeName(type)} has no fields, so '.${p.name}' cannot be assigned`);
        const f = type.fields.find((x) => x.name === p.name);
        if (!f) return this.s.err(p.span, `${typeName(type)} has no field '${p.name}'${didYouMean(p.name, type.fields.map((x) => x.name))}`);
        path.push({ kind: 'field', name: p.name });
        read = { op: 'field', target: read, name: p.name, type: f.type, span: cspan(lv.nameSpan, p.span) };
        type = f.type;
      } else {
        const k = this.exprs.expr(p.key, env);
        if (!k) return null;
        const r = this.exprs.applyType(type, k, p.key.span, lvText({ ...lv, path: [] }));
        if (!r) return null;
        path.push({ kind: 'index', key: r.key });
        read = { op: 'apply', target: read, arg: r.key, type: r.type, span: cspan(lv.nameSpan, p.span) };
        type = r.type;
      }
    }
    return { lv: { var: s.index, name: lv.name, path, type }, read };
  }

  private assign(s: Extract<AStmt, { k: 'assign' }>, env: Env): Stmt[] {
    const t = this.lvalue(s.target, env);
    const what = lvText(s.target);
    if (s.op === 'in') {
      const dom = this.exprs.setExpr(s.value, env, `'${what} in ...'`);
      if (!t || !dom) return [];
      const elem = (dom.type as { elem: Type }).elem;
      if (!unify(t.lv.type, elem)) {
        this.s.err(s.value.span, `cannot assign ${typeName(elem)} to ${what} of type ${typeName(t.lv.type)}`);
        return [];
      }
      if (dom.op === 'bin' && dom.fn === 'range' && t.lv.type.kind === 'int') {
        const lo = evalConst(dom.left);
        const hi = evalConst(dom.right);
        if (lo !== null && hi !== null && lo <= hi && (lo < t.lv.type.lo || hi > t.lv.type.hi) && !this.s.constrained.has(s.target.name)) {
          this.s.err(s.value.span, `${lo}..${hi} is not inside the range ${t.lv.type.lo}..${t.lv.type.hi} of ${what}`);
          return [];
        }
      }
      const [, slot] = this.s.bind(env, s.target.name, elem);
      return [{ op: 'with', slot, name: s.target.name, domain: dom, body: [{ op: 'assign', target: t.lv, value: { op: 'local', slot, name: s.target.name, type: elem }, span: s.span }], span: s.span }];
    }
    const v = this.exprs.expr(s.value, env);
    if (!t || !v) return [];
    if (s.op === '+=' || s.op === '-=') {
      if (!isIntLike(t.lv.type)) {
        this.s.err(s.target.span, `'${s.op}' needs an integer, but ${what} is ${typeName(t.lv.type)}`);
        return [];
      }
      if (!isIntLike(v.type)) {
        this.s.err(s.value.span, `'${s.op}' needs an integer, not ${typeName(v.type)}`);
        return [];
      }
      return [{ op: 'assign', target: t.lv, value: binE(s.op === '+=' ? 'add' : 'sub', t.read, v, INT, s.span), span: s.span }];
    }
    // a literal out of range may be meant for a constraint to discard (TLC's CONSTRAINT)
    if (v.op === 'lit' && t.lv.type.kind === 'int' && v.type.kind === 'int' && this.s.constrained.has(s.target.name)) return [{ op: 'assign', target: t.lv, value: v, span: s.span }];
    const c = this.exprs.checkAssignable(t.lv.type, v, s.value.span, what);
    return c ? [{ op: 'assign', target: t.lv, value: c, span: s.span }] : [];
  }

  private primitive(s: Extract<AStmt, { k: 'call' }>, env: Env): Stmt[] {
    if (!PRIMITIVES.includes(s.name)) {
      const d = this.s.globals.get(s.name);
      if (d?.k === 'def' || BUILTINS.has(s.name)) this.s.err(s.nameSpan, `'${s.name}(...)' is an expression, not a statement; assign its value or use it in await`);
      else this.s.err(s.nameSpan, `unknown statement '${s.name}'; the primitives are ${PRIMITIVES.join(', ')}${didYouMean(s.name, PRIMITIVES)}`);
      return [];
    }
    const want = s.name === 'enqueue' ? 2 : 1;
    if (s.args.length !== want) {
      this.s.err(s.span, `${s.name} takes ${want} argument${want === 1 ? '' : 's'}, not ${s.args.length}`);
      return [];
    }
    const alv = toLValue(s.args[0]);
    if (!alv) {
      this.s.err(s.args[0].span, `the first argument of ${s.name} must be a variable (or an element of one)`);
      return [];
    }
    const t = this.lvalue(alv, env);
    if (!t) return [];
    const ty = t.lv.type;
    const what = lvText(alv);
    const sp = s.span;
    const one = lit(1, tInt(1, 1));
    const zero = lit(0, tInt(0, 0));
    const assign = (value: Expr): Stmt => ({ op: 'assign', target: t.lv, value, span: sp });
    const await_ = (cond: Expr): Stmt => ({ op: 'await', cond, span: sp });
    switch (s.name) {
      case 'down_read': case 'up_read': case 'down_write': case 'up_write':
        if (ty.kind !== 'rwsem') {
          this.s.err(s.args[0].span, `${s.name} needs an rwsem, but ${what} is ${typeName(ty)}`);
          return [];
        }
        if (s.name === 'down_read') return [await_(binE('ge', t.read, zero, BOOL, sp)), assign(binE('add', t.read, one, INT, sp))];
        if (s.name === 'up_read') return [assign(binE('sub', t.read, one, INT, sp))];
        if (s.name === 'down_write') return [await_(binE('eq', t.read, zero, BOOL, sp)), assign(lit(-1, tInt(-1, -1)))];
        return [assign(zero)];
      case 'atomic_inc': case 'atomic_dec':
        if (ty.kind !== 'int') {
          this.s.err(s.args[0].span, `${s.name} needs an integer counter, but ${what} is ${typeName(ty)}`);
          return [];
        }
        return [assign(binE(s.name === 'atomic_inc' ? 'add' : 'sub', t.read, one, INT, sp))];
      default: {
        if (ty.kind !== 'seq') {
          this.s.err(s.args[0].span, `${s.name} needs a queue, but ${what} is ${typeName(ty)}`);
          return [];
        }
        const len: Expr = { op: 'un', fn: 'len', arg: t.read, type: INT, span: sp };
        if (s.name === 'dequeue') return [await_(binE('gt', len, zero, BOOL, sp)), assign({ op: 'un', fn: 'tail', arg: t.read, type: ty, span: sp })];
        const v = this.exprs.expr(s.args[1], env);
        if (!v) return [];
        const c = this.exprs.checkAssignable(ty.elem, v, s.args[1].span, `an element of ${what}`);
        if (!c) return [];
        return [await_(binE('lt', len, lit(ty.cap, tInt(ty.cap, ty.cap)), BOOL, sp)), assign(binE('append', t.read, c, ty, sp))];
      }
    }
  }
}
