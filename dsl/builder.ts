// TypeScript builder: builds the same AST as the .uffd parser and runs the
// same checker, so a spec built here and its .uffd twin have the same IR
// (compare with stripSpans). Spans are synthetic: file `<builder>`, line =
// the number of the declaration (1-based, in the order of the calls).
//
//   import { spec, t, e, s, v, c } from './dsl/builder.js';
//   const b = spec('counter');
//   b.const('N', 3);
//   b.var('x', t.range(0, c('N')));
//   b.action('inc', {}, { when: e.lt(v('x'), c('N')), body: [s.assign('x', e.add(v('x'), 1))] });
//   b.invariant('Bounded', e.le(v('x'), c('N')));
//   const r = b.build({ consts: { N: '4' } });   // LoadResult
//
// Tagged unions, match, def rec, action properties and refinement:
//   b.union('Msg', { Prepared: { rm: 'RM' }, Commit: {}, Abort: {} });
//   e.variant('Prepared', 'r'), e.variant('Commit'), e.member('TMState', 'committed')
//   e.match('m', { Prepared: { bind: ['r'], body: true }, other: false })
//   b.defRec('sum', { n: t.range(0, 10) }, 'int', body)
//   b.actionProperty('Monotone', e.gt(e.prime('x'), 'x'), 'x')   // [][x' > x]_x
//   b.refines('tcommit.uffd', { rmState: v('rmState') })
import type { Span } from './ir.js';
import type { ABinOp, ABinder, ADecl, AExpr, ALValue, AMatchArm, AMatchStmtArm, APath, AParam, AStep, AStmt, AType } from './ast.js';
import { compileAst, type LoadOptions, type LoadResult } from './index.js';

export const BUILDER_FILE = '<builder>';
const SP: Span = { file: BUILDER_FILE, line: 1, col: 1, endLine: 1, endCol: 1 };

export type Ex = AExpr | number | boolean | string; // number/boolean literals, string = a name
export type Ty = AType | string; // string = a type name
export type St = AStmt;

export function x(a: Ex): AExpr {
  if (typeof a === 'number') return { k: 'num', value: a, span: SP };
  if (typeof a === 'boolean') return { k: 'bool', value: a, span: SP };
  if (typeof a === 'string') return { k: 'name', name: a, span: SP };
  return a;
}
function ty(a: Ty): AType {
  return typeof a === 'string' ? { k: 'name', name: a, span: SP } : a;
}
const bin = (op: ABinOp) => (l: Ex, r: Ex): AExpr => ({ k: 'bin', op, left: x(l), right: x(r), span: SP });
const chain = (op: ABinOp) => (...xs: Ex[]): AExpr => xs.map(x).reduce((l, r) => ({ k: 'bin', op, left: l, right: r, span: SP }));
const call = (name: string) => (...args: Ex[]): AExpr => ({ k: 'call', name, nameSpan: SP, args: args.map(x), span: SP });
const binder = (name: string, domain: Ex): ABinder => ({ name, domain: x(domain), span: SP });

/** A state variable, constant, enum member, model value, local or def: all are names. */
export const v = (name: string): AExpr => x(name);
export const c = v;

export type PathKey = Ex | { field: string };
export const fld = (name: string): { field: string } => ({ field: name });

function path(keys: readonly PathKey[]): APath[] {
  return keys.map((k) => (typeof k === 'object' && k !== null && 'field' in k && !('k' in k) ? { k: 'field', name: k.field, span: SP } : { k: 'index', key: x(k as Ex), span: SP }));
}

/** A match arm that binds the variant's fields (all of them, in declared order): { bind: ['r'], body }. */
export interface Arm<B> { readonly bind: readonly string[]; readonly body: B }
function isArm<B>(a: unknown): a is Arm<B> {
  return typeof a === 'object' && a !== null && !Array.isArray(a) && 'bind' in a && !('k' in a);
}
// { Tag: body | { bind, body }, other: body }: arms in key order; `other` is the catch-all (a reserved word, never a tag)
function arms<B, R>(spec: Record<string, B | Arm<B>>, conv: (b: B) => R): { tag: string | null; binds: { name: string; span: Span }[]; body: R }[] {
  return Object.entries(spec).map(([tag, a]) => ({
    tag: tag === 'other' ? null : tag,
    binds: isArm<B>(a) ? a.bind.map((n) => ({ name: n, span: SP })) : [],
    body: conv(isArm<B>(a) ? a.body : a),
  }));
}

