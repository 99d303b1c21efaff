// Resolve names, check types and lower the AST to the IR (dsl/ir.ts).
// Errors are collected (never thrown); the caller gets every one of them.
// The phases live in dsl/check/ (README.md there); this file runs them.
import type { Action, ActionProperty, Fairness, Invariant, Process, Property, Refinement, Spec, Span, Stmt } from './ir.js';
import type { ASpec } from './ast.js';
import { type Diagnostic, commandLineDiag, didYouMean } from './diag.js';
import { BOOL, INT, MAX_STATE_SLOTS, slotsOf, typeName } from './types.js';
import { lowerActionProperty } from './check/action-property.js';
import { DeclarationLowering } from './check/declarations.js';
import { RefinementLowering } from './check/refinement.js';
import { ExprLowering } from './check/lower-expr.js';
import { StmtLowering } from './check/lower-stmt.js';
import { RecLowering } from './check/rec-def.js';
import { unionBlocksSymmetry } from './check/union-lower.js';
import { shareMember } from './check/enum-scope.js';
import { TypeResolver } from './check/resolve-type.js';
import { oversizedSets } from './check/size-check.js';
import { binE, type DeclOf, type EnumT, type Env, lit, type LowerExpr, numText, Scope, type Sym } from './check/scope.js';

// A lowered step body with the fall-through pc assignment `fall` at the end
// of every path that does not goto (an assignment to the pc variable, which
// only a goto produces). A goto is the last statement of its path (block()
// enforces it), so only the last statement of a block can contain one.
function withFallThrough(body: readonly Stmt[], fall: Stmt, pcVar: number): Stmt[] {
  const jumps = (x: Stmt): boolean => {
    switch (x.op) {
      case 'assign': return x.target.var === pcVar;
      case 'if': return x.then.some(jumps) || x.else.some(jumps);
      case 'either': return x.branches.some((b) => b.some(jumps));
      case 'with': return x.body.some(jumps);
      default: return false;
    }
  };
  const last = body[body.length - 1];
  if (!last || !jumps(last)) return [...body, fall];
  const init = body.slice(0, -1);
  switch (last.op) {
    case 'if': return [...init, { ...last, then: withFallThrough(last.then, fall, pcVar), else: withFallThrough(last.else, fall, pcVar) }];
    case 'either': return [...init, { ...last, branches: last.branches.map((b) => withFallThrough(b, fall, pcVar)) }];
    case 'with': return [...init, { ...last, body: withFallThrough(last.body, fall, pcVar) }];
    default: return [...body]; // the goto itself
  }
}

// One pass per kind of declaration, in order: names, constants, variables,
// processes, then every body; each phase object lowers one kind of thing.
class Checker {
  readonly s: Scope;
  private readonly types: TypeResolver;
  private readonly exprs: ExprLowering;
  private readonly stmts: StmtLowering;
  private readonly decls: DeclarationLowering;
  private readonly recs: RecLowering;

  constructor(ast: ASpec, consts: Record<string, string>) {
    this.s = new Scope(ast, consts);
    // the type resolver lowers range bounds through the expression lowering
    const exprs: LowerExpr = { expr: (a, env) => this.exprs.expr(a, env) };
    this.types = new TypeResolver(this.s, exprs);
    this.exprs = new ExprLowering(this.s, this.types);
    this.stmts = new StmtLowering(this.s, this.exprs);
    this.decls = new DeclarationLowering(this.s, this.types, this.exprs, this.stmts);
    this.recs = new RecLowering(this.s, this.types, this.exprs);
    this.exprs.recs = this.recs;
  }

