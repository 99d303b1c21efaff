// Resolve names, check types and lower the AST to the IR (dsl/ir.ts).
// Errors are collected (never thrown); the caller gets every one of them.
import type { Action, ConstDecl, Expr, Fairness, Invariant, LValue, Param, PathStep, Process, Property, Spec, Span, Stmt, Temporal, Type, VarDecl } from './ir.js';
import type { ABinder, ADecl, AExpr, ALValue, AParam, ASpec, AStmt, AType } from './ast.js';
import { type Diagnostic, commandLineDiag, diagAt, didYouMean } from './diag.js';
import { printExpr } from './print.js';
import { ANY, BOOL, INT, INT_MAX, INT_MIN, MAX_ENUMERATED, MAX_STATE_SLOTS, cardinalityOf, coerce, inInt32, isFiniteType, isIntLike, scalarValues, slotsOf, tInt, tSeq, tSet, typeName, unify } from './types.js';

type EnumT = Extract<Type, { kind: 'enum' }>;
type DeclOf<K extends ADecl['k']> = Extract<ADecl, { k: K }>;

interface ProcInfo {
  name: string;
  decl: DeclOf<'process'>;
  params: Param[];
  labels: string[];
  pcVar: number;
  pcType: EnumT;
  ok: boolean;
}

type Sym =
  | { k: 'int'; value: number }
  | { k: 'bool'; value: number }
  | { k: 'modelSet'; type: EnumT }
  | { k: 'member'; type: EnumT; index: number }
  | { k: 'enumConst'; type: EnumT; value: number } // const X = a, a member of an enum or of a set of model values
  | { k: 'enum'; type: EnumT }
  | { k: 'alias'; decl: DeclOf<'type'>; resolved?: Type | null; resolving?: boolean }
  | { k: 'def'; decl: DeclOf<'def'> }
  | { k: 'var'; index: number; type: Type | null }
  | { k: 'process'; info: ProcInfo | null }
  | { k: 'pendingConst' }
  | { k: 'poison' }
  | { k: 'bool-type' };

interface Local { slot: number; type: Type; constValue?: number }

interface Env {
  readonly locals: ReadonlyMap<string, Local>;
  readonly frame: { n: number };
  readonly defStack: readonly string[];
  readonly proc?: ProcInfo;
  readonly constOnly?: boolean; // constant expressions: no state variables
}

const BUILTINS = new Set(['len', 'Len', 'head', 'Head', 'tail', 'Tail', 'append', 'Append', 'card', 'Cardinality', 'domain', 'powerset', 'union_all', 'UNION', 'can_down_read', 'can_down_write']);
const PRIMITIVES = ['down_read', 'up_read', 'down_write', 'up_write', 'enqueue', 'dequeue', 'atomic_inc', 'atomic_dec'];

const lit = (value: number, type: Type, span?: Span): Expr => ({ op: 'lit', value, type, ...(span ? { span } : {}) });
const binE = (fn: Extract<Expr, { op: 'bin' }>['fn'], left: Expr, right: Expr, type: Type, span?: Span): Expr => ({ op: 'bin', fn, left, right, type, ...(span ? { span } : {}) });

// Evaluate a constant scalar expression (ints / bools / enum literals), or null.
export function evalConst(e: Expr): number | null {
  switch (e.op) {
    case 'lit': return e.value;
    case 'un': {
      if (e.fn === 'card') {
        const xs = constElems(e.arg);
        return xs ? xs.length : null;
      }
      const a = evalConst(e.arg);
      if (a === null) return null;
      if (e.fn === 'neg') return -a;
      if (e.fn === 'not') return a ? 0 : 1;
      return null;
    }
    case 'bin': {
      const l = evalConst(e.left);
      const r = evalConst(e.right);
      if (l === null || r === null) return null;
      switch (e.fn) {
        case 'add': return l + r;
        case 'sub': return l - r;
        case 'mul': return l * r;
        case 'div': return r === 0 ? null : Math.trunc(l / r);
        case 'mod': return r === 0 ? null : ((l % r) + r) % r;
        case 'eq': return l === r ? 1 : 0;
        case 'ne': return l !== r ? 1 : 0;
        case 'lt': return l < r ? 1 : 0;
        case 'le': return l <= r ? 1 : 0;
        case 'gt': return l > r ? 1 : 0;
        case 'ge': return l >= r ? 1 : 0;
        case 'and': return l && r ? 1 : 0;
        case 'or': return l || r ? 1 : 0;
        case 'implies': return !l || r ? 1 : 0;
        case 'iff': return !!l === !!r ? 1 : 0;
        default: return null;
      }
    }
    case 'if': {
      const c = evalConst(e.cond);
      if (c === null) return null;
      return evalConst(c ? e.then : e.else);
    }
    default: return null;
  }
}

// The elements of a constant finite set expression, or null.
function constElems(e: Expr): number[] | null {
  if (e.op === 'all') return scalarValues(e.of);
  if (e.op === 'bin' && e.fn === 'range') {
    const lo = evalConst(e.left);
    const hi = evalConst(e.right);
    if (lo === null || hi === null) return null;
    return scalarValues(tInt(lo, hi)) ?? null;
  }
  if (e.op === 'setLit') {
    const out: number[] = [];
    for (const x of e.elems) {
      const v = evalConst(x);
      if (v === null) return null;
      if (!out.includes(v)) out.push(v);
    }
    return out.sort((a, b) => a - b);
  }
  return null;
}

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

const exprText = printExpr;
const numText = (n: number): string => (Number.isFinite(n) ? (Number.isSafeInteger(n) ? n.toLocaleString('en-US') : n.toExponential(3)) : 'infinitely many');

function lvText(lv: ALValue): string {
  return lv.name + lv.path.map((p) => (p.k === 'field' ? `.${p.name}` : `[${exprText(p.key)}]`)).join('');
}

function hasTemporal(a: AExpr): boolean {
  if (a.k === 'un') return a.op === 'always' || a.op === 'eventually' || hasTemporal(a.arg);
  if (a.k === 'bin') return a.op === 'leadsto' || hasTemporal(a.left) || hasTemporal(a.right);
  return false;
}

const BIN_SYMBOL: Record<string, string> = {
  add: '+', sub: '-', mul: '*', div: '/', mod: '%', eq: '==', ne: '!=', lt: '<', le: '<=', gt: '>', ge: '>=',
  and: '&&', or: '||', implies: '=>', iff: '<=>', in: 'in', notin: 'notin', union: 'union', inter: 'inter',
  diff: 'minus', subseteq: 'subseteq', concat: '++', range: '..', leadsto: '~>',
};

export class Checker {
  readonly diags: Diagnostic[] = [];
  private readonly seen = new Set<string>();
  private readonly globals = new Map<string, Sym>();
  private readonly vars: VarDecl[] = [];
  private readonly constants: ConstDecl[] = [];
  private readonly procs = new Map<string, ProcInfo>();
  private readonly actionSigs = new Map<string, { params: readonly Param[] }>();
  private readonly memberUses: { set: string; name: string; span: Span }[] = [];
  private readonly chooseUses: { set: string; span: Span }[] = [];
  private readonly usedDefs = new Set<string>();

  constructor(private readonly ast: ASpec, private readonly consts: Record<string, string>) {}

  err(span: Span | undefined, message: string): null {
    const s = span ?? { file: this.ast.file, line: 1, col: 1, endLine: 1, endCol: 1 };
    const key = `${s.file}:${s.line}:${s.col}:${s.endLine}:${s.endCol}:${message}`;
    if (!this.seen.has(key)) {
      this.seen.add(key);
      this.diags.push(diagAt(s, message));
    }
    return null;
  }