/** Expressions. */
export const e = {
  num: (n: number): AExpr => x(n),
  bool: (b: boolean): AExpr => x(b),
  name: v,
  add: bin('add'), sub: bin('sub'), mul: bin('mul'), div: bin('div'), mod: bin('mod'),
  neg: (a: Ex): AExpr => ({ k: 'un', op: 'neg', arg: x(a), span: SP }),
  eq: bin('eq'), ne: bin('ne'), lt: bin('lt'), le: bin('le'), gt: bin('gt'), ge: bin('ge'),
  and: chain('and'), or: chain('or'), implies: bin('implies'), iff: bin('iff'),
  not: (a: Ex): AExpr => ({ k: 'un', op: 'not', arg: x(a), span: SP }),
  in: bin('in'), notin: bin('notin'), union: bin('union'), inter: bin('inter'), minus: bin('diff'), subseteq: bin('subseteq'),
  range: bin('range'), concat: bin('concat'),
  call: (name: string, ...args: Ex[]): AExpr => call(name)(...args),
  len: call('len'), head: call('head'), tail: call('tail'), append: call('append'), card: call('card'),
  domain: call('domain'), powerset: call('powerset'), unionAll: call('union_all'),
  canDownRead: call('can_down_read'), canDownWrite: call('can_down_write'),
  /** f[k] (several keys: f[k1, k2] = f[<<k1, k2>>]) */
  at: (f: Ex, ...keys: Ex[]): AExpr => ({ k: 'index', target: x(f), args: keys.map(x), span: SP }),
  /** r.f */
  dot: (r: Ex, field: string): AExpr => ({ k: 'field', target: x(r), name: field, span: SP }),
  set: (...elems: Ex[]): AExpr => ({ k: 'setLit', elems: elems.map(x), span: SP }),
  /** <<a, b>>: a tuple, or a sequence where the context wants one */
  tuple: (...elems: Ex[]): AExpr => ({ k: 'tuple', elems: elems.map(x), span: SP }),
  seq: (...elems: Ex[]): AExpr => ({ k: 'tuple', elems: elems.map(x), span: SP }),
  /** {name in S: pred} */
  filter: (name: string, S: Ex, pred: Ex): AExpr => ({ k: 'setFilter', binder: binder(name, S), pred: x(pred), span: SP }),
  /** {body : name in S} */
  setMap: (body: Ex, name: string, S: Ex): AExpr => ({ k: 'setMap', body: x(body), binders: [binder(name, S)], span: SP }),
  /** [name in S |-> body] */
  mapOf: (name: string, S: Ex, body: Ex): AExpr => ({ k: 'mapBuild', binder: binder(name, S), body: x(body), span: SP }),
  /** [a |-> 1, b |-> 2] */
  record: (fields: Record<string, Ex>): AExpr => ({ k: 'record', fields: Object.entries(fields).map(([name, val]) => ({ name, value: x(val), span: SP })), span: SP }),
  /** [a: S, b: T] */
  recordSet: (fields: Record<string, Ex>): AExpr => ({ k: 'recordSet', fields: Object.entries(fields).map(([name, set]) => ({ name, set: x(set), span: SP })), span: SP }),
  /** [S -> T] */
  mapSet: (S: Ex, T: Ex): AExpr => ({ k: 'mapSet', domain: x(S), range: x(T), span: SP }),
  /** [f except ![k] = v, !.g = w]: each update is [path, value] */
  except: (f: Ex, ...updates: [readonly PathKey[], Ex][]): AExpr => ({ k: 'except', target: x(f), items: updates.map(([p, val]) => ({ path: path(p), value: x(val) })), span: SP }),
  if: (cond: Ex, then: Ex, els: Ex): AExpr => ({ k: 'if', cond: x(cond), then: x(then), else: x(els), span: SP }),
  /** case c1 -> e1 [] c2 -> e2 [] other -> e3 */
  case: (arms: [Ex, Ex][], other?: Ex): AExpr => ({ k: 'case', arms: arms.map(([cnd, val]) => ({ cond: x(cnd), value: x(val) })), other: other === undefined ? null : x(other), span: SP }),
  let: (name: string, value: Ex, body: Ex): AExpr => ({ k: 'let', binds: [{ name, value: x(value), span: SP }], body: x(body), span: SP }),
  forall: (name: string, S: Ex, body: Ex): AExpr => ({ k: 'quant', q: 'forall', binders: [binder(name, S)], body: x(body), span: SP }),
  exists: (name: string, S: Ex, body: Ex): AExpr => ({ k: 'quant', q: 'exists', binders: [binder(name, S)], body: x(body), span: SP }),
  choose: (name: string, S: Ex, pred: Ex): AExpr => ({ k: 'choose', binder: binder(name, S), pred: x(pred), span: SP }),
  /** proc.label, or proc[arg].label for a process with a parameter */
  at_label: (proc: string, label: string, ...args: Ex[]): AExpr => ({ k: 'field', target: args.length ? { k: 'index', target: x(proc), args: args.map(x), span: SP } : x(proc), name: label, span: SP }),
  /** a variant of a tagged union: `Commit` (no fields), `Prepared(r)` (fields in declared order) */
  variant: (tag: string, ...fields: Ex[]): AExpr => (fields.length ? call(tag)(...fields) : x(tag)),
  /** `Prepared(rm: r)`: a variant with its fields by name */
  variantNamed: (tag: string, fields: Record<string, Ex>): AExpr => ({ k: 'namedCall', name: tag, nameSpan: SP, args: Object.entries(fields).map(([name, val]) => ({ name, value: x(val), span: SP })), span: SP }),
  /** `TMState.committed`: an enum member (or model value) written with its type */
  member: (type: string, member: string): AExpr => ({ k: 'field', target: x(type), name: member, span: SP }),
  /** match m { Prepared(r) => ..., other => ... }: e.match('m', { Prepared: { bind: ['r'], body }, other: body }) */
  match: (target: Ex, cases: Record<string, Ex | Arm<Ex>>): AExpr => ({
    k: 'match', target: x(target), arms: arms(cases, x).map((a): AMatchArm => ({ ...a, tagSpan: SP, span: SP })), span: SP,
  }),
  /** x' (the value after the step, in an action property) */
  prime: (a: Ex): AExpr => ({ k: 'un', op: 'prime', arg: x(a), span: SP }),
  /** [][A]_v: every step satisfies A or leaves v unchanged (v: a name, an expression or e.tuple(...)) */
  actionBox: (A: Ex, sub: Ex): AExpr => ({ k: 'actionBox', action: x(A), sub: x(sub), span: SP }),
  // temporal operators (only in properties)
  always: (p: Ex): AExpr => ({ k: 'un', op: 'always', arg: x(p), span: SP }),
  eventually: (p: Ex): AExpr => ({ k: 'un', op: 'eventually', arg: x(p), span: SP }),
  leadsTo: bin('leadsto'),
};
/** `proc.label` / `proc[t].label` */
export const pcAt = e.at_label;

