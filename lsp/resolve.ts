// Name resolution for the editor: walks the AST once, declares every name
// and records every occurrence of one. Scope rules of docs/language.md:
// one global namespace (constants, model values, enums and their members,
// types, defs, variables, processes); action and process parameters, def
// parameters, `with` / quantifier / set-builder binders and `let` shadow it.
import { match } from 'ts-pattern';
import type { ABinder, ADecl, AExpr, APath, ASpec, AStmt, AType } from '../dsl/ast.js';
import type { Span } from '../dsl/ir.js';
import { SourceMap } from '../dsl/parse.js';
import { headSpan, SourceText, tailSpan } from './positions.js';
import type { ProcessInfo, Ref, Scope, SpecIndex, Sym, SymKind } from './symbols.js';

type Env = ReadonlyMap<string, Sym>;
interface ProcCtx { readonly name: string; readonly labels: ReadonlyMap<string, Sym> }

class Resolver {
  readonly syms: Sym[] = [];
  readonly refs: Ref[] = [];
  readonly scopes: Scope[] = [];
  readonly globals = new Map<string, Sym>();
  readonly actions = new Map<string, Sym>(); // actions share a namespace with processes
  readonly processes = new Map<string, ProcessInfo>();
  private readonly text: SourceText;
  private readonly map: SourceMap;

  constructor(source: string, private readonly file: string) {
    this.text = new SourceText(source);
    this.map = new SourceMap(source, file);
  }

  private sym(name: string, kind: SymKind, nameSpan: Span, declSpan: Span, signature: string, extra: { container?: string; doc?: string } = {}): Sym {
    const s: Sym = { name, kind, nameSpan, declSpan, signature, ...(extra.container !== undefined ? { container: extra.container } : {}), ...(extra.doc !== undefined ? { doc: extra.doc } : {}) };
    this.syms.push(s);
    this.refs.push({ span: nameSpan, sym: s, isDecl: true });
    return s;
  }

  private global(s: Sym): void {
    if (!this.globals.has(s.name)) this.globals.set(s.name, s);
  }

  private use(span: Span, s: Sym | undefined): void {
    if (s) this.refs.push({ span, sym: s, isDecl: false });
  }

  private lookup(name: string, env: Env): Sym | undefined {
    return env.get(name) ?? this.globals.get(name);
  }

  // the comment above a declaration's line, or at the end of it
  private commentOf(span: Span): string | undefined {
    const off = this.text.offset(span);
    return this.map.docAbove(off) ?? this.map.trailingComment(off);
  }

  private paramsText(params: readonly { span: Span }[]): string {
    if (!params.length) return '';
    const first = params[0].span;
    const last = params[params.length - 1].span;
    return `(${this.text.slice({ ...first, endLine: last.endLine, endCol: last.endCol })})`;
  }

  // ------------------------------------------------------------ declarations
  declareGlobals(decls: readonly ADecl[]): void {
    for (const d of decls) {
      const src = this.text.slice(d.span);
      match(d)
        .with({ k: 'const' }, (c) => {
          this.global(this.sym(c.name, 'const', c.nameSpan, c.span, src, { doc: this.commentOf(c.span) }));
          if (c.value.k === 'modelValues') {
            for (const m of c.value.names) this.global(this.sym(m.name, 'modelValue', m.span, c.span, `${m.name}: ${c.name}`, { container: c.name }));
          }
        })
        .with({ k: 'enum' }, (e) => {
          this.global(this.sym(e.name, 'enum', e.nameSpan, e.span, src, { doc: this.commentOf(e.span) }));
          for (const m of e.members) this.global(this.sym(m.name, 'enumMember', m.span, e.span, `${m.name}: ${e.name}`, { container: e.name, doc: this.commentOf(e.span) }));
        })
        .with({ k: 'type' }, (t) => this.global(this.sym(t.name, 'type', t.nameSpan, t.span, src, { doc: this.commentOf(t.span) })))
        .with({ k: 'def' }, (f) => this.global(this.sym(f.name, 'def', f.nameSpan, f.span, src, { doc: this.commentOf(f.span) })))
        .with({ k: 'var' }, (v) => {
          const type = this.text.slice(v.type.span);
          for (const n of v.names) this.global(this.sym(n.name, 'var', n.span, v.span, `var ${n.name}: ${type}`, { doc: this.commentOf(v.span) }));
        })
        .with({ k: 'action' }, (a) => {
          const s = this.sym(a.name, 'action', a.nameSpan, a.span, `action ${a.name}${this.paramsText(a.params)}`, { doc: a.doc });
          if (!this.actions.has(a.name)) this.actions.set(a.name, s);
        })
        .with({ k: 'process' }, (p) => {
          const s = this.sym(p.name, 'process', p.nameSpan, p.span, `process ${p.name}${this.paramsText(p.params)}`, { doc: p.doc });
          this.global(s);
          if (!this.actions.has(p.name)) this.actions.set(p.name, s);
          const labels = p.steps.map((st) => this.sym(st.label, 'label', st.labelSpan, st.span, `${p.name}.${st.label}`, { container: p.name, doc: st.doc }));
          if (!this.processes.has(p.name)) this.processes.set(p.name, { sym: s, labels });
        })
        .with({ k: 'invariant' }, (i) => { this.sym(i.name, 'invariant', i.nameSpan, i.span, src, { doc: this.commentOf(i.span) }); })
        .with({ k: 'property' }, (i) => { this.sym(i.name, 'property', i.nameSpan, i.span, src, { doc: this.commentOf(i.span) }); })
        .with({ k: 'constraint' }, (i) => { if (i.name !== null) this.sym(i.name, 'constraint', i.nameSpan, i.span, src, { doc: this.commentOf(i.span) }); })
        .with({ k: 'init' }, { k: 'fairness' }, { k: 'symmetric' }, { k: 'refines' }, () => undefined)
        .exhaustive();
    }
  }

