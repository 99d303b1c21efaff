// The declarations one at a time: constants (with --const overrides and
// model values), processes (their pc variable), actions, fairness,
// temporal properties, and the name scan of operators never called.
import type { Action, Fairness, Span, Temporal, Type } from '../ir.js';
import type { ABinder, AExpr } from '../ast.js';
import { commandLineDiag, didYouMean } from '../diag.js';
import { BOOL, INT_MAX, INT_MIN, MAX_MODEL_VALUES, inInt32, tInt, typeName } from '../types.js';
import { constElems, evalConst } from './const-eval.js';
import { FairnessLowering } from './fairness.js';
import type { ExprLowering } from './lower-expr.js';
import type { StmtLowering } from './lower-stmt.js';
import type { TypeResolver } from './resolve-type.js';
import { BUILTINS, type DeclOf, type EnumT, type Env, numText, type ProcInfo, type Scope } from './scope.js';

function hasTemporal(a: AExpr): boolean {
  if (a.k === 'un') return a.op === 'always' || a.op === 'eventually' || hasTemporal(a.arg);
  if (a.k === 'bin') return a.op === 'leadsto' || hasTemporal(a.left) || hasTemporal(a.right);
  if (a.k === 'quant') return hasTemporal(a.body);
  return false;
}

export class DeclarationLowering {
  constructor(private readonly s: Scope, private readonly types: TypeResolver, private readonly exprs: ExprLowering, private readonly stmts: StmtLowering) {}

  // Name resolution only, for operators with parameters that are never used
  // (their types are only known at a call site).
  scanNames(a: unknown, scope: ReadonlySet<string>): void {
    if (Array.isArray(a)) {
      for (const x of a) this.scanNames(x, scope);
      return;
    }
    if (!a || typeof a !== 'object') return;
    const n = a as AExpr;
    const withNames = (names: string[]): Set<string> => new Set([...scope, ...names]);
    switch (n.k) {
      case 'name':
        if (!scope.has(n.name) && !this.s.globals.has(n.name)) this.s.err(n.span, `unknown name '${n.name}'${didYouMean(n.name, [...scope, ...this.s.globals.keys()])}`);
        return;
      case 'call':
        if (!this.s.globals.has(n.name) && !BUILTINS.has(n.name)) this.s.err(n.nameSpan, `unknown operator '${n.name}'${didYouMean(n.name, [...BUILTINS, ...[...this.s.globals].filter(([, s]) => s.k === 'def').map(([x]) => x)])}`);
        this.scanNames(n.args, scope);
        return;
      case 'setFilter': case 'mapBuild': case 'choose':
        this.scanNames(n.binder.domain, scope);
        this.scanNames(n.k === 'mapBuild' ? n.body : n.pred, withNames([n.binder.name]));
        return;
      case 'quant': case 'setMap': {
        let sc: ReadonlySet<string> = scope;
        for (const b of n.binders) {
          this.scanNames(b.domain, sc);
          sc = new Set([...sc, b.name]);
        }
        this.scanNames(n.body, sc);
        return;
      }
      case 'let': {
        let sc: ReadonlySet<string> = scope;
        for (const b of n.binds) {
          this.scanNames(b.value, sc);
          sc = new Set([...sc, b.name]);
        }
        this.scanNames(n.body, sc);
        return;
      }
      case 'field':
        this.scanNames(n.target, scope);
        return;
      default:
        for (const [k, v] of Object.entries(a as Record<string, unknown>)) if (k !== 'span' && k !== 'nameSpan') this.scanNames(v, scope);
    }
  }