function lval(a: Ex): ALValue {
  const t = x(a);
  const p: APath[] = [];
  let cur = t;
  for (;;) {
    if (cur.k === 'name') return { name: cur.name, nameSpan: SP, path: p.reverse(), span: SP };
    if (cur.k === 'index' && cur.args.length === 1) {
      p.push({ k: 'index', key: cur.args[0], span: SP });
      cur = cur.target;
    } else if (cur.k === 'field') {
      p.push({ k: 'field', name: cur.name, span: SP });
      cur = cur.target;
    } else throw new Error('builder: the target of an assignment must be a variable, v[k] or v.f');
  }
}
const prim = (name: string) => (...args: Ex[]): AStmt => ({ k: 'call', name, nameSpan: SP, args: args.map(x), span: SP });
const block = (b: St | readonly St[]): readonly St[] => (Array.isArray(b) ? (b as readonly St[]) : [b as St]);

/** Statements. A target is a name, e.at(...) or e.dot(...). */
export const s = {
  assign: (target: Ex, value: Ex): AStmt => ({ k: 'assign', target: lval(target), op: '=', value: x(value), span: SP }),
  add: (target: Ex, value: Ex): AStmt => ({ k: 'assign', target: lval(target), op: '+=', value: x(value), span: SP }),
  sub: (target: Ex, value: Ex): AStmt => ({ k: 'assign', target: lval(target), op: '-=', value: x(value), span: SP }),
  /** `target in S`: nondeterministic assignment */
  pick: (target: Ex, S: Ex): AStmt => ({ k: 'assign', target: lval(target), op: 'in', value: x(S), span: SP }),
  if: (cond: Ex, then: St | readonly St[], els?: St | readonly St[]): AStmt => ({ k: 'if', cond: x(cond), then: block(then), else: els === undefined ? null : block(els), span: SP }),
  with: (name: string, S: Ex, body: St | readonly St[]): AStmt => ({ k: 'with', binders: [binder(name, S)], body: block(body), span: SP }),
  either: (...branches: (St | readonly St[])[]): AStmt => ({ k: 'either', branches: branches.map(block), span: SP }),
  let: (name: string, value: Ex): AStmt => ({ k: 'let', name, value: x(value), span: SP }),
  await: (cond: Ex): AStmt => ({ k: 'await', cond: x(cond), span: SP }),
  assert: (cond: Ex, message?: string): AStmt => ({ k: 'assert', cond: x(cond), message: message ?? null, span: SP }),
  skip: (): AStmt => ({ k: 'skip', span: SP }),
  goto: (label: string): AStmt => ({ k: 'goto', label, labelSpan: SP, span: SP }),
  /** match m { Prepared(r) => { ... } other => { ... } }: s.match('m', { Prepared: { bind: ['r'], body: [...] }, other: s.skip() }) */
  match: (target: Ex, cases: Record<string, St | readonly St[] | Arm<St | readonly St[]>>): AStmt => ({
    k: 'match', target: x(target), arms: arms(cases, block).map((a): AMatchStmtArm => ({ ...a, tagSpan: SP, span: SP })), span: SP,
  }),
  downRead: prim('down_read'), upRead: prim('up_read'), downWrite: prim('down_write'), upWrite: prim('up_write'),
  enqueue: prim('enqueue'), dequeue: prim('dequeue'), atomicInc: prim('atomic_inc'), atomicDec: prim('atomic_dec'),
};

