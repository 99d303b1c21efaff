// Fairness conditions as TLA+ writes them: `weak(A)`, one instance
// `weak(A(c, 1))`, a partial instance `weak(A(c))` (some instance with these
// first arguments), an argument read from the state `weak(Return(c, alloc[c]))`,
// a union of actions `weak(A | B)`, and `forall` over constant sets.
import type { AExpr, AFairAction } from '../ast.js';
import type { Expr, FairAction, Fairness, Param } from '../ir.js';
import { didYouMean } from '../diag.js';
import { typeName, unify } from '../types.js';
import { constElems, evalConst } from './const-eval.js';
import type { ExprLowering } from './lower-expr.js';
import { type DeclOf, type Env, lit, type Scope } from './scope.js';

export class FairnessLowering {
  constructor(private readonly s: Scope, private readonly exprs: ExprLowering) {}

  lower(d: DeclOf<'fairness'>): Fairness[] {
    const alts: AFairAction[] = [{ target: d.target, nameSpan: d.nameSpan, args: d.args }, ...(d.or ?? [])];
    const sigs: (readonly Param[])[] = [];
    for (const a of alts) {
      const params = this.signature(a);
      if (!params) return [];
      if (a.args && a.args.length > params.length) {
        this.s.err(a.nameSpan, `'${a.target}' takes ${params.length} argument${params.length === 1 ? '' : 's'}, but fairness gives ${a.args.length}`);
        return [];
      }
      sigs.push(params);
    }
    if (d.binders.length && alts.every((a) => a.args === null)) {
      this.s.err(d.span, `a fairness condition under 'forall' must name the instance, e.g. weak(${d.target}(...))`);
      return [];
    }
    const envs = this.expand(d);
    if (!envs) return [];
    const out: Fairness[] = [];
    for (const env of envs) {
      const lowered: FairAction[] = [];
      for (let k = 0; k < alts.length; k++) {
        const args = alts[k].args === null ? null : this.args(alts[k], sigs[k], env, d.kind);
        if (alts[k].args !== null && !args) return [];
        lowered.push({ action: alts[k].target, args });
      }
      const [first, ...or] = lowered;
      const stateArgs = lowered.some((a) => a.args?.some((x) => x.op !== 'lit'));
      out.push({ kind: d.kind, ...first, ...(or.length ? { or } : {}), ...(stateArgs ? { frameSize: env.frame.n } : {}), span: d.span });
    }
    return out;
  }

  // The parameters of an action, a process (all its steps) or a step.
  private signature(a: AFairAction): readonly Param[] | null {
    const sig = this.s.actionSigs.get(a.target);
    if (sig) return sig.params;
    const known = [...this.s.actionSigs.keys(), ...this.s.procs.keys()];
    if (this.s.procs.has(a.target.split('.')[0]) || this.s.ast.decls.some((x) => x.k === 'action' && x.name === a.target)) {
      if (a.target.includes('.') && this.s.procs.get(a.target.split('.')[0])?.ok) {
        const [p, l] = a.target.split('.');
        this.s.err(a.nameSpan, `process ${p} has no label '${l}'${didYouMean(l, this.s.procs.get(p)!.labels)}`);
      }
      return null; // otherwise already reported
    }
    this.s.err(a.nameSpan, `fairness names '${a.target}', which is neither an action nor a process${didYouMean(a.target, known)}`);
    return null;
  }

  // One environment per combination of the `forall` binders' values.
  private expand(d: DeclOf<'fairness'>): Env[] | null {
    let envs: Env[] = [this.s.newEnv()];
    for (const b of d.binders) {
      const next: Env[] = [];
      for (const env of envs) {
        const dom = this.exprs.expr(b.domain, { ...env, constOnly: true });
        if (!dom) return null;
        if (dom.type.kind !== 'set') {
          this.s.err(b.domain.span, `'${b.name}' must range over a set, not ${typeName(dom.type)}`);
          return null;
        }
        const vals = constElems(dom);
        if (!vals) {
          this.s.err(b.domain.span, `the domain of '${b.name}' must be a constant finite set`);
          return null;
        }
        for (const v of vals) next.push(this.s.bind(env, b.name, dom.type.elem, v)[0]);
      }
      envs = next;
    }
    return envs;
  }

  // Constant arguments become literals (checked against the domain); any
  // other argument is kept as an expression over the state.
  private args(a: AFairAction, params: readonly Param[], env: Env, kind: 'weak' | 'strong'): Expr[] | null {
    const out: Expr[] = [];
    for (let i = 0; i < a.args!.length; i++) {
      const src: AExpr = a.args![i];
      const e = this.exprs.expr(src, env);
      if (!e) return null;
      const p = params[i];
      if (!unify(p.domain, e.type)) {
        this.s.err(src.span, `argument ${p.name} of '${a.target}' is ${typeName(p.domain)}, not ${typeName(e.type)}`);
        return null;
      }
      if (p.domain.kind === 'set') {
        this.s.err(src.span, `parameter ${p.name} of '${a.target}' ranges over sets: fairness of one instance needs scalar arguments; write ${kind}(${a.target}) for the action as a whole`);
        return null;
      }
      const v = evalConst(e);
      if (v === null) { out.push(e); continue; }
      if (p.domain.kind === 'int' && (v < p.domain.lo || v > p.domain.hi)) {
        this.s.err(src.span, `${v} is outside the domain ${typeName(p.domain)} of parameter ${p.name}`);
        return null;
      }
      out.push(lit(v, p.domain, src.span));
    }
    return out;
  }
}