  warn(span: Span, message: string): void {
    const key = `W:${span.file}:${span.line}:${span.col}:${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.diags.push(diagAt(span, message, 'warning'));
  }

  // ------------------------------------------------------------ driver
  run(): Spec | null {
    const decls = this.ast.decls;
    const declared = new Map<string, Span>();
    const declare = (name: string, span: Span, sym: Sym): void => {
      const prev = declared.get(name);
      if (prev) {
        this.err(span, `'${name}' is already declared at line ${prev.line}`);
        return;
      }
      declared.set(name, span);
      this.globals.set(name, sym);
    };
    if (!this.globals.has('BOOLEAN')) this.globals.set('BOOLEAN', { k: 'bool-type' });
    // pass 1: names
    let varIndex = 0;
    for (const d of decls) {
      switch (d.k) {
        case 'const': declare(d.name, d.nameSpan, { k: 'pendingConst' }); break;
        case 'enum': {
          const seenM = new Set<string>();
          for (const m of d.members) {
            if (seenM.has(m.name)) this.err(m.span, `'${m.name}' appears twice in enum ${d.name}`);
            seenM.add(m.name);
          }
          const type: EnumT = { kind: 'enum', name: d.name, members: [...seenM] };
          declare(d.name, d.nameSpan, { k: 'enum', type });
          type.members.forEach((m, i) => declare(m, d.members.find((x) => x.name === m)!.span, { k: 'member', type, index: i }));
          if (d.members.length === 0) this.err(d.nameSpan, `enum ${d.name} has no members`);
          break;
        }
        case 'type': declare(d.name, d.nameSpan, { k: 'alias', decl: d }); break;
        case 'def': declare(d.name, d.nameSpan, { k: 'def', decl: d }); break;
        case 'var': for (const n of d.names) declare(n.name, n.span, { k: 'var', index: varIndex++, type: null }); break;
        case 'process': declare(d.name, d.nameSpan, { k: 'process', info: null }); break;
        default: break;
      }
    }
    for (const name of Object.keys(this.consts)) {
      if (!decls.some((d) => d.k === 'const' && d.name === name)) {
        this.diags.push(commandLineDiag(`--const ${name}: the spec declares no constant '${name}'${didYouMean(name, decls.filter((d) => d.k === 'const').map((d) => (d as DeclOf<'const'>).name))}`));
      }
    }
    // pass 2: constants, in order
    for (const d of decls) if (d.k === 'const') this.constDecl(d);
    // pass 3: variables
    let slots = 0;
    for (const d of decls) {
      if (d.k !== 'var') continue;
      const t = this.resolveType(d.type);
      for (const n of d.names) {
        // pass 1 numbered every variable name in this order (duplicates too)
        const sym = this.globals.get(n.name);
        if (t && sym?.k === 'var' && sym.index === this.vars.length) sym.type = t;
        this.vars.push({ name: n.name, type: t ?? INT, span: n.span });
        if (t) {
          const k = slotsOf(t);
          slots += k;
          if (k > MAX_STATE_SLOTS) this.err(n.span, `variable ${n.name} of type ${typeName(t)} takes ${numText(k)} integers of every state, more than the limit of ${MAX_STATE_SLOTS}: make its domains smaller`);
          else if (slots > MAX_STATE_SLOTS && slots - k <= MAX_STATE_SLOTS) this.err(n.span, `with variable ${n.name} a state takes more than ${MAX_STATE_SLOTS} integers: make the domains smaller`);
        }
      }
    }
    // pass 4: processes (pc variables)
    for (const d of decls) if (d.k === 'process') this.declareProcess(d);
    // action signatures (for fairness)
    const actionNames = new Map<string, Span>();
    for (const d of decls) {
      if (d.k !== 'action') continue;
      const prev = actionNames.get(d.name);
      if (prev) this.err(d.nameSpan, `action '${d.name}' is already declared at line ${prev.line}`);
      else if (this.procs.has(d.name)) this.err(d.nameSpan, `'${d.name}' is already the name of a process`);
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
    const fairnessDecls: DeclOf<'fairness'>[] = [];
    const symmetric: string[] = [];
    const propNames = new Map<string, Span>();
    const checkPropName = (name: string, span: Span): void => {
      const prev = propNames.get(name);
      if (prev) this.err(span, `'${name}' is already declared at line ${prev.line}`);
      propNames.set(name, span);
    };
    for (const d of decls) {
      switch (d.k) {
        case 'def':
          if (d.params.length === 0) this.expr(d.body, this.newEnv());
          else {
            const ps = new Set<string>();
            for (const p of d.params) {
              if (ps.has(p.name)) this.err(p.span, `parameter '${p.name}' appears twice`);
              ps.add(p.name);
            }
          }
          break;
        case 'init': {
          if (sawInit) this.err(d.nameSpan, 'a spec has at most one init block');
          sawInit = true;
          const env = this.newEnv();
          init = this.block(d.body, env);
          initFrameSize = env.frame.n;
          break;
        }
        case 'action': {
          const r = this.action(d);
          if (r) {
            actions.push(r);
            this.actionSigs.set(d.name, r);
          }
          break;
        }
        case 'process': {
          const info = this.procs.get(d.name);
          if (!info || !info.ok) break;
          d.steps.forEach((st, i) => {
            const env: Env = { ...this.paramEnv(info.params), proc: info };
            const next = i + 1 < info.labels.length ? i + 1 : info.labels.length; // 'done' is last
            // The pc changes at the end of the step: a goto (always last on
            // its path) sets it where it stands, every other path ends with
            // the fall-through, so the step's own pc test reads this label.
            const fall: Stmt = { op: 'assign', target: this.pcLValue(info), value: lit(next, info.pcType), span: st.labelSpan };
            const body = withFallThrough(this.block(st.body, env, true), fall, info.pcVar);
            actions.push({
              name: `${info.name}.${st.label}`, params: info.params, guard: binE('eq', this.pcRead(info), lit(i, info.pcType), BOOL, st.labelSpan),
              body, frameSize: env.frame.n, span: st.span, ...(st.doc !== undefined ? { doc: st.doc } : {}), process: { name: info.name, label: st.label },
            });
          });
          for (const st of d.steps) this.actionSigs.set(`${info.name}.${st.label}`, { params: info.params });
          processes.push({ name: info.name, params: info.params, pcVar: info.pcVar, labels: info.labels, span: d.span, ...(d.doc !== undefined ? { doc: d.doc } : {}) });
          this.actionSigs.set(info.name, { params: info.params });
          break;
        }
        case 'invariant': {
          checkPropName(d.name, d.nameSpan);
          const env = this.newEnv();
          const e = this.boolExpr(d.expr, env, 'an invariant');
          if (e) invariants.push({ name: d.name, expr: e, frameSize: env.frame.n, span: d.span });
          break;
        }
        case 'constraint': {
          const name = d.name ?? `Constraint${constraints.length + 1}`;
          checkPropName(name, d.nameSpan);
          const env = this.newEnv();
          const e = this.boolExpr(d.expr, env, 'a constraint');
          if (e) constraints.push({ name, expr: e, frameSize: env.frame.n, span: d.span });
          break;
        }
        case 'property': {
          checkPropName(d.name, d.nameSpan);
          const env = this.newEnv();
          const f = this.temporal(d.expr, env);
          if (f) properties.push({ name: d.name, formula: f, frameSize: env.frame.n, span: d.span });
          break;
        }
        case 'fairness': fairnessDecls.push(d); break;
        case 'symmetric':
          for (const n of d.names) if (this.symmetricName(n.name, n.span)) symmetric.push(n.name);
          break;
        default: break;
      }
    }
    for (const c of this.constants) if (c.symmetric && !symmetric.includes(c.name)) symmetric.push(c.name);
    const constants = this.constants.map((c) => (symmetric.includes(c.name) && !c.symmetric ? { ...c, symmetric: true } : c));
    const fairness: Fairness[] = [];
    for (const d of fairnessDecls) fairness.push(...this.fairness(d));
    for (const d of decls) if (d.k === 'def' && d.params.length > 0 && !this.usedDefs.has(d.name)) this.scanNames(d.body, new Set(d.params.map((p) => p.name)));
    // Symmetry is only sound when the spec treats every member alike.
    for (const u of this.memberUses) {
      if (symmetric.includes(u.set)) {
        this.err(u.span, `model value '${u.name}' of the symmetric set ${u.set} is named explicitly, so the members of ${u.set} are not interchangeable; drop 'symmetric' or do not name members`);
      }
    }
    for (const u of this.chooseUses) {
      if (symmetric.includes(u.set)) {
        this.err(u.span, `choose over the symmetric set ${u.set} picks one member deterministically, so the members are not interchangeable; use 'with' (nondeterministic choice) or drop 'symmetric'`);
      }
    }
    if (this.diags.some((d) => d.severity === 'error')) return null;
    return {
      name: this.ast.name, file: this.ast.file, constants, vars: this.vars, init, initFrameSize, actions, processes,
      invariants, properties, fairness, constraints, symmetric,
    };
  }

  // Name resolution only, for operators with parameters that are never used
  // (their types are only known at a call site).
  private scanNames(a: unknown, scope: ReadonlySet<string>): void {
    if (Array.isArray(a)) {
      for (const x of a) this.scanNames(x, scope);
      return;
    }
    if (!a || typeof a !== 'object') return;
    const n = a as AExpr;
    const withNames = (names: string[]): Set<string> => new Set([...scope, ...names]);
    switch (n.k) {
      case 'name':
        if (!scope.has(n.name) && !this.globals.has(n.name)) this.err(n.span, `unknown name '${n.name}'${didYouMean(n.name, [...scope, ...this.globals.keys()])}`);
        return;
      case 'call':
        if (!this.globals.has(n.name) && !BUILTINS.has(n.name)) this.err(n.nameSpan, `unknown operator '${n.name}'${didYouMean(n.name, [...BUILTINS, ...[...this.globals].filter(([, s]) => s.k === 'def').map(([x]) => x)])}`);
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

  private newEnv(): Env {
    return { locals: new Map(), frame: { n: 0 }, defStack: [] };
  }

  private paramEnv(params: readonly Param[]): Env {
    const locals = new Map<string, Local>();
    for (const p of params) locals.set(p.name, { slot: p.slot, type: p.domain });
    return { locals, frame: { n: params.length }, defStack: [] };
  }

  private bind(env: Env, name: string, type: Type, constValue?: number): [Env, number] {
    const slot = env.frame.n++;
    const locals = new Map(env.locals);
    locals.set(name, { slot, type, ...(constValue !== undefined ? { constValue } : {}) });
    return [{ ...env, locals }, slot];
  }

  // ------------------------------------------------------------ constants
  private constDecl(d: DeclOf<'const'>): void {
    const raw = this.consts[d.name];
    if (d.value.k === 'modelValues') {
      let names = d.value.names.map((n) => n.name);
      const dup = d.value.names.find((n, i) => names.indexOf(n.name) !== i);
      if (dup) this.err(dup.span, `'${dup.name}' appears twice in ${d.name}`);
      if (raw !== undefined) {
        const o = this.parseModelValues(d.name, raw, names);
        if (o) names = o;
      }
      const type: EnumT = { kind: 'enum', name: d.name, members: [...new Set(names)] };
      if (names.length === 0) this.err(d.nameSpan, `${d.name} must have at least one model value`);
      this.globals.set(d.name, { k: 'modelSet', type });
      type.members.forEach((m, i) => {
        const prev = this.globals.get(m);
        if (prev && !(prev.k === 'member' && prev.type.name === d.name)) {
          const sp = d.value.k === 'modelValues' ? d.value.names.find((n) => n.name === m)?.span : undefined;
          this.err(sp ?? d.nameSpan, `model value '${m}' clashes with another declaration of '${m}'`);
        } else this.globals.set(m, { k: 'member', type, index: i });
      });
      this.constants.push({ name: d.name, type, value: type.members, symmetric: d.symmetric, span: d.span });
      return;
    }
    const e = this.expr(d.value.expr, { ...this.newEnv(), constOnly: true });
    if (!e) {
      this.globals.set(d.name, { k: 'poison' });
      return;
    }
    if (e.type.kind !== 'int' && e.type.kind !== 'bool' && e.type.kind !== 'enum') {
      this.globals.set(d.name, { k: 'poison' });
      this.err(d.value.expr.span, `the value of const ${d.name} must be an integer, a boolean, an enum member or a set of model values like {p1, p2}, not ${typeName(e.type)}`);
      return;
    }
    let v = evalConst(e);
    if (v === null) {
      this.globals.set(d.name, { k: 'poison' });
      this.err(d.value.expr.span, `the value of const ${d.name} is not a constant expression`);
      return;
    }
    if (e.type.kind === 'enum') {
      // const FAULT_AT = a: typed by a's enum (or set of model values)
      const type = e.type;
      if (raw !== undefined) {
        const o = this.enumConstValue(d.name, raw, type);
        if (o !== null) v = o;
      }
      if (d.symmetric) this.err(d.nameSpan, `only a set of model values can be symmetric, and ${d.name} is a member of ${type.name}`);
      this.globals.set(d.name, { k: 'enumConst', type, value: v });
      this.constants.push({ name: d.name, type, value: v, symmetric: false, span: d.span });
      return;
    }
    if (raw !== undefined) {
      const s = raw.trim();
      if (e.type.kind === 'bool') {
        if (/^(true|TRUE|1)$/.test(s)) v = 1;
        else if (/^(false|FALSE|0)$/.test(s)) v = 0;
        else this.diags.push(commandLineDiag(`--const ${d.name}=${raw}: ${d.name} is a boolean, so its value must be true or false`));
      } else if (/^-?\d+$/.test(s)) v = Number(s);
      else this.diags.push(commandLineDiag(`--const ${d.name}=${raw}: ${d.name} is an integer, so its value must be a whole number`));
    }
    if (e.type.kind === 'int' && !inInt32(v)) {
      this.globals.set(d.name, { k: 'poison' });
      if (raw !== undefined && /^-?\d+$/.test(raw.trim())) this.diags.push(commandLineDiag(`--const ${d.name}=${raw}: too large: integers must lie in ${INT_MIN}..${INT_MAX}`));
      else this.err(d.value.expr.span, `the value of const ${d.name} (${numText(v)}) is too large: integers must lie in ${INT_MIN}..${INT_MAX}`);
      return;
    }
    if (d.symmetric) this.err(d.nameSpan, `only a set of model values can be symmetric, and ${d.name} is ${e.type.kind === 'bool' ? 'a boolean' : 'an integer'}`);
    if (e.type.kind === 'bool') {
      this.globals.set(d.name, { k: 'bool', value: v ? 1 : 0 });
      this.constants.push({ name: d.name, type: BOOL, value: v ? 1 : 0, symmetric: false, span: d.span });
    } else {
      this.globals.set(d.name, { k: 'int', value: v });
      this.constants.push({ name: d.name, type: tInt(v, v), value: v, symmetric: false, span: d.span });
    }
  }

  // --const X=b for a constant of enum type: a member of the same enum.
  private enumConstValue(name: string, raw: string, type: EnumT): number | null {
    const s = raw.trim();
    const i = type.members.indexOf(s);
    if (i >= 0) return i;
    const what = this.globals.get(type.name)?.k === 'modelSet' ? `the set of model values ${type.name}` : `enum ${type.name}`;
    const other = this.globals.get(s);
    if (other?.k === 'member') {
      const ow = this.globals.get(other.type.name)?.k === 'modelSet' ? `the set of model values ${other.type.name}` : `enum ${other.type.name}`;
      this.diags.push(commandLineDiag(`--const ${name}=${raw}: '${s}' is a member of ${ow}, but ${name} is a member of ${what} (${type.members.join(', ')})`));
    } else {
      const hint = /^[A-Za-z_][A-Za-z0-9_]*$/.test(s) ? didYouMean(s, type.members) : '';
      this.diags.push(commandLineDiag(`--const ${name}=${raw}: ${name} is a member of ${what}, so its value must be one of ${type.members.join(', ')}${hint}`));
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
        this.diags.push(commandLineDiag(`--const ${name}=${raw}: expected a non-empty set of model values like {p1, p2}`));
        return null;
      }
      return names;
    }
    if (/^\d+$/.test(s)) {
      const n = Number(s);
      if (n < 1) {
        this.diags.push(commandLineDiag(`--const ${name}=${raw}: ${name} needs at least one model value`));
        return null;
      }
      const pm = declared.length ? /^(.*?)\d+$/.exec(declared[0]) : null;
      const prefix = pm && pm[1] ? pm[1] : name.toLowerCase();
      return Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);
    }
    this.diags.push(commandLineDiag(`--const ${name}=${raw}: ${name} is a set of model values, so its value must look like {p1, p2, p3} or be a count such as 3`));
    return null;
  }

  private symmetricName(name: string, span: Span): boolean {
    const s = this.globals.get(name);
    if (s?.k === 'modelSet') return true;
    if (!s) this.err(span, `unknown name '${name}'${didYouMean(name, this.globals.keys())}`);
    else if (s.k !== 'poison') this.err(span, `only a set of model values (const ${name} = {a, b}) can be symmetric`);
    return false;
  }

  // ------------------------------------------------------------ types
  private constInt(a: AExpr, what: string): number | null {
    const e = this.expr(a, { ...this.newEnv(), constOnly: true });
    if (!e) return null;
    if (!isIntLike(e.type)) return this.err(a.span, `${what} must be an integer, not ${typeName(e.type)}`);
    const v = evalConst(e);
    if (v === null) return this.err(a.span, `${what} must be a constant`);
    if (!inInt32(v)) return this.err(a.span, `${what} (${numText(v)}) is too large: integers must lie in ${INT_MIN}..${INT_MAX}`);
    return v;
  }

  resolveType(a: AType): Type | null {
    switch (a.k) {
      case 'bool': return BOOL;
      case 'range': {
        const lo = this.constInt(a.lo, 'the lower bound of a range type');
        const hi = this.constInt(a.hi, 'the upper bound of a range type');
        if (lo === null || hi === null) return null;
        if (lo > hi) return this.err(a.span, `the range ${lo}..${hi} is empty`);
        if (hi - lo > INT_MAX) return this.err(a.span, `the range ${lo}..${hi} is too wide: at most ${INT_MAX + 1} values`);
        return tInt(lo, hi);
      }
      case 'name': {
        const s = this.globals.get(a.name);
        if (!s) {
          if (/^(int|Int|Nat|nat|integer|Integer|number)$/.test(a.name)) return this.err(a.span, `'${a.name}' is not finite: every type must be finite, use a range such as 0..3`);
          if (/^(string|STRING|String)$/.test(a.name)) return this.err(a.span, 'there are no strings: declare an enum such as enum Msg { Prepared, Commit }');
          if (/^(mutex|spinlock|lock|Mutex|semaphore)$/.test(a.name)) return this.err(a.span, `unknown type '${a.name}': there is no ${a.name} type; use rwsem (down_write/up_write for an exclusive lock) or bool`);
          return this.err(a.span, `unknown type '${a.name}'${didYouMean(a.name, this.globals.keys())}`);
        }
        switch (s.k) {
          case 'bool-type': return BOOL;
          case 'enum': case 'modelSet': return s.type;
          case 'alias': {
            if (s.resolved !== undefined) return s.resolved;
            if (s.resolving) return this.err(a.span, `type '${a.name}' is defined in terms of itself`);
            s.resolving = true;
            s.resolved = this.resolveType(s.decl.type);
            s.resolving = false;
            return s.resolved;
          }
          case 'def': {
            if (s.decl.params.length === 0) {
              const e = this.expr(s.decl.body, { ...this.newEnv(), constOnly: true });
              if (e && e.op === 'all') return e.of;
              if (e && e.op === 'bin' && e.fn === 'range') {
                const lo = evalConst(e.left);
                const hi = evalConst(e.right);
                if (lo !== null && hi !== null && lo <= hi) return tInt(lo, hi);
              }
            }
            return this.err(a.span, `'${a.name}' is an operator, not a type; declare it with 'type ${a.name} = ...'`);
          }
          case 'pendingConst': return this.err(a.span, `const '${a.name}' is used before its declaration`);
          case 'poison': return null;
          case 'int': return this.err(a.span, `'${a.name}' is an integer constant, not a type; write a range such as 1..${a.name}`);
          case 'enumConst': return this.err(a.span, `'${a.name}' is a constant member of ${s.type.name}, not a type`);
          default: return this.err(a.span, `'${a.name}' is not a type`);
        }
      }
      case 'set': {
        const e = this.resolveType(a.elem);
        return e ? tSet(e) : null;
      }
      case 'queue': {
        const e = this.resolveType(a.elem);
        const cap = this.constInt(a.cap, 'the capacity of a queue');
        if (cap !== null && cap < 1) return this.err(a.cap.span, `the capacity of a queue must be at least 1, not ${cap}`);
        if (cap !== null && cap > MAX_ENUMERATED) return this.err(a.cap.span, `the capacity of a queue must be at most ${MAX_ENUMERATED}, not ${cap}`);
        return e && cap !== null ? tSeq(e, cap) : null;
      }
      case 'rwsem': {
        if (!a.max) return { kind: 'rwsem', maxReaders: 4 };
        const n = this.constInt(a.max, 'the reader limit of an rwsem');
        if (n !== null && n < 1) return this.err(a.max.span, `an rwsem must allow at least 1 reader, not ${n}`);
        if (n !== null && n >= INT_MAX) return this.err(a.max.span, `an rwsem allows at most ${INT_MAX - 1} readers, not ${n}`);
        return n !== null ? { kind: 'rwsem', maxReaders: n } : null;
      }
      case 'atomic': {
        const t = this.resolveType(a.inner);
        if (t && t.kind !== 'int') return this.err(a.inner.span, `an atomic counter holds an integer range such as 0..3, not ${typeName(t)}`);
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
          if (fields.some((g) => g.name === f.name)) this.err(f.span, `field '${f.name}' appears twice`);
          const t = this.resolveType(f.type);
          if (!t) ok = false;
          else fields.push({ name: f.name, type: t });
        }
        return ok ? { kind: 'record', fields: fields.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0)) } : null;
      }
      case 'tuple': {
        const elems = a.elems.map((t) => this.resolveType(t));
        return elems.every((t) => t) ? { kind: 'tuple', elems: elems as Type[] } : null;
      }
    }
  }

  private params(ps: readonly AParam[]): Param[] | null {
    const out: Param[] = [];
    let ok = true;
    ps.forEach((p, i) => {
      if (ps.findIndex((q) => q.name === p.name) !== i) this.err(p.span, `parameter '${p.name}' appears twice`);
      const t = this.resolveType(p.type);
      if (!t) ok = false;
      else if (t.kind !== 'bool' && t.kind !== 'enum' && t.kind !== 'int') {
        ok = false;
        this.err(p.type.span, `a parameter ranges over a finite set of scalars (a range, an enum, a set of model values or bool), not ${typeName(t)}`);
      } else if (cardinalityOf(t) > MAX_ENUMERATED) {
        ok = false;
        this.err(p.type.span, `parameter '${p.name}' ranges over ${numText(cardinalityOf(t))} values, too many to enumerate (at most ${MAX_ENUMERATED})`);
      }
      out.push({ name: p.name, slot: i, domain: t ?? INT });
    });
    return ok ? out : null;
  }

  // ------------------------------------------------------------ processes
  private declareProcess(d: DeclOf<'process'>): void {
    const params = this.params(d.params);
    const labels: string[] = [];
    for (const st of d.steps) {
      if (st.label === 'done') this.err(st.labelSpan, `'done' is reserved: ${d.name}.done means the process has finished its last step`);
      else if (labels.includes(st.label)) this.err(st.labelSpan, `label '${st.label}' is used twice in process ${d.name}`);
      labels.push(st.label);
    }
    if (d.steps.length === 0) this.err(d.nameSpan, `process ${d.name} has no steps`);
    const pcType: EnumT = { kind: 'enum', name: `${d.name}.pc`, members: [...labels, 'done'] };
    let varType: Type = pcType;
    if (params && params.length === 1) varType = { kind: 'map', key: params[0].domain, value: pcType };
    else if (params && params.length > 1) varType = { kind: 'map', key: { kind: 'tuple', elems: params.map((p) => p.domain) }, value: pcType };
    const pcVar = this.vars.length;
    this.vars.push({ name: `${d.name}.pc`, type: varType, span: d.nameSpan, process: d.name });
    const info: ProcInfo = { name: d.name, decl: d, params: params ?? [], labels, pcVar, pcType, ok: params !== null };
    this.procs.set(d.name, info);
    const s = this.globals.get(d.name);
    if (s?.k === 'process') s.info = info;
  }

  private pcKey(info: ProcInfo, args: Expr[]): Expr {
    if (args.length === 1) return args[0];
    return { op: 'tupleLit', elems: args, type: { kind: 'tuple', elems: info.params.map((p) => p.domain) } };
  }

  private pcLValue(info: ProcInfo): LValue {
    const path: PathStep[] = info.params.length === 0 ? [] : [{ kind: 'index', key: this.pcKey(info, info.params.map((p) => ({ op: 'local', slot: p.slot, name: p.name, type: p.domain }) as Expr)) }];
    return { var: info.pcVar, name: `${info.name}.pc`, path, type: info.pcType };
  }

  private pcRead(info: ProcInfo, args?: Expr[]): Expr {
    const v: Expr = { op: 'var', index: info.pcVar, name: `${info.name}.pc`, type: this.vars[info.pcVar].type };
    if (info.params.length === 0) return v;
    const a = args ?? info.params.map((p) => ({ op: 'local', slot: p.slot, name: p.name, type: p.domain }) as Expr);
    return { op: 'apply', target: v, arg: this.pcKey(info, a), type: info.pcType };
  }

  // ------------------------------------------------------------ actions
  private action(d: DeclOf<'action'>): Action | null {
    const params = this.params(d.params);
    if (!params) return null;
    const env = this.paramEnv(params);
    const guard = d.when ? this.boolExpr(d.when, env, 'a when clause') : null;
    const body = this.block(d.body, env);
    return {
      name: d.name, params, guard, body, frameSize: env.frame.n, span: d.span, ...(d.doc !== undefined ? { doc: d.doc } : {}),
    };
  }

  // ------------------------------------------------------------ fairness
  private fairness(d: DeclOf<'fairness'>): Fairness[] {
    const sig = this.actionSigs.get(d.target);
    if (!sig) {
      const known = [...this.actionSigs.keys(), ...this.procs.keys()];
      if (this.procs.has(d.target.split('.')[0]) || this.ast.decls.some((x) => x.k === 'action' && x.name === d.target)) {
        if (d.target.includes('.') && this.procs.get(d.target.split('.')[0])?.ok) {
          const [p, l] = d.target.split('.');
          this.err(d.nameSpan, `process ${p} has no label '${l}'${didYouMean(l, this.procs.get(p)!.labels)}`);
        }
        return []; // otherwise already reported
      }
      this.err(d.nameSpan, `fairness names '${d.target}', which is neither an action nor a process${didYouMean(d.target, known)}`);
      return [];
    }
    if (d.args === null) {
      if (d.binders.length) this.err(d.span, `a fairness condition under 'forall' must name the instance, e.g. weak(${d.target}(...))`);
      return [{ kind: d.kind, action: d.target, args: null, span: d.span }];
    }
    if (d.args.length !== sig.params.length) {
      this.err(d.nameSpan, `'${d.target}' takes ${sig.params.length} argument${sig.params.length === 1 ? '' : 's'}, but fairness gives ${d.args.length}`);
      return [];
    }
    // expand forall binders over constant domains
    let envs: Env[] = [this.newEnv()];
    for (const b of d.binders) {
      const next: Env[] = [];
      for (const env of envs) {
        const dom = this.expr(b.domain, { ...env, constOnly: true });
        if (!dom) return [];
        if (dom.type.kind !== 'set') {
          this.err(b.domain.span, `'${b.name}' must range over a set, not ${typeName(dom.type)}`);
          return [];
        }
        const vals = constElems(dom);
        if (!vals) {
          this.err(b.domain.span, `the domain of '${b.name}' must be a constant finite set`);
          return [];
        }
        for (const v of vals) next.push(this.bind(env, b.name, dom.type.elem, v)[0]);
      }
      envs = next;
    }
    const out: Fairness[] = [];
    for (const env of envs) {
      const args: Expr[] = [];
      for (let i = 0; i < d.args.length; i++) {
        const a = this.expr(d.args[i], { ...env, constOnly: true });
        if (!a) return [];
        const p = sig.params[i];
        if (!unify(p.domain, a.type)) {
          this.err(d.args[i].span, `argument ${p.name} of '${d.target}' is ${typeName(p.domain)}, not ${typeName(a.type)}`);
          return [];
        }
        const v = evalConst(a);
        if (v === null) {
          this.err(d.args[i].span, 'a fairness argument must be a constant');
          return [];
        }
        if (p.domain.kind === 'int' && (v < p.domain.lo || v > p.domain.hi)) {
          this.err(d.args[i].span, `${v} is outside the domain ${typeName(p.domain)} of parameter ${p.name}`);
          return [];
        }
        args.push(lit(v, p.domain, d.args[i].span));
      }
      out.push({ kind: d.kind, action: d.target, args, span: d.span });
    }
    return out;
  }

  // ------------------------------------------------------------ temporal
  private temporal(a: AExpr, env: Env): Temporal | null {
    if (!hasTemporal(a)) {
      const e = this.boolExpr(a, env, 'a property');
      return e ? { op: 'state', expr: e } : null;
    }
    if (a.k === 'un') {
      const arg = this.temporal(a.arg, env);
      if (!arg) return null;
      if (a.op === 'always') return { op: 'always', arg };
      if (a.op === 'eventually') return { op: 'eventually', arg };
      if (a.op === 'not') return { op: 'not', arg };
    }
    if (a.k === 'bin' && (a.op === 'leadsto' || a.op === 'and' || a.op === 'or' || a.op === 'implies')) {
      const l = this.temporal(a.left, env);
      const r = this.temporal(a.right, env);
      if (!l || !r) return null;
      if (a.op === 'leadsto') return { op: 'leadsto', left: l, right: r };
      return { op: a.op, left: l, right: r };
    }
    return this.err(a.span, 'a temporal formula ([]P, <>P, P ~> Q) can only be combined with !, &&, || and =>');
  }

  // ------------------------------------------------------------ statements
  block(stmts: readonly AStmt[], env0: Env, inStep = false): Stmt[] {
    let env = env0;
    const out: Stmt[] = [];
    let gotoSeen = false;
    // a goto ends its step: nothing may follow a statement with a goto on one of its paths
    let jumpedAt: AStmt | null = null;
    for (const s of stmts) {
      if (gotoSeen) {
        this.err(s.span, 'this statement can never run: it follows a goto in the same block');
        gotoSeen = false;
      } else if (jumpedAt) {
        this.err(s.span, `a goto ends its step, so nothing may follow a statement that can goto (line ${jumpedAt.span.line}): move this statement into the branches that do not jump (an else branch)`);
        jumpedAt = null;
      }
      if (s.k === 'goto') gotoSeen = true;
      else if (env0.proc) jumpedAt = findGoto(s);
      if (s.k === 'let') {
        const v = this.expr(s.value, env);
        if (!v) continue;
        const [env2, slot] = this.bind(env, s.name, v.type);
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
        const c = this.boolExpr(s.cond, env, 'await');
        return c ? [{ op: 'await', cond: c, span: s.span }] : [];
      }
      case 'assert': {
        const c = this.boolExpr(s.cond, env, 'assert');
        return c ? [{ op: 'assert', cond: c, message: s.message ?? `assertion failed: ${exprText(s.cond)}`, span: s.span }] : [];
      }
      case 'if': {
        const c = this.boolExpr(s.cond, env, 'if');
        const then = this.block(s.then, env, inStep);
        const els = s.else ? this.block(s.else, env, inStep) : [];
        return c ? [{ op: 'if', cond: c, then, else: els, span: s.span }] : [];
      }
      case 'either': {
        const branches = s.branches.map((b) => this.block(b, env, inStep));
        return [{ op: 'either', branches, span: s.span }];
      }
      case 'with': return this.withStmt(s.binders, 0, s.body, env, inStep, s.span);
      case 'goto': {
        if (!env.proc) {
          this.err(s.span, 'goto can only be used inside a process step');
          return [];
        }
        const idx = s.label === 'done' ? env.proc.labels.length : env.proc.labels.indexOf(s.label);
        if (idx < 0) {
          this.err(s.labelSpan, `process ${env.proc.name} has no label '${s.label}'${didYouMean(s.label, env.proc.labels)}`);
          return [];
        }
        return [{ op: 'assign', target: this.pcLValue(env.proc), value: lit(idx, env.proc.pcType, s.labelSpan), span: s.span }];
      }
      case 'call': return this.primitive(s, env);
      case 'assign': return this.assign(s, env);
    }
  }

  private withStmt(binders: readonly ABinder[], i: number, body: readonly AStmt[], env: Env, inStep: boolean, span: Span): Stmt[] {
    if (i >= binders.length) return this.block(body, env, inStep);
    const b = binders[i];
    const dom = this.setExpr(b.domain, env, `'with ${b.name} in ...'`);
    if (!dom) return [];
    const [env2, slot] = this.bind(env, b.name, (dom.type as { elem: Type }).elem);
    return [{ op: 'with', slot, name: b.name, domain: dom, body: this.withStmt(binders, i + 1, body, env2, inStep, span), span }];
  }

  private lvalue(lv: ALValue, env: Env): { lv: LValue; read: Expr } | null {
    if (env.locals.has(lv.name)) return this.err(lv.nameSpan, `cannot assign to '${lv.name}': it is a bound name (parameter, with, let), not a state variable`);
    const s = this.globals.get(lv.name);
    if (!s) return this.err(lv.nameSpan, `unknown name '${lv.name}'${didYouMean(lv.name, this.candidates(env))}`);
    if (s.k !== 'var') {
      if (s.k === 'poison') return null;
      if (s.k === 'int' || s.k === 'bool' || s.k === 'enumConst' || s.k === 'modelSet' || s.k === 'pendingConst') return this.err(lv.nameSpan, `cannot assign to constant '${lv.name}'`);
      return this.err(lv.nameSpan, `cannot assign to '${lv.name}': it is not a state variable`);
    }
    if (!s.type) return null;
    let type: Type = s.type;
    let read: Expr = { op: 'var', index: s.index, name: lv.name, type, span: lv.nameSpan };
    const path: PathStep[] = [];
    for (const p of lv.path) {
      if (p.k === 'field') {
        if (type.kind !== 'record') return this.err(p.span, `${typeName(type)} has no fields, so '.${p.name}' cannot be assigned`);
        const f = type.fields.find((x) => x.name === p.name);
        if (!f) return this.err(p.span, `${typeName(type)} has no field '${p.name}'${didYouMean(p.name, type.fields.map((x) => x.name))}`);
        path.push({ kind: 'field', name: p.name });
        read = { op: 'field', target: read, name: p.name, type: f.type, span: cspan(lv.nameSpan, p.span) };
        type = f.type;
      } else {
        const k = this.expr(p.key, env);
        if (!k) return null;
        const r = this.applyType(type, k, p.key.span, lvText({ ...lv, path: [] }));
        if (!r) return null;
        path.push({ kind: 'index', key: r.key });
        read = { op: 'apply', target: read, arg: r.key, type: r.type, span: cspan(lv.nameSpan, p.span) };
        type = r.type;
      }
    }
    return { lv: { var: s.index, name: lv.name, path, type }, read };
  }

  private checkAssignable(target: Type, value: Expr, span: Span, what: string): Expr | null {
    const u = unify(target, value.type);
    if (!u || (target.kind === 'rwsem' && value.type.kind !== 'int' && value.type.kind !== 'rwsem')) {
      return this.err(span, `cannot assign ${typeName(value.type)} to ${what} of type ${typeName(target)}`);
    }
    if (value.op === 'lit') {
      if (target.kind === 'int' && (value.value < target.lo || value.value > target.hi)) return this.err(span, `${value.value} is outside the range ${target.lo}..${target.hi} of ${what}`);
      if (target.kind === 'rwsem' && (value.value < -1 || value.value > target.maxReaders)) return this.err(span, `${value.value} is not a valid rwsem value (-1 write-held, 0 free, 1..${target.maxReaders} readers) for ${what}`);
    }
    return coerce(value, target);
  }

  private assign(s: Extract<AStmt, { k: 'assign' }>, env: Env): Stmt[] {
    const t = this.lvalue(s.target, env);
    const what = lvText(s.target);
    if (s.op === 'in') {
      const dom = this.setExpr(s.value, env, `'${what} in ...'`);
      if (!t || !dom) return [];
      const elem = (dom.type as { elem: Type }).elem;
      if (!unify(t.lv.type, elem)) {
        this.err(s.value.span, `cannot assign ${typeName(elem)} to ${what} of type ${typeName(t.lv.type)}`);
        return [];
      }
      if (dom.op === 'bin' && dom.fn === 'range' && t.lv.type.kind === 'int') {
        const lo = evalConst(dom.left);
        const hi = evalConst(dom.right);
        if (lo !== null && hi !== null && lo <= hi && (lo < t.lv.type.lo || hi > t.lv.type.hi)) {
          this.err(s.value.span, `${lo}..${hi} is not inside the range ${t.lv.type.lo}..${t.lv.type.hi} of ${what}`);
          return [];
        }
      }
      const [, slot] = this.bind(env, s.target.name, elem);
      return [{ op: 'with', slot, name: s.target.name, domain: dom, body: [{ op: 'assign', target: t.lv, value: { op: 'local', slot, name: s.target.name, type: elem }, span: s.span }], span: s.span }];
    }
    const v = this.expr(s.value, env);
    if (!t || !v) return [];
    if (s.op === '+=' || s.op === '-=') {
      if (!isIntLike(t.lv.type)) {
        this.err(s.target.span, `'${s.op}' needs an integer, but ${what} is ${typeName(t.lv.type)}`);
        return [];
      }
      if (!isIntLike(v.type)) {
        this.err(s.value.span, `'${s.op}' needs an integer, not ${typeName(v.type)}`);
        return [];
      }
      return [{ op: 'assign', target: t.lv, value: binE(s.op === '+=' ? 'add' : 'sub', t.read, v, INT, s.span), span: s.span }];
    }
    const c = this.checkAssignable(t.lv.type, v, s.value.span, what);
    return c ? [{ op: 'assign', target: t.lv, value: c, span: s.span }] : [];
  }

  private primitive(s: Extract<AStmt, { k: 'call' }>, env: Env): Stmt[] {
    if (!PRIMITIVES.includes(s.name)) {
      const d = this.globals.get(s.name);
      if (d?.k === 'def' || BUILTINS.has(s.name)) this.err(s.nameSpan, `'${s.name}(...)' is an expression, not a statement; assign its value or use it in await`);
      else this.err(s.nameSpan, `unknown statement '${s.name}'; the primitives are ${PRIMITIVES.join(', ')}${didYouMean(s.name, PRIMITIVES)}`);
      return [];
    }
    const want = s.name === 'enqueue' ? 2 : 1;
    if (s.args.length !== want) {
      this.err(s.span, `${s.name} takes ${want} argument${want === 1 ? '' : 's'}, not ${s.args.length}`);
      return [];
    }
    const alv = toLValue(s.args[0]);
    if (!alv) {
      this.err(s.args[0].span, `the first argument of ${s.name} must be a variable (or an element of one)`);
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
          this.err(s.args[0].span, `${s.name} needs an rwsem, but ${what} is ${typeName(ty)}`);
          return [];
        }
        if (s.name === 'down_read') return [await_(binE('ge', t.read, zero, BOOL, sp)), assign(binE('add', t.read, one, INT, sp))];
        if (s.name === 'up_read') return [assign(binE('sub', t.read, one, INT, sp))];
        if (s.name === 'down_write') return [await_(binE('eq', t.read, zero, BOOL, sp)), assign(lit(-1, tInt(-1, -1)))];
        return [assign(zero)];
      case 'atomic_inc': case 'atomic_dec':
        if (ty.kind !== 'int') {
          this.err(s.args[0].span, `${s.name} needs an integer counter, but ${what} is ${typeName(ty)}`);
          return [];
        }
        return [assign(binE(s.name === 'atomic_inc' ? 'add' : 'sub', t.read, one, INT, sp))];
      default: {
        if (ty.kind !== 'seq') {
          this.err(s.args[0].span, `${s.name} needs a queue, but ${what} is ${typeName(ty)}`);
          return [];
        }
        const len: Expr = { op: 'un', fn: 'len', arg: t.read, type: INT, span: sp };
        if (s.name === 'dequeue') return [await_(binE('gt', len, zero, BOOL, sp)), assign({ op: 'un', fn: 'tail', arg: t.read, type: ty, span: sp })];
        const v = this.expr(s.args[1], env);
        if (!v) return [];
        const c = this.checkAssignable(ty.elem, v, s.args[1].span, `an element of ${what}`);
        if (!c) return [];
        return [await_(binE('lt', len, lit(ty.cap, tInt(ty.cap, ty.cap)), BOOL, sp)), assign(binE('append', t.read, c, ty, sp))];
      }
    }
  }

  // ------------------------------------------------------------ expressions
  private candidates(env: Env): string[] {
    return [...env.locals.keys(), ...this.globals.keys(), ...BUILTINS];
  }

  boolExpr(a: AExpr, env: Env, where: string): Expr | null {
    const e = this.expr(a, env);
    if (!e) return null;
    if (e.type.kind !== 'bool') return this.err(a.span, `${where} must be a boolean condition, not ${typeName(e.type)}`);
    return e;
  }

  private setExpr(a: AExpr, env: Env, where: string): Expr | null {
    const e = this.expr(a, env);
    if (!e) return null;
    if (e.type.kind !== 'set') return this.err(a.span, `${where} needs a set, not ${typeName(e.type)}`);
    return e;
  }

  private seqArg(a: AExpr, env: Env, where: string): Expr | null {
    const e = this.expr(a, env);
    if (!e) return null;
    if (e.op === 'tupleLit') {
      const el = e.elems.reduce<Type | null>((acc, x) => (acc ? unify(acc, x.type) : null), ANY);
      if (el) return coerce(e, tSeq(el));
    }
    if (e.type.kind !== 'seq') return this.err(a.span, `${where} needs a queue or sequence, not ${typeName(e.type)}`);
    return e;
  }

  private applyType(t: Type, arg: Expr, span: Span, what: string): { key: Expr; type: Type } | null {
    if (t.kind === 'map') {
      if (!unify(t.key, arg.type)) return this.err(span, `${what} is indexed by ${typeName(t.key)}, not ${typeName(arg.type)}`);
      if (arg.op === 'lit' && t.key.kind === 'int' && (arg.value < t.key.lo || arg.value > t.key.hi)) return this.err(span, `${arg.value} is outside the domain ${typeName(t.key)} of ${what}`);
      return { key: coerce(arg, t.key), type: t.value };
    }
    if (t.kind === 'seq') {
      if (!isIntLike(arg.type)) return this.err(span, `a queue is indexed by a position 1, 2, ..., not ${typeName(arg.type)}`);
      return { key: arg, type: t.elem };
    }
    if (t.kind === 'tuple') {
      const i = evalConst(arg);
      if (i === null || !isIntLike(arg.type)) return this.err(span, 'a tuple is indexed by a constant position 1, 2, ...');
      if (i < 1 || i > t.elems.length) return this.err(span, `a tuple of ${t.elems.length} elements has no element ${i}`);
      return { key: arg, type: t.elems[i - 1] };
    }
    return this.err(span, `${what} is ${typeName(t)}, which cannot be indexed`);
  }

  // a finite type used as the set of its values: enumerated by the checker
  private allOf(t: Type, name: string, span: Span): Expr | null {
    const n = cardinalityOf(t);
    if (n > MAX_ENUMERATED) return this.err(span, `type ${name} has ${numText(n)} values, too many to use as a set (at most ${MAX_ENUMERATED})`);
    return { op: 'all', of: t, type: tSet(t), span };
  }

  private resolveName(a: Extract<AExpr, { k: 'name' }>, env: Env): Expr | null {
    const loc = env.locals.get(a.name);
    if (loc) {
      if (loc.constValue !== undefined) return lit(loc.constValue, loc.type, a.span);
      return { op: 'local', slot: loc.slot, name: a.name, type: loc.type, span: a.span };
    }
    const s = this.globals.get(a.name);
    if (!s) return this.err(a.span, `unknown name '${a.name}'${didYouMean(a.name, this.candidates(env))}`);
    switch (s.k) {
      case 'int': return lit(s.value, tInt(s.value, s.value), a.span);
      case 'bool': return lit(s.value, BOOL, a.span);
      case 'enumConst': return lit(s.value, s.type, a.span);
      case 'member':
        if (this.globals.get(s.type.name)?.k === 'modelSet') this.memberUses.push({ set: s.type.name, name: a.name, span: a.span });
        return lit(s.index, s.type, a.span);
      case 'modelSet': case 'enum': return this.allOf(s.type, a.name, a.span);
      case 'bool-type': return { op: 'all', of: BOOL, type: tSet(BOOL), span: a.span };
      case 'alias': {
        const t = this.resolveType({ k: 'name', name: a.name, span: a.span });
        if (!t) return null;
        if (!isFiniteType(t)) return this.err(a.span, `type ${a.name} is not finite, so it cannot be used as a set`);
        return this.allOf(t, a.name, a.span);
      }
      case 'var':
        if (env.constOnly) return this.err(a.span, `'${a.name}' is a state variable; a constant expression cannot read it`);
        return s.type ? { op: 'var', index: s.index, name: a.name, type: s.type, span: a.span } : null;
      case 'def':
        if (s.decl.params.length) return this.err(a.span, `'${a.name}' takes ${s.decl.params.length} argument${s.decl.params.length === 1 ? '' : 's'}: write ${a.name}(...)`);
        return this.inline(s.decl, [], a.span, env);
      case 'process': return this.err(a.span, `process '${a.name}' is not a value; write ${a.name}.<label> to test where it is`);
      case 'pendingConst': return this.err(a.span, `const '${a.name}' is used before its declaration`);
      case 'poison': return null;
    }
  }

  private inline(d: DeclOf<'def'>, args: Expr[], span: Span, env: Env): Expr | null {
    this.usedDefs.add(d.name);
    if (env.defStack.includes(d.name)) return this.err(span, `operator '${d.name}' is recursive (${[...env.defStack.slice(env.defStack.indexOf(d.name)), d.name].join(' -> ')}); recursion is not supported`);
    let inner: Env = { locals: new Map(), frame: env.frame, defStack: [...env.defStack, d.name], ...(env.proc ? { proc: env.proc } : {}), ...(env.constOnly ? { constOnly: true } : {}) };
    const slots: number[] = [];
    for (let i = 0; i < d.params.length; i++) {
      const [e2, slot] = this.bind(inner, d.params[i].name, args[i].type);
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
    const s = this.globals.get(procName);
    if (s?.k !== 'process') return null;
    const info = s.info;
    if (!info || !info.ok) return null;
    const n = info.params.length;
    const given = args?.length ?? 0;
    if (given !== n) return this.err(span, n === 0 ? `process ${procName} has no parameters: write ${procName}.${label}` : `process ${procName} has ${n} parameter${n === 1 ? '' : 's'}: write ${procName}[${info.params.map((p) => p.name).join(', ')}].${label}`);
    const idx = label === 'done' ? info.labels.length : info.labels.indexOf(label);
    if (idx < 0) return this.err(span, `process ${procName} has no label '${label}'${didYouMean(label, [...info.labels, 'done'])}`);
    const ev: Expr[] = [];
    for (let i = 0; i < given; i++) {
      const e = this.expr(args![i], env);
      if (!e) return null;
      if (!unify(info.params[i].domain, e.type)) return this.err(args![i].span, `process ${procName} is indexed by ${typeName(info.params[i].domain)}, not ${typeName(e.type)}`);
      ev.push(e);
    }
    if (env.constOnly) return this.err(span, 'a constant expression cannot test where a process is');
    return binE('eq', this.pcRead(info, ev), lit(idx, info.pcType), BOOL, span);
  }

  private isProcName(a: AExpr, env: Env): a is Extract<AExpr, { k: 'name' }> {
    return a.k === 'name' && !env.locals.has(a.name) && this.globals.get(a.name)?.k === 'process';
  }

  expr(a: AExpr, env: Env): Expr | null {
    switch (a.k) {
      case 'num':
        if (!inInt32(a.value)) return this.err(a.span, `the integer ${numText(a.value)} is too large: integers must lie in ${INT_MIN}..${INT_MAX}`);
        return lit(a.value, tInt(a.value, a.value), a.span);
      case 'bool': return lit(a.value ? 1 : 0, BOOL, a.span);
      case 'name': return this.resolveName(a, env);
      case 'un': {
        if (a.op === 'always' || a.op === 'eventually') return this.err(a.span, `the temporal operator '${a.op === 'always' ? '[]' : '<>'}' is only allowed in a property`);
        const e = this.expr(a.arg, env);
        if (!e) return null;
        if (a.op === 'not') {
          if (e.type.kind !== 'bool') return this.err(a.span, `'!' needs a boolean, not ${typeName(e.type)}`);
          return { op: 'un', fn: 'not', arg: e, type: BOOL, span: a.span };
        }
        if (!isIntLike(e.type)) return this.err(a.span, `unary '-' needs an integer, not ${typeName(e.type)}`);
        return { op: 'un', fn: 'neg', arg: e, type: INT, span: a.span };
      }
      case 'bin': return this.binary(a, env);
      case 'call': return this.call(a, env);
      case 'index': {
        if (this.isProcName(a.target, env)) return this.err(a.span, `write ${a.target.name}[...].<label> to test where process ${a.target.name} is`);
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
        const t = this.expr(a.target, env);
        if (!t) return null;
        if (t.type.kind !== 'record') return this.err(a.span, `${exprText(a.target)} is ${typeName(t.type)}, which has no field '${a.name}'`);
        const f = t.type.fields.find((x) => x.name === a.name);
        if (!f) return this.err(a.span, `${typeName(t.type)} has no field '${a.name}'${didYouMean(a.name, t.type.fields.map((x) => x.name))}`);
        return { op: 'field', target: t, name: a.name, type: f.type, span: a.span };
      }
      case 'setLit': {
        const es = a.elems.map((x) => this.expr(x, env));
        if (es.some((x) => !x)) return null;
        let el: Type = ANY;
        for (let i = 0; i < es.length; i++) {
          const u = unify(el, es[i]!.type);
          if (!u) return this.err(a.elems[i].span, `a set cannot mix ${typeName(el)} and ${typeName(es[i]!.type)}`);
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
        const [env2, slot] = this.bind(env, a.binder.name, (d.type as { elem: Type }).elem);
        const p = this.boolExpr(a.pred, env2, 'the condition of a set filter');
        if (!p) return null;
        return { op: 'setFilter', slot, name: a.binder.name, domain: d, pred: p, type: d.type, span: a.span };
      }
      case 'setMap': return this.setMap(a.body, a.binders, 0, env, a.span);
      case 'mapBuild': {
        const d = this.setExpr(a.binder.domain, env, `[${a.binder.name} in ... |-> ...]`);
        if (!d) return null;
        const key = (d.type as { elem: Type }).elem;
        const [env2, slot] = this.bind(env, a.binder.name, key);
        const b = this.expr(a.body, env2);
        if (!b) return null;
        return { op: 'mapBuild', slot, name: a.binder.name, domain: d, body: b, type: { kind: 'map', key, value: b.type }, span: a.span };
      }
      case 'record': {
        const fields: { name: string; value: Expr }[] = [];
        for (const f of a.fields) {
          if (fields.some((g) => g.name === f.name)) return this.err(f.span, `field '${f.name}' appears twice`);
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
          if (fields.some((g) => g.name === f.name)) return this.err(f.span, `field '${f.name}' appears twice`);
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
              if (ty.kind !== 'record') return this.err(p.span, `${typeName(ty)} has no field '${p.name}'`);
              const f = ty.fields.find((x) => x.name === p.name);
              if (!f) return this.err(p.span, `${typeName(ty)} has no field '${p.name}'${didYouMean(p.name, ty.fields.map((x) => x.name))}`);
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
        if (!u) return this.err(a.span, `the branches of 'if' have different types: ${typeName(x.type)} and ${typeName(y.type)}`);
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
          if (!uu) return this.err(arm.value.span, `the arms of 'case' have different types: ${typeName(u)} and ${typeName(v.type)}`);
          u = uu;
          arms.push({ cond: c, value: v });
        }
        let other: Expr | null = null;
        if (a.other) {
          other = this.expr(a.other, env);
          if (!other) return null;
          const uu = unify(u, other.type);
          if (!uu) return this.err(a.other.span, `the arms of 'case' have different types: ${typeName(u)} and ${typeName(other.type)}`);
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
          const [e3, slot] = this.bind(e2, b.name, v.type);
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
        if (el.kind === 'enum') this.chooseUses.push({ set: el.name, span: a.span });
        const [env2, slot] = this.bind(env, a.binder.name, el);
        const p = this.boolExpr(a.pred, env2, 'the condition of choose');
        if (!p) return null;
        return { op: 'choose', slot, name: a.binder.name, domain: d, pred: p, type: el, span: a.span };
      }
    }
  }

  private quant(q: 'forall' | 'exists', bs: readonly ABinder[], i: number, body: AExpr, env: Env, span: Span): Expr | null {
    if (i >= bs.length) return this.boolExpr(body, env, `the body of ${q}`);
    const b = bs[i];
    const d = this.setExpr(b.domain, env, `${q} ${b.name} in ...`);
    if (!d) return null;
    const [env2, slot] = this.bind(env, b.name, (d.type as { elem: Type }).elem);
    const inner = this.quant(q, bs, i + 1, body, env2, span);
    if (!inner) return null;
    return { op: 'quant', q, slot, name: b.name, domain: d, body: inner, type: BOOL, span };
  }

  private setMap(body: AExpr, bs: readonly ABinder[], i: number, env: Env, span: Span): Expr | null {
    const b = bs[i];
    const d = this.setExpr(b.domain, env, `{... : ${b.name} in ...}`);
    if (!d) return null;
    const [env2, slot] = this.bind(env, b.name, (d.type as { elem: Type }).elem);
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
    if (a.op === 'leadsto') return this.err(a.span, "the temporal operator '~>' is only allowed in a property");
    const op = a.op;
    const sym = BIN_SYMBOL[op];
    if (op === 'concat') {
      const l = this.seqArg(a.left, env, "'++'");
      const r = this.seqArg(a.right, env, "'++'");
      if (!l || !r) return null;
      const u = unify(l.type, r.type);
      if (!u || u.kind !== 'seq') return this.err(a.span, `cannot concatenate ${typeName(l.type)} and ${typeName(r.type)}`);
      const t = tSeq(u.elem);
      return { op: 'bin', fn: 'concat', left: coerce(l, t), right: coerce(r, t), type: t, span: a.span };
    }
    const l = this.expr(a.left, env);
    const r = this.expr(a.right, env);
    if (!l || !r) return null;
    switch (op) {
      case 'add': case 'sub': case 'mul': case 'div': case 'mod':
      case 'lt': case 'le': case 'gt': case 'ge': {
        if (!isIntLike(l.type)) return this.err(a.left.span, `'${sym}' needs integers, but the left side is ${typeName(l.type)}${setHint(op, l.type)}`);
        if (!isIntLike(r.type)) return this.err(a.right.span, `'${sym}' needs integers, but the right side is ${typeName(r.type)}`);
        const isCmp = op === 'lt' || op === 'le' || op === 'gt' || op === 'ge';
        return binE(op, l, r, isCmp ? BOOL : INT, a.span);
      }
      case 'range': {
        if (!isIntLike(l.type)) return this.err(a.left.span, `'..' needs integers, but the left side is ${typeName(l.type)}`);
        if (!isIntLike(r.type)) return this.err(a.right.span, `'..' needs integers, but the right side is ${typeName(r.type)}`);
        const lo = evalConst(l);
        const hi = evalConst(r);
        if (lo !== null && hi !== null && hi - lo + 1 > MAX_ENUMERATED) return this.err(a.span, `the set ${lo}..${hi} has ${numText(hi - lo + 1)} values, too many to enumerate (at most ${MAX_ENUMERATED})`);
        return binE('range', l, r, tSet(lo !== null && hi !== null && lo <= hi ? tInt(lo, hi) : INT), a.span);
      }
      case 'eq': case 'ne': {
        const u = unify(l.type, r.type);
        if (!u) return this.err(a.span, `cannot compare ${typeName(l.type)} with ${typeName(r.type)}`);
        return binE(op, coerce(l, u), coerce(r, u), BOOL, a.span);
      }
      case 'and': case 'or': case 'implies': case 'iff': {
        if (l.type.kind !== 'bool') return this.err(a.left.span, `'${sym}' needs booleans, but the left side is ${typeName(l.type)}`);
        if (r.type.kind !== 'bool') return this.err(a.right.span, `'${sym}' needs booleans, but the right side is ${typeName(r.type)}`);
        return binE(op, l, r, BOOL, a.span);
      }
      case 'in': case 'notin': {
        if (r.type.kind !== 'set') return this.err(a.right.span, `the right side of '${sym}' must be a set, not ${typeName(r.type)}`);
        const u = unify(r.type.elem, l.type);
        if (!u) return this.err(a.span, `a ${typeName(l.type)} can never be in a ${typeName(r.type)}`);
        return binE(op, coerce(l, r.type.elem), r, BOOL, a.span);
      }
      case 'union': case 'inter': case 'diff': case 'subseteq': {
        if (l.type.kind !== 'set') return this.err(a.left.span, `'${sym}' needs sets, but the left side is ${typeName(l.type)}`);
        if (r.type.kind !== 'set') return this.err(a.right.span, `'${sym}' needs sets, but the right side is ${typeName(r.type)}`);
        const u = unify(l.type, r.type);
        if (!u) return this.err(a.span, `cannot combine ${typeName(l.type)} and ${typeName(r.type)}`);
        return binE(op, coerce(l, u), coerce(r, u), op === 'subseteq' ? BOOL : u, a.span);
      }
      default: return this.err(a.span, `unsupported operator '${sym}'`);
    }
  }

  private call(a: Extract<AExpr, { k: 'call' }>, env: Env): Expr | null {
    const loc = env.locals.get(a.name);
    const g = this.globals.get(a.name);
    if (!loc && g?.k === 'def') {
      const d = g.decl;
      if (a.args.length !== d.params.length) return this.err(a.span, `'${a.name}' takes ${d.params.length} argument${d.params.length === 1 ? '' : 's'}, not ${a.args.length}`);
      const args = a.args.map((x) => this.expr(x, env));
      if (args.some((x) => !x)) return null;
      return this.inline(d, args as Expr[], a.span, env);
    }
    if (loc || (g && !BUILTINS.has(a.name))) {
      if (g?.k === 'var' || loc) return this.err(a.nameSpan, `'${a.name}' is not an operator; write ${a.name}[...] to apply a map`);
      if (g?.k === 'process') return this.err(a.nameSpan, `write ${a.name}[...].<label> to test where process ${a.name} is`);
      return this.err(a.nameSpan, `'${a.name}' is not an operator`);
    }
    if (!BUILTINS.has(a.name)) {
      if (PRIMITIVES.includes(a.name)) return this.err(a.nameSpan, `${a.name}(...) is a statement, not an expression`);
      return this.err(a.nameSpan, `unknown operator '${a.name}'${didYouMean(a.name, [...BUILTINS, ...[...this.globals].filter(([, s]) => s.k === 'def').map(([n]) => n)])}`);
    }
    const name = a.name.toLowerCase() === 'cardinality' ? 'card' : a.name === 'UNION' ? 'union_all' : a.name.toLowerCase();
    const want = name === 'append' ? 2 : 1;
    if (a.args.length !== want) return this.err(a.span, `${a.name} takes ${want} argument${want === 1 ? '' : 's'}, not ${a.args.length}`);
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
        if (!u) return this.err(a.args[1].span, `cannot append ${typeName(e.type)} to ${typeName(st)}`);
        const el = st.elem.kind === 'any' ? u : st.elem;
        return { op: 'bin', fn: 'append', left: coerce(s, tSeq(el, st.cap)), right: coerce(e, el), type: tSeq(el), span: sp };
      }
      case 'card': case 'powerset': case 'union_all': {
        const s = this.setExpr(a.args[0], env, `${a.name}(...)`);
        if (!s) return null;
        const el = (s.type as { elem: Type }).elem;
        if (name === 'card') return { op: 'un', fn: 'card', arg: s, type: INT, span: sp };
        if (name === 'powerset') return { op: 'un', fn: 'powerset', arg: s, type: tSet(s.type), span: sp };
        if (el.kind !== 'set' && el.kind !== 'any') return this.err(a.args[0].span, `union_all needs a set of sets, not ${typeName(s.type)}`);
        return { op: 'un', fn: 'union_all', arg: s, type: el.kind === 'set' ? el : tSet(ANY), span: sp };
      }
      case 'domain': {
        const f = this.expr(a.args[0], env);
        if (!f) return null;
        if (f.type.kind === 'map') return { op: 'un', fn: 'domain', arg: f, type: tSet(f.type.key), span: sp };
        if (f.type.kind === 'seq') return { op: 'un', fn: 'domain', arg: f, type: tSet(Number.isFinite(f.type.cap) ? tInt(1, Math.max(1, f.type.cap)) : INT), span: sp };
        return this.err(a.args[0].span, `domain(...) needs a map or a sequence, not ${typeName(f.type)}`);
      }
      default: {
        // can_down_read / can_down_write
        const l = this.expr(a.args[0], env);
        if (!l) return null;
        if (l.type.kind !== 'rwsem') return this.err(a.args[0].span, `${a.name} needs an rwsem, not ${typeName(l.type)}`);
        return binE(name === 'can_down_read' ? 'ge' : 'eq', l, lit(0, tInt(0, 0)), BOOL, sp);
      }
    }
  }
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

export function checkSpec(ast: ASpec, consts: Record<string, string>): { spec: Spec | null; diags: Diagnostic[] } {
  const c = new Checker(ast, consts);
  const spec = c.run();
  return { spec, diags: c.diags };
}

// `s + {i}` on sets: the set operators are words
function setHint(op: string, t: Type): string {
  if (t.kind !== 'set') return '';
  return op === 'add' ? " (for sets use 'union': s union {i})" : op === 'sub' ? " (for sets use 'minus': s minus {i})" : '';
}