/** Types. */
export const t = {
  bool: { k: 'bool', span: SP } as AType,
  range: (lo: Ex, hi: Ex): AType => ({ k: 'range', lo: x(lo), hi: x(hi), span: SP }),
  name: (n: string): AType => ({ k: 'name', name: n, span: SP }),
  set: (elem: Ty): AType => ({ k: 'set', elem: ty(elem), span: SP }),
  queue: (elem: Ty, cap: Ex): AType => ({ k: 'queue', elem: ty(elem), cap: x(cap), span: SP }),
  rwsem: (maxReaders?: Ex): AType => ({ k: 'rwsem', max: maxReaders === undefined ? null : x(maxReaders), span: SP }),
  atomic: (lo: Ex, hi: Ex): AType => ({ k: 'atomic', inner: { k: 'range', lo: x(lo), hi: x(hi), span: SP }, span: SP }),
  map: (key: Ty, value: Ty): AType => ({ k: 'map', key: ty(key), value: ty(value), span: SP }),
  record: (fields: Record<string, Ty>): AType => ({ k: 'record', fields: Object.entries(fields).map(([name, f]) => ({ name, type: ty(f), span: SP })), span: SP }),
  tuple: (...elems: Ty[]): AType => ({ k: 'tuple', elems: elems.map(ty), span: SP }),
};

/** A labelled process step (or use a { label: body } object in b.process). */
export function step(label: string, body: St | readonly St[], doc?: string): AStep {
  return { label, labelSpan: SP, body: block(body), span: SP, ...(doc !== undefined ? { doc } : {}) };
}

function respan<T>(node: T, span: Span): T {
  if (Array.isArray(node)) return node.map((n) => respan(n, span)) as unknown as T;
  if (node && typeof node === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, val] of Object.entries(node as Record<string, unknown>)) {
      out[k] = k === 'span' || k === 'nameSpan' || k === 'labelSpan' ? span : respan(val, span);
    }
    return out as T;
  }
  return node;
}