  constDecl(d: DeclOf<'const'>): void {
    const raw = this.s.consts[d.name];
    if (d.value.k === 'modelValues') {
      let names = d.value.names.map((n) => n.name);
      const dup = d.value.names.find((n, i) => names.indexOf(n.name) !== i);
      if (dup) this.s.err(dup.span, `'${dup.name}' appears twice in ${d.name}`);
      if (raw !== undefined) {
        const o = this.parseModelValues(d.name, raw, names);
        if (o) names = o;
      }
      if (names.length > MAX_MODEL_VALUES) {
        if (raw !== undefined && d.value.names.length <= MAX_MODEL_VALUES) this.s.diags.push(commandLineDiag(`--const ${d.name}=${raw.length > 40 ? `${raw.slice(0, 40)}...` : raw}: ${numText(names.length)} model values, more than the ${numText(MAX_MODEL_VALUES)} a set of model values may have`));
        else this.s.err(d.nameSpan, `${d.name} has ${numText(names.length)} model values, more than the ${numText(MAX_MODEL_VALUES)} a set of model values may have`);
        this.s.globals.set(d.name, { k: 'poison' });
        return;
      }
      const type: EnumT = { kind: 'enum', name: d.name, members: [...new Set(names)] };
      if (names.length === 0) this.s.err(d.nameSpan, `${d.name} must have at least one model value`);
      this.s.globals.set(d.name, { k: 'modelSet', type });
      type.members.forEach((m, i) => {
        const prev = this.s.globals.get(m);
        if (prev && !(prev.k === 'member' && prev.type.name === d.name)) {
          const sp = d.value.k === 'modelValues' ? d.value.names.find((n) => n.name === m)?.span : undefined;
          this.s.err(sp ?? d.nameSpan, `model value '${m}' clashes with another declaration of '${m}'`);
        } else this.s.globals.set(m, { k: 'member', type, index: i });
      });
      this.s.constants.push({ name: d.name, type, value: type.members, symmetric: d.symmetric, span: d.span });
      return;
    }
    const e = this.exprs.expr(d.value.expr, { ...this.s.newEnv(), constOnly: true });
    if (!e) {
      this.s.globals.set(d.name, { k: 'poison' });
      return;
    }
    if (e.type.kind !== 'int' && e.type.kind !== 'bool' && e.type.kind !== 'enum') {
      this.s.globals.set(d.name, { k: 'poison' });
      this.s.err(d.value.expr.span, `the value of const ${d.name} must be an integer, a boolean, an enum member or a set of model values like {p1, p2}, not ${typeName(e.type)}`);
      return;
    }
    let v = evalConst(e);
    if (v === null) {
      this.s.globals.set(d.name, { k: 'poison' });
      this.s.err(d.value.expr.span, `the value of const ${d.name} is not a constant expression`);
      return;
    }
    if (e.type.kind === 'enum') {
      // const FAULT_AT = a: typed by a's enum (or set of model values)
      const type = e.type;
      if (raw !== undefined) {
        const o = this.enumConstValue(d.name, raw, type);
        if (o !== null) v = o;
      }
      if (d.symmetric) this.s.err(d.nameSpan, `only a set of model values can be symmetric, and ${d.name} is a member of ${type.name}`);
      this.s.globals.set(d.name, { k: 'enumConst', type, value: v });
      this.s.constants.push({ name: d.name, type, value: v, symmetric: false, span: d.span });
      return;
    }
    if (raw !== undefined) {
      const s = raw.trim();
      if (e.type.kind === 'bool') {
        if (/^(true|TRUE|1)$/.test(s)) v = 1;
        else if (/^(false|FALSE|0)$/.test(s)) v = 0;
        else this.s.diags.push(commandLineDiag(`--const ${d.name}=${raw}: ${d.name} is a boolean, so its value must be true or false`));
      } else if (/^-?\d+$/.test(s)) v = Number(s);
      else this.s.diags.push(commandLineDiag(`--const ${d.name}=${raw}: ${d.name} is an integer, so its value must be a whole number`));
    }
    if (e.type.kind === 'int' && !inInt32(v)) {
      this.s.globals.set(d.name, { k: 'poison' });
      if (raw !== undefined && /^-?\d+$/.test(raw.trim())) this.s.diags.push(commandLineDiag(`--const ${d.name}=${raw}: too large: integers must lie in ${INT_MIN}..${INT_MAX}`));
      else this.s.err(d.value.expr.span, `the value of const ${d.name} (${numText(v)}) is too large: integers must lie in ${INT_MIN}..${INT_MAX}`);
      return;
    }
    if (d.symmetric) this.s.err(d.nameSpan, `only a set of model values can be symmetric, and ${d.name} is ${e.type.kind === 'bool' ? 'a boolean' : 'an integer'}`);
    if (e.type.kind === 'bool') {
      this.s.globals.set(d.name, { k: 'bool', value: v ? 1 : 0 });
      this.s.constants.push({ name: d.name, type: BOOL, value: v ? 1 : 0, symmetric: false, span: d.span });
    } else {
      this.s.globals.set(d.name, { k: 'int', value: v });
      this.s.constants.push({ name: d.name, type: tInt(v, v), value: v, symmetric: false, span: d.span });
    }
  }