  // ------------------------------------------------------------ bodies
  walkDecls(decls: readonly ADecl[]): void {
    const none: Env = new Map();
    for (const d of decls) {
      match(d)
        .with({ k: 'const' }, (c) => { if (c.value.k === 'expr') this.expr(c.value.expr, none); })
        .with({ k: 'enum' }, () => undefined)
        .with({ k: 'type' }, (t) => this.type(t.type, none))
        .with({ k: 'def' }, (f) => {
          const params = f.params.map((p) => this.sym(p.name, 'param', p.span, f.span, p.name, { container: f.name }));
          this.scoped(f.span, params, none, (env) => this.expr(f.body, env));
        })
        .with({ k: 'var' }, (v) => this.type(v.type, none))
        .with({ k: 'init' }, (i) => this.stmts(i.body, none, null, i.span))
        .with({ k: 'action' }, (a) => {
          const params = a.params.map((p) => { this.type(p.type, none); return this.param(p, a.name, a.span); });
          this.scoped(a.span, params, none, (env) => {
            if (a.when) this.expr(a.when, env);
            this.stmts(a.body, env, null, a.span);
          });
        })
        .with({ k: 'process' }, (p) => {
          const params = p.params.map((q) => { this.type(q.type, none); return this.param(q, p.name, p.span); });
          const info = this.processes.get(p.name);
          const labels = new Map((info?.sym.declSpan === p.span ? info.labels : []).map((l) => [l.name, l] as const));
          const ctx: ProcCtx = { name: p.name, labels };
          this.scoped(p.span, params, none, (env) => { for (const st of p.steps) this.stmts(st.body, env, ctx, st.span); });
        })
        .with({ k: 'invariant' }, { k: 'property' }, { k: 'constraint' }, (i) => this.expr(i.expr, none))
        .with({ k: 'fairness' }, (f) => {
          this.binders(f.binders, none, f.span, (env) => {
            for (const a of [f, ...(f.or ?? [])]) {
              this.fairTarget(a.target, a.nameSpan);
              for (const x of a.args ?? []) this.expr(x, env);
            }
          });
        })
        .with({ k: 'symmetric' }, (s) => { for (const n of s.names) this.use(n.span, this.globals.get(n.name)); })
        .with({ k: 'refines' }, (r) => { for (const i of r.items) this.expr(i.value, none); })
        .exhaustive();
    }
  }

  private param(p: { name: string; span: Span }, container: string, declSpan: Span): Sym {
    return this.sym(p.name, 'param', headSpan(p.span, p.name.length), declSpan, this.text.slice(p.span), { container });
  }

  private scoped(span: Span, syms: readonly Sym[], env: Env, body: (env: Env) => void): void {
    if (!syms.length) { body(env); return; }
    this.scopes.push({ span, syms });
    const inner = new Map(env);
    for (const s of syms) inner.set(s.name, s);
    body(inner);
  }