export type Params = Record<string, Ty>;
type DistOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export class SpecBuilder {
  private readonly decls: ADecl[] = [];
  constructor(readonly name: string, readonly file = BUILDER_FILE) {}

  private add(d: DistOmit<ADecl, 'span' | 'nameSpan'>): this {
    const line = this.decls.length + 1;
    const span: Span = { file: this.file, line, col: 1, endLine: line, endCol: 1 };
    this.decls.push(respan({ ...d, span, nameSpan: span } as ADecl, span));
    return this;
  }
  private params(ps: Params): AParam[] {
    return Object.entries(ps).map(([name, tp]) => ({ name, type: ty(tp), span: SP }));
  }

  /** `const NAME = value`: an integer, a boolean, or an enum member (`b.const('FAULT_AT', 'a')`). */
  const(name: string, value: Ex): this {
    return this.add({ k: 'const', name, value: { k: 'expr', expr: x(value) }, symmetric: false });
  }
  /** `const NAME = {a, b} [symmetric]`: a set of model values (an enum type). */
  modelValues(name: string, members: readonly string[], opts?: { symmetric?: boolean }): this {
    return this.add({ k: 'const', name, value: { k: 'modelValues', names: members.map((m) => ({ name: m, span: SP })) }, symmetric: opts?.symmetric ?? false });
  }
  enum(name: string, members: readonly string[]): this {
    return this.add({ k: 'enum', name, members: members.map((m) => ({ name: m, span: SP })) });
  }
  type(name: string, type: Ty): this {
    return this.add({ k: 'type', name, type: ty(type) });
  }
  def(name: string, params: readonly string[], body: Ex): this {
    return this.add({ k: 'def', name, params: params.map((p) => ({ name: p, span: SP })), body: x(body) });
  }
  /** `type NAME = A(f: T) | B`: a tagged union, variants in key order, each with its fields ({} for none). */
  union(name: string, variants: Record<string, Record<string, Ty>>): this {
    const vs = Object.entries(variants).map(([tag, fs]) => ({ tag, span: SP, fields: Object.entries(fs).map(([n, f]) => ({ name: n, type: ty(f), span: SP })) }));
    return this.add({ k: 'type', name, type: { k: 'union', name, variants: vs, span: SP } });
  }
  /** `def rec NAME(p: T, ...): R = body`: a recursive operator (typed, called, depth-limited); R may be 'int'. */
  defRec(name: string, params: Params, result: Ty, body: Ex): this {
    const ps = this.params(params);
    return this.add({ k: 'def', name, params: ps.map((p) => ({ name: p.name, span: SP })), body: x(body), rec: { params: ps, result: ty(result) } });
  }
  /** `var NAME: TYPE`; with { ghost: true }, `ghost var` (hidden in printed traces). */
  var(name: string | readonly string[], type: Ty, opts?: { ghost?: boolean }): this {
    const names = typeof name === 'string' ? [name] : name;
    return this.add({ k: 'var', names: names.map((n) => ({ name: n, span: SP })), type: ty(type), ...(opts?.ghost ? { ghost: true } : {}) });
  }
  init(body: St | readonly St[]): this {
    return this.add({ k: 'init', body: block(body) });
  }
  action(name: string, params: Params, opts: { when?: Ex; body: St | readonly St[]; doc?: string }): this {
    return this.add({ k: 'action', name, params: this.params(params), when: opts.when === undefined ? null : x(opts.when), body: block(opts.body), ...(opts.doc !== undefined ? { doc: opts.doc } : {}) });
  }
  /** Steps in order: either step(...) values or an object { label: body }. */
  process(name: string, params: Params, steps: readonly AStep[] | Record<string, St | readonly St[]>, opts?: { doc?: string }): this {
    const list = Array.isArray(steps) ? (steps as readonly AStep[]) : Object.entries(steps).map(([l, b]) => step(l, b as St | readonly St[]));
    return this.add({ k: 'process', name, params: this.params(params), steps: list, ...(opts?.doc !== undefined ? { doc: opts.doc } : {}) });
  }
  invariant(name: string, expr: Ex): this {
    return this.add({ k: 'invariant', name, expr: x(expr) });
  }
  constraint(expr: Ex, name?: string): this {
    return this.add({ k: 'constraint', name: name ?? null, expr: x(expr) });
  }
  property(name: string, formula: Ex): this {
    return this.add({ k: 'property', name, expr: x(formula) });
  }
  /**
   * fairness weak(target) (args omitted: every instance), weak(target(args))
   * (fewer args than parameters: a partial instance), with opts.forall =
   * [name, set]: one condition per value, with opts.or = [[target, args]]:
   * weak(target(args) | ...), the union as one action.
   */
  fairness(kind: 'weak' | 'strong', target: string, args?: readonly Ex[] | null, opts?: { forall?: [string, Ex][]; or?: [string, readonly Ex[] | null][] }): this {
    const or = (opts?.or ?? []).map(([t, a]) => ({ target: t, nameSpan: SP, args: a ? a.map(x) : null }));
    return this.add({ k: 'fairness', kind, binders: (opts?.forall ?? []).map(([n, S]) => binder(n, S)), target, args: args ? args.map(x) : null, ...(or.length ? { or } : {}) });
  }
  /** `property NAME: [][A]_sub` */
  actionProperty(name: string, A: Ex, sub: Ex): this {
    return this.property(name, e.actionBox(A, sub));
  }
  /** `refines "FILE" with { v = expr, ... }`: FILE is relative to this builder's file (spec(name, file)). */
  refines(file: string, mapping: Record<string, Ex> = {}): this {
    return this.add({ k: 'refines', file, items: Object.entries(mapping).map(([name, val]) => ({ name, nameSpan: SP, value: x(val), span: SP })) });
  }
  symmetric(...names: string[]): this {
    return this.add({ k: 'symmetric', names: names.map((n) => ({ name: n, span: SP })) });
  }
  /** Check and lower to the IR, exactly as compileSource does for text. */
  build(opts?: LoadOptions): LoadResult {
    return compileAst({ name: this.name, file: this.file, decls: this.decls }, opts);
  }
}

export function spec(name: string, file?: string): SpecBuilder {
  return new SpecBuilder(name, file);
}

export { stripSpans } from './strip.js';