  // --const X=b for a constant of enum type: a member of the same enum.
  private enumConstValue(name: string, raw: string, type: EnumT): number | null {
    const s = raw.trim();
    const i = type.members.indexOf(s);
    if (i >= 0) return i;
    const what = this.s.globals.get(type.name)?.k === 'modelSet' ? `the set of model values ${type.name}` : `enum ${type.name}`;
    const other = this.s.globals.get(s);
    if (other?.k === 'member') {
      const ow = this.s.globals.get(other.type.name)?.k === 'modelSet' ? `the set of model values ${other.type.name}` : `enum ${other.type.name}`;
      this.s.diags.push(commandLineDiag(`--const ${name}=${raw}: '${s}' is a member of ${ow}, but ${name} is a member of ${what} (${type.members.join(', ')})`));
    } else {
      const hint = /^[A-Za-z_][A-Za-z0-9_]*$/.test(s) ? didYouMean(s, type.members) : '';
      this.s.diags.push(commandLineDiag(`--const ${name}=${raw}: ${name} is a member of ${what}, so its value must be one of ${type.members.join(', ')}${hint}`));
    }
    return null;
  }

  private parseModelValues(name: string, raw: string, declared: string[]): string[] | null {
    const s = raw.trim();
    const m = /^\{\s*(.*?)\s*\}$/.exec(s);
    if (m) {
      const names = m[1] === '' ? [] : m[1].split(',').map((x) => x.trim());
      const bad = names.find((n) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(n));
      if (bad !== undefined || names.length === 0) {
        this.s.diags.push(commandLineDiag(`--const ${name}=${raw}: expected a non-empty set of model values like {p1, p2}`));
        return null;
      }
      return names;
    }
    if (/^\d+$/.test(s)) {
      const n = Number(s);
      if (n < 1) {
        this.s.diags.push(commandLineDiag(`--const ${name}=${raw}: ${name} needs at least one model value`));
        return null;
      }
      if (n > MAX_MODEL_VALUES) {
        this.s.diags.push(commandLineDiag(`--const ${name}=${raw}: ${numText(n)} model values, more than the ${numText(MAX_MODEL_VALUES)} a set of model values may have`));
        return null;
      }
      const pm = declared.length ? /^(.*?)\d+$/.exec(declared[0]) : null;
      const prefix = pm && pm[1] ? pm[1] : name.toLowerCase();
      return Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);
    }
    this.s.diags.push(commandLineDiag(`--const ${name}=${raw}: ${name} is a set of model values, so its value must look like {p1, p2, p3} or be a count such as 3`));
    return null;
  }

  symmetricName(name: string, span: Span): boolean {
    const s = this.s.globals.get(name);
    if (s?.k === 'modelSet') return true;
    if (!s) this.s.err(span, `unknown name '${name}'${didYouMean(name, this.s.globals.keys())}`);
    else if (s.k !== 'poison') this.s.err(span, `only a set of model values (const ${name} = {a, b}) can be symmetric`);
    return false;
  }

  declareProcess(d: DeclOf<'process'>): void {
    const params = this.types.params(d.params);
    const labels: string[] = [];
    for (const st of d.steps) {
      if (st.label === 'done') this.s.err(st.labelSpan, `'done' is reserved: ${d.name}.done means the process has finished its last step`);
      else if (labels.includes(st.label)) this.s.err(st.labelSpan, `label '${st.label}' is used twice in process ${d.name}`);
      labels.push(st.label);
    }
    if (d.steps.length === 0) this.s.err(d.nameSpan, `process ${d.name} has no steps`);
    const pcType: EnumT = { kind: 'enum', name: `${d.name}.pc`, members: [...labels, 'done'] };
    let varType: Type = pcType;
    if (params && params.length === 1) varType = { kind: 'map', key: params[0].domain, value: pcType };
    else if (params && params.length > 1) varType = { kind: 'map', key: { kind: 'tuple', elems: params.map((p) => p.domain) }, value: pcType };
    const pcVar = this.s.vars.length;
    this.s.vars.push({ name: `${d.name}.pc`, type: varType, span: d.nameSpan, process: d.name });
    const info: ProcInfo = { name: d.name, decl: d, params: params ?? [], labels, pcVar, pcType, ok: params !== null };
    this.s.procs.set(d.name, info);
    const s = this.s.globals.get(d.name);
    if (s?.k === 'process') s.info = info;
  }

  action(d: DeclOf<'action'>): Action | null {
    const params = this.types.params(d.params, true);
    if (!params) return null;
    const env = this.s.paramEnv(params);
    const guard = d.when ? this.exprs.boolExpr(d.when, env, 'a when clause') : null;
    const body = this.stmts.block(d.body, env);
    return {
      name: d.name, params, guard, body, frameSize: env.frame.n, span: d.span, ...(d.doc !== undefined ? { doc: d.doc } : {}),
    };
  }

  fairness(d: DeclOf<'fairness'>): Fairness[] {
    return new FairnessLowering(this.s, this.exprs).lower(d);
  }

  temporal(a: AExpr, env: Env): Temporal | null {
    if (!hasTemporal(a)) {
      const e = this.exprs.boolExpr(a, env, 'a property');
      return e ? { op: 'state', expr: e } : null;
    }
    if (a.k === 'un') {
      const arg = this.temporal(a.arg, env);
      if (!arg) return null;
      if (a.op === 'always') return { op: 'always', arg };
      if (a.op === 'eventually') return { op: 'eventually', arg };
      if (a.op === 'not') return { op: 'not', arg };
    }
    if (a.k === 'quant') return this.quantTemporal(a.q, a.binders, 0, a.body, env);
    if (a.k === 'bin' && (a.op === 'leadsto' || a.op === 'and' || a.op === 'or' || a.op === 'implies')) {
      const l = this.temporal(a.left, env);
      const r = this.temporal(a.right, env);
      if (!l || !r) return null;
      if (a.op === 'leadsto') return { op: 'leadsto', left: l, right: r };
      return { op: a.op, left: l, right: r };
    }
    return this.s.err(a.span, 'a temporal formula ([]P, <>P, P ~> Q) can only be combined with !, &&, ||, => and forall / exists over a constant set');
  }

  // forall / exists around a temporal formula: the body once with the name as
  // a local (how it prints), then once per value of the constant set.
  private quantTemporal(q: 'forall' | 'exists', bs: readonly ABinder[], i: number, body: AExpr, env: Env): Temporal | null {
    if (i >= bs.length) return this.temporal(body, env);
    const b = bs[i];
    const dom = this.exprs.expr(b.domain, { ...env, constOnly: true });
    if (!dom) return null;
    if (dom.type.kind !== 'set') return this.s.err(b.domain.span, `'${b.name}' must range over a set, not ${typeName(dom.type)}`);
    const elem = dom.type.elem;
    const vals = constElems(dom);
    if (!vals) return this.s.err(b.domain.span, `the domain of '${b.name}' must be a constant finite set of scalars in a temporal formula (one formula per value)`);
    const inner = this.quantTemporal(q, bs, i + 1, body, this.s.bind(env, b.name, elem)[0]);
    if (!inner) return null;
    const cases: { label: string; arg: Temporal }[] = [];
    for (const v of vals) {
      const arg = this.quantTemporal(q, bs, i + 1, body, this.s.bind(env, b.name, elem, v)[0]);
      if (!arg) return null;
      cases.push({ label: elem.kind === 'enum' ? elem.members[v] : elem.kind === 'bool' ? String(v === 1) : String(v), arg });
    }
    return { op: 'quant', q, name: b.name, domain: dom, body: inner, cases };
  }
}
