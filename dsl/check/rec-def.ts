// `def rec f(n: 0..10): int = ...`: recursive operators. Unlike a plain `def`
// (inlined at each use, so recursion would never end) a recursive operator is
// typed by its declaration and called at run time in a fresh frame; the
// checker bounds its depth (checker/compile/rec-call.ts). Its body reads its
// parameters and the constants only, so a call is a function of its arguments.
import type { Expr, Param, RecOperator, Span, Type } from '../ir.js';
import type { AExpr, AType } from '../ast.js';
import { INT } from '../types.js';
import type { TypeResolver } from './resolve-type.js';
import type { DeclOf, Env, Scope } from './scope.js';

type RecDecl = DeclOf<'def'> & { rec: NonNullable<DeclOf<'def'>['rec']> };

// what it needs of the expression lowering (lower-expr.ts imports this file)
interface Exprs {
  expr(a: AExpr, env: Env): Expr | null;
  checkAssignable(target: Type, value: Expr, span: Span, what: string): Expr | null;
}

interface Signature { readonly index: number; readonly params: readonly Param[]; readonly result: Type }

export class RecLowering {
  private readonly decls: RecDecl[];
  private readonly sigs = new Map<string, Signature | null>();
  private readonly ops = new Map<number, RecOperator>();

  constructor(private readonly s: Scope, private readonly types: TypeResolver, private readonly exprs: Exprs) {
    this.decls = s.ast.decls.filter((d): d is RecDecl => d.k === 'def' && d.rec !== undefined);
  }

  // `int` is allowed here (unbounded: the depth limit bounds the recursion)
  private type(a: AType): Type | null {
    if (a.k === 'name' && a.name === 'int' && !this.s.globals.has('int')) return INT;
    return this.types.resolveType(a);
  }

  signature(d: RecDecl): Signature | null {
    if (this.sigs.has(d.name)) return this.sigs.get(d.name)!;
    this.sigs.set(d.name, null); // a parameter type that calls d cannot loop
    const params: Param[] = [];
    let ok = true;
    d.rec.params.forEach((p, i) => {
      if (d.rec.params.findIndex((q) => q.name === p.name) !== i) this.s.err(p.span, `parameter '${p.name}' appears twice`);
      const t = this.type(p.type);
      if (!t) ok = false;
      params.push({ name: p.name, slot: i, domain: t ?? INT });
    });
    const result = this.type(d.rec.result);
    const sig = ok && result ? { index: this.decls.indexOf(d), params, result } : null;
    this.sigs.set(d.name, sig);
    return sig;
  }

  call(d: RecDecl, args: readonly AExpr[], span: Span, env: Env): Expr | null {
    const sig = this.signature(d);
    if (!sig) return null;
    if (args.length !== sig.params.length) return this.s.err(span, `'${d.name}' takes ${sig.params.length} argument${sig.params.length === 1 ? '' : 's'}, not ${args.length}`);
    const out: Expr[] = [];
    for (let i = 0; i < args.length; i++) {
      const a = this.exprs.expr(args[i], env);
      if (!a) return null;
      const c = this.exprs.checkAssignable(sig.params[i].domain, a, args[i].span, `parameter ${sig.params[i].name} of ${d.name}`);
      if (!c) return null;
      out.push(c);
    }
    return { op: 'recCall', fn: sig.index, name: d.name, args: out, type: sig.result, span };
  }

  // Pass 5: the body, typed against the declared result.
  lowerBody(d: RecDecl): void {
    const sig = this.signature(d);
    if (!sig) return;
    const locals = new Map(sig.params.map((p) => [p.name, { slot: p.slot, type: p.domain }]));
    const env: Env = { locals, frame: { n: sig.params.length }, defStack: [], constOnly: true, recOf: d.name };
    const b = this.exprs.expr(d.body, env);
    if (!b) return;
    const body = this.exprs.checkAssignable(sig.result, b, d.body.span, `the result of ${d.name}`);
    if (!body) return;
    this.ops.set(sig.index, { name: d.name, params: sig.params, result: sig.result, body, frameSize: env.frame.n, span: d.span });
  }

  operators(): RecOperator[] {
    return this.decls.map((_, i) => this.ops.get(i)).filter((x): x is RecOperator => x !== undefined);
  }

  isRec(d: DeclOf<'def'>): d is RecDecl {
    return d.rec !== undefined;
  }
}