  // binders see the ones before them (`forall x in S, y in f(x): ...`)
  private binders(bs: readonly ABinder[], env: Env, span: Span, body: (env: Env) => void): void {
    const inner = new Map(env);
    const syms: Sym[] = [];
    for (const b of bs) {
      this.expr(b.domain, inner);
      const s = this.sym(b.name, 'binder', headSpan(b.span, b.name.length), b.span, this.text.slice(b.span));
      syms.push(s);
      inner.set(b.name, s);
    }
    if (syms.length) this.scopes.push({ span, syms });
    body(inner);
  }

  // `fairness weak(fork)`, `weak(fork.lock)`, `weak(monitor(m1))`
  private fairTarget(target: string, span: Span): void {
    const [head, label] = target.split('.');
    const s = this.actions.get(head);
    this.use(headSpan(span, head.length), s);
    if (label !== undefined && s?.kind === 'process') this.use(tailSpan(span, label.length), this.processes.get(head)?.labels.find((l) => l.name === label));
  }

  private type(t: AType, env: Env): void {
    match(t)
      .with({ k: 'bool' }, () => undefined)
      .with({ k: 'name' }, (n) => this.use(n.span, this.globals.get(n.name)))
      .with({ k: 'range' }, (r) => { this.expr(r.lo, env); this.expr(r.hi, env); })
      .with({ k: 'set' }, (s) => this.type(s.elem, env))
      .with({ k: 'queue' }, (q) => { this.type(q.elem, env); this.expr(q.cap, env); })
      .with({ k: 'rwsem' }, (r) => { if (r.max) this.expr(r.max, env); })
      .with({ k: 'atomic' }, (a) => this.type(a.inner, env))
      .with({ k: 'map' }, (m) => { this.type(m.key, env); this.type(m.value, env); })
      .with({ k: 'record' }, (r) => { for (const f of r.fields) this.type(f.type, env); })
      .with({ k: 'tuple' }, (u) => { for (const e of u.elems) this.type(e, env); })
      .with({ k: 'union' }, (u) => { for (const v of u.variants) for (const f of v.fields) this.type(f.type, env); })
      .exhaustive();
  }

  // ------------------------------------------------------------ statements
  // `region`: where a `let` of this block stays visible (to the end of the enclosing step or body)
  private stmts(list: readonly AStmt[], outer: Env, proc: ProcCtx | null, region: Span): void {
    let env = outer;
    for (const s of list) {
      match(s)
        .with({ k: 'assign' }, (a) => {
          this.use(a.target.nameSpan, this.lookup(a.target.name, env));
          this.path(a.target.path, env);
          this.expr(a.value, env);
        })
        .with({ k: 'if' }, (i) => {
          this.expr(i.cond, env);
          this.stmts(i.then, env, proc, i.span);
          if (i.else) this.stmts(i.else, env, proc, i.span);
        })
        .with({ k: 'with' }, (w) => this.binders(w.binders, env, w.span, (inner) => this.stmts(w.body, inner, proc, w.span)))
        .with({ k: 'either' }, (e) => { for (const b of e.branches) this.stmts(b, env, proc, e.span); })
        .with({ k: 'match' }, (m) => { this.expr(m.target, env); for (const a of m.arms) this.stmts(a.body, env, proc, a.span); })
        .with({ k: 'let' }, (l) => {
          this.expr(l.value, env);
          const start = this.text.offset(l.span);
          const m = /^let\s+/.exec(this.text.text.slice(start));
          const nameStart = start + (m ? m[0].length : 0);
          const nameSpan = this.text.spanOf(nameStart, nameStart + l.name.length, this.file);
          const sym = this.sym(l.name, 'let', nameSpan, l.span, this.text.slice(l.span));
          // visible after the statement, to the end of the enclosing block's step or body
          this.scopes.push({ span: { file: l.span.file, line: l.span.endLine, col: l.span.endCol, endLine: region.endLine, endCol: region.endCol }, syms: [sym] });
          env = new Map(env).set(l.name, sym);
        })
        .with({ k: 'await' }, { k: 'assert' }, (a) => this.expr(a.cond, env))
        .with({ k: 'skip' }, () => undefined)
        .with({ k: 'goto' }, (g) => this.use(g.labelSpan, proc?.labels.get(g.label)))
        .with({ k: 'call' }, (c) => {
          this.use(c.nameSpan, this.callee(c.name, env));
          for (const a of c.args) this.expr(a, env);
        })
        .exhaustive();
    }
  }

  private callee(name: string, env: Env): Sym | undefined {
    const s = this.lookup(name, env);
    return s?.kind === 'def' ? s : undefined;
  }