  run(): Spec | null {
    const decls = this.s.ast.decls;
    const declared = new Map<string, Span>();
    const declare = (name: string, span: Span, sym: Sym): void => {
      const prev = declared.get(name);
      if (prev) {
        this.s.err(span, `'${name}' is already declared at line ${prev.line}`);
        return;
      }
      declared.set(name, span);
      this.s.globals.set(name, sym);
    };
    if (!this.s.globals.has('BOOLEAN')) this.s.globals.set('BOOLEAN', { k: 'bool-type' });
    // pass 1: names
    let varIndex = 0;
    for (const d of decls) {
      switch (d.k) {
        case 'const': declare(d.name, d.nameSpan, { k: 'pendingConst' }); break;
        case 'enum': {
          const seenM = new Set<string>();
          for (const m of d.members) {
            if (seenM.has(m.name)) this.s.err(m.span, `'${m.name}' appears twice in enum ${d.name}`);
            seenM.add(m.name);
          }
          const type: EnumT = { kind: 'enum', name: d.name, members: [...seenM] };
          declare(d.name, d.nameSpan, { k: 'enum', type });
          type.members.forEach((m, i) => {
            const sym: Sym = { k: 'member', type, index: i };
            if (!shareMember(this.s.globals, m, sym)) declare(m, d.members.find((x) => x.name === m)!.span, sym);
          });
          if (d.members.length === 0) this.s.err(d.nameSpan, `enum ${d.name} has no members`);
          break;
        }
        case 'type':
          declare(d.name, d.nameSpan, { k: 'alias', decl: d });
          if (d.type.k === 'union') d.type.variants.forEach((v, index) => declare(v.tag, v.span, { k: 'tag', union: d.name, index }));
          break;
        case 'def': declare(d.name, d.nameSpan, { k: 'def', decl: d }); break;
        case 'var': for (const n of d.names) declare(n.name, n.span, { k: 'var', index: varIndex++, type: null }); break;
        case 'process': declare(d.name, d.nameSpan, { k: 'process', info: null }); break;
        default: break;
      }
    }
    for (const name of Object.keys(this.s.consts)) {
      if (!decls.some((d) => d.k === 'const' && d.name === name)) {
        this.s.diags.push(commandLineDiag(`--const ${name}: the spec declares no constant '${name}'${didYouMean(name, decls.filter((d) => d.k === 'const').map((d) => (d as DeclOf<'const'>).name))}`));
      }
    }
    // pass 2: constants, in order
    for (const d of decls) if (d.k === 'const') this.decls.constDecl(d);
    // pass 3: variables
    let slots = 0;
    for (const d of decls) {
      if (d.k !== 'var') continue;
      const t = this.types.resolveType(d.type);
      for (const n of d.names) {
        // pass 1 numbered every variable name in this order (duplicates too)
        const sym = this.s.globals.get(n.name);
        if (t && sym?.k === 'var' && sym.index === this.s.vars.length) sym.type = t;
        this.s.vars.push({ name: n.name, type: t ?? INT, span: n.span, ...(d.ghost ? { ghost: true } : {}) });
        if (t) {
          const k = slotsOf(t);
          slots += k;
          if (k > MAX_STATE_SLOTS) this.s.err(n.span, `variable ${n.name} of type ${typeName(t)} takes ${numText(k)} integers of every state, more than the limit of ${MAX_STATE_SLOTS}: make its domains smaller`);
          else if (slots > MAX_STATE_SLOTS && slots - k <= MAX_STATE_SLOTS) this.s.err(n.span, `with variable ${n.name} a state takes more than ${MAX_STATE_SLOTS} integers: make the domains smaller`);
        }
      }
    }
    // pass 4: processes (pc variables)
    for (const d of decls) if (d.k === 'process') this.decls.declareProcess(d);
    // action signatures (for fairness)
    const actionNames = new Map<string, Span>();
    for (const d of decls) {
      if (d.k !== 'action') continue;
      const prev = actionNames.get(d.name);
      if (prev) this.s.err(d.nameSpan, `action '${d.name}' is already declared at line ${prev.line}`);
      else if (this.s.procs.has(d.name)) this.s.err(d.nameSpan, `'${d.name}' is already the name of a process`);
      actionNames.set(d.name, d.nameSpan);
    }
    // pass 5: bodies
    let init: Stmt[] = [];
    let initFrameSize = 0;
    let sawInit = false;
    const actions: Action[] = [];
    const processes: Process[] = [];
    const invariants: Invariant[] = [];
    const constraints: Invariant[] = [];
    const properties: Property[] = [];
    const actionProperties: ActionProperty[] = [];
    let refinement: Refinement | null = null;
    let sawRefines = false;
    const fairnessDecls: DeclOf<'fairness'>[] = [];
    const symmetric: string[] = [];
    const propNames = new Map<string, Span>();
    const checkPropName = (name: string, span: Span): void => {
      const prev = propNames.get(name);
      if (prev) this.s.err(span, `'${name}' is already declared at line ${prev.line}`);
      propNames.set(name, span);
    };
    for (const d of decls) {
      switch (d.k) {
        case 'def':
          // primes allowed here: a use outside an action property is refused
          if (this.recs.isRec(d)) this.recs.lowerBody(d);
          else if (d.params.length === 0) this.exprs.expr(d.body, { ...this.s.newEnv(), step: true });
          else {
            const ps = new Set<string>();
            for (const p of d.params) {
              if (ps.has(p.name)) this.s.err(p.span, `parameter '${p.name}' appears twice`);
              ps.add(p.name);
            }
          }
          break;
        case 'init': {
          if (sawInit) this.s.err(d.nameSpan, 'a spec has at most one init block');
          sawInit = true;
          const env = this.s.newEnv();
          init = this.stmts.block(d.body, env);
          initFrameSize = env.frame.n;
          break;
        }
        case 'action': {
          const r = this.decls.action(d);
          if (r) {
            actions.push(r);
            this.s.actionSigs.set(d.name, r);
          }
          break;
        }
        case 'process': {
          const info = this.s.procs.get(d.name);
          if (!info || !info.ok) break;
          d.steps.forEach((st, i) => {
            const env: Env = { ...this.s.paramEnv(info.params), proc: info };
            const next = i + 1 < info.labels.length ? i + 1 : info.labels.length; // 'done' is last
            // The pc changes at the end of the step: a goto (always last on
            // its path) sets it where it stands, every other path ends with
            // the fall-through, so the step's own pc test reads this label.
            const fall: Stmt = { op: 'assign', target: this.s.pcLValue(info), value: lit(next, info.pcType), span: st.labelSpan };
            const body = withFallThrough(this.stmts.block(st.body, env, true), fall, info.pcVar);
            actions.push({
              name: `${info.name}.${st.label}`, params: info.params, guard: binE('eq', this.s.pcRead(info), lit(i, info.pcType), BOOL, st.labelSpan),
              body, frameSize: env.frame.n, span: st.span, ...(st.doc !== undefined ? { doc: st.doc } : {}), process: { name: info.name, label: st.label },
            });
          });
          for (const st of d.steps) this.s.actionSigs.set(`${info.name}.${st.label}`, { params: info.params });
          processes.push({ name: info.name, params: info.params, pcVar: info.pcVar, labels: info.labels, span: d.span, ...(d.doc !== undefined ? { doc: d.doc } : {}) });
          this.s.actionSigs.set(info.name, { params: info.params });
          break;
        }
        case 'invariant': {
          checkPropName(d.name, d.nameSpan);
          const env = this.s.newEnv();
          const e = this.exprs.boolExpr(d.expr, env, 'an invariant');
          if (e) invariants.push({ name: d.name, expr: e, frameSize: env.frame.n, span: d.span });
          break;
        }
        case 'constraint': {
          const name = d.name ?? `Constraint${constraints.length + 1}`;
          checkPropName(name, d.nameSpan);
          const env = this.s.newEnv();
          const e = this.exprs.boolExpr(d.expr, env, 'a constraint');
          if (e) constraints.push({ name, expr: e, frameSize: env.frame.n, span: d.span });
          break;
        }
        case 'property': {
          checkPropName(d.name, d.nameSpan);
          if (d.expr.k === 'actionBox') {
            const ap = lowerActionProperty(this.s, this.exprs, d);
            if (ap) actionProperties.push(ap);
            break;
          }
          const env = this.s.newEnv();
          const f = this.decls.temporal(d.expr, env);
          if (f) properties.push({ name: d.name, formula: f, frameSize: env.frame.n, span: d.span });
          break;
        }
        case 'fairness': fairnessDecls.push(d); break;
        case 'refines':
          if (sawRefines) this.s.err(d.span, 'a spec refines at most one abstract spec');
          else refinement = new RefinementLowering(this.s, this.exprs, checkSpec).lower(d);
          sawRefines = true;
          break;
        case 'symmetric':
          for (const n of d.names) if (this.decls.symmetricName(n.name, n.span)) symmetric.push(n.name);
          break;
        default: break;
      }
    }
    for (const c of this.s.constants) if (c.symmetric && !symmetric.includes(c.name)) symmetric.push(c.name);
    const constants = this.s.constants.map((c) => (symmetric.includes(c.name) && !c.symmetric ? { ...c, symmetric: true } : c));
    const fairness: Fairness[] = [];
    for (const d of fairnessDecls) fairness.push(...this.decls.fairness(d));
    for (const d of decls) if (d.k === 'def' && !d.rec && d.params.length > 0 && !this.s.usedDefs.has(d.name)) this.decls.scanNames(d.body, new Set(d.params.map((p) => p.name)));
    // Symmetry is only sound when the spec treats every member alike.
    for (const u of this.s.memberUses) {
      if (symmetric.includes(u.set)) {
        this.s.err(u.span, `model value '${u.name}' of the symmetric set ${u.set} is named explicitly, so the members of ${u.set} are not interchangeable; drop 'symmetric' or do not name members`);
      }
    }
    for (const v of this.s.vars) {
      const b = symmetric.length ? unionBlocksSymmetry(v.type, symmetric) : null;
      if (b && v.span) this.s.err(v.span, `variable ${v.name} holds the tagged union ${b.union}, whose fields hold the symmetric set ${b.set}: symmetry reduction does not support that (it does inside a set<${b.union}>); drop 'symmetric'`);
    }
    for (const u of this.s.chooseUses) {
      if (symmetric.includes(u.set)) {
        this.s.err(u.span, `choose over the symmetric set ${u.set} picks one member deterministically, so the members are not interchangeable; use 'with' (nondeterministic choice) or drop 'symmetric'`);
      }
    }
    const spec: Spec = {
      name: this.s.ast.name, file: this.s.ast.file, constants, vars: this.s.vars, init, initFrameSize, actions, processes,
      invariants, properties, fairness, constraints, symmetric,
      ...(actionProperties.length ? { actionProperties } : {}), ...(refinement ? { refinement } : {}),
      ...(this.recs.operators().length ? { recursive: this.recs.operators() } : {}),
    };
    for (const o of oversizedSets(spec)) this.s.err(o.span, o.message);
    if (this.s.diags.some((d) => d.severity === 'error')) return null;
    return spec;
  }
}

export function checkSpec(ast: ASpec, consts: Record<string, string>): { spec: Spec | null; diags: Diagnostic[] } {
  const c = new Checker(ast, consts);
  const spec = c.run();
  return { spec, diags: c.s.diags };
}