  private path(p: readonly APath[], env: Env): void {
    for (const step of p) if (step.k === 'index') this.expr(step.key, env);
  }

  // ------------------------------------------------------------ expressions
  private expr(e: AExpr, env: Env): void {
    match(e)
      .with({ k: 'num' }, { k: 'bool' }, () => undefined)
      .with({ k: 'name' }, (n) => this.use(n.span, this.lookup(n.name, env)))
      .with({ k: 'bin' }, (b) => { this.expr(b.left, env); this.expr(b.right, env); })
      .with({ k: 'un' }, (u) => this.expr(u.arg, env))
      .with({ k: 'call' }, (c) => {
        this.use(c.nameSpan, this.callee(c.name, env));
        for (const a of c.args) this.expr(a, env);
      })
      .with({ k: 'index' }, (i) => { this.expr(i.target, env); for (const a of i.args) this.expr(a, env); })
      .with({ k: 'field' }, (f) => this.field(f.target, f.name, f.span, env))
      .with({ k: 'setLit' }, { k: 'tuple' }, (s) => { for (const x of s.elems) this.expr(x, env); })
      .with({ k: 'setFilter' }, (s) => this.binders([s.binder], env, s.span, (inner) => this.expr(s.pred, inner)))
      .with({ k: 'setMap' }, (s) => this.binders(s.binders, env, s.span, (inner) => this.expr(s.body, inner)))
      .with({ k: 'mapBuild' }, (m) => this.binders([m.binder], env, m.span, (inner) => this.expr(m.body, inner)))
      .with({ k: 'record' }, (r) => { for (const f of r.fields) this.expr(f.value, env); })
      .with({ k: 'recordSet' }, (r) => { for (const f of r.fields) this.expr(f.set, env); })
      .with({ k: 'mapSet' }, (m) => { this.expr(m.domain, env); this.expr(m.range, env); })
      .with({ k: 'except' }, (x) => {
        this.expr(x.target, env);
        for (const it of x.items) { this.path(it.path, env); this.expr(it.value, env); }
      })
      .with({ k: 'if' }, (i) => { this.expr(i.cond, env); this.expr(i.then, env); this.expr(i.else, env); })
      .with({ k: 'case' }, (c) => {
        for (const a of c.arms) { this.expr(a.cond, env); this.expr(a.value, env); }
        if (c.other) this.expr(c.other, env);
      })
      .with({ k: 'let' }, (l) => {
        const inner = new Map(env);
        const syms: Sym[] = [];
        for (const b of l.binds) {
          this.expr(b.value, inner);
          const s = this.sym(b.name, 'let', headSpan(b.span, b.name.length), b.span, `let ${this.text.slice(b.span)}`);
          syms.push(s);
          inner.set(b.name, s);
        }
        this.scopes.push({ span: l.span, syms });
        this.expr(l.body, inner);
      })
      .with({ k: 'quant' }, (q) => this.binders(q.binders, env, q.span, (inner) => this.expr(q.body, inner)))
      .with({ k: 'choose' }, (c) => this.binders([c.binder], env, c.span, (inner) => this.expr(c.pred, inner)))
      .with({ k: 'actionBox' }, (b) => { this.expr(b.action, env); this.expr(b.sub, env); })
      .with({ k: 'namedCall' }, (c) => { this.use(c.nameSpan, this.callee(c.name, env)); for (const a of c.args) this.expr(a.value, env); })
      .with({ k: 'match' }, (m) => { this.expr(m.target, env); for (const a of m.arms) this.expr(a.body, env); })
      .exhaustive();
  }

  // `proc.label` and `proc[t].label` test a process's pc; other fields are record fields
  private field(target: AExpr, name: string, span: Span, env: Env): void {
    const head = target.k === 'index' ? target.target : target;
    const procName = head.k === 'name' && !env.has(head.name) ? head.name : undefined;
    const proc = procName === undefined ? undefined : this.processes.get(procName);
    if (proc && procName !== undefined && this.globals.get(procName) === proc.sym) {
      this.use(tailSpan(span, name.length), proc.labels.find((l) => l.name === name));
    }
    this.expr(target, env);
  }
}

export function indexSpec(ast: ASpec, source: string): SpecIndex {
  const r = new Resolver(source, ast.file);
  r.declareGlobals(ast.decls);
  r.walkDecls(ast.decls);
  return { syms: r.syms, refs: r.refs, scopes: r.scopes, globals: r.globals, processes: r.processes };
}
