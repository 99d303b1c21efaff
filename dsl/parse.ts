// Ohm grammar + semantics: .uffd text -> AST (dsl/ast.ts), or a syntax error.
import type * as ohm from 'ohm-js';
import { readFileSync, existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join, basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Span } from './ir.js';
import { fromRecipe, ohmLib } from './ohm-recipe.js';
import type { ABinOp, ABinder, ADecl, AExpr, AIdent, ALValue, AMatchArm, AMatchStmtArm, AParam, APath, ASpec, AStep, AStmt, AVariant } from './ast.js';

function findGrammarFile(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, 'grammar.ohm'), join(here, '..', '..', 'dsl', 'grammar.ohm'), join(here, '..', 'dsl', 'grammar.ohm')];
  for (const c of candidates) if (existsSync(c)) return c;
  throw new Error(`cannot find dsl/grammar.ohm (looked in ${candidates.join(', ')})`);
}

let grammarCache: ohm.Grammar | undefined;
let semanticsCache: ohm.Semantics | undefined;

// `kw<"var">` is written for readability; plain lexical rules (`kw_var`)
// match noticeably faster in Ohm than applications of a parameterised rule.
function expandKeywords(src: string): string {
  const words = new Set<string>();
  const out = src.replace(/kw<"([A-Za-z_]+)">/g, (_m, w: string) => {
    words.add(w);
    return `kw_${w}`;
  });
  const rules = [...words].map((w) => `  kw_${w} = "${w}" ~identPart`).join('\n');
  return out.replace(/\n}\s*$/, `\n${rules}\n}\n`);
}

export function getGrammar(): ohm.Grammar {
  if (!grammarCache) {
    const source = grammarSource();
    grammarCache = recipeFor(source) ?? ohmLib().grammar(source);
  }
  return grammarCache;
}

export function grammarSource(): string {
  return expandKeywords(readFileSync(findGrammarFile(), 'utf8'));
}

// `npm run build` stores the grammar as an Ohm recipe next to this module
// (dsl/write-recipe.ts): loading it takes about 10 ms where compiling the
// source takes about 500 ms. Used only if made from this very source.
export const RECIPE_FILE = 'grammar.recipe.json';

export function sourceHash(source: string): string {
  return createHash('sha256').update(source).digest('hex');
}

function recipeFor(source: string): ohm.Grammar | null {
  const file = join(dirname(fileURLToPath(import.meta.url)), RECIPE_FILE);
  try {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { hash?: string; recipe?: string };
    if (saved.hash !== sourceHash(source) || typeof saved.recipe !== 'string') return null;
    return fromRecipe(saved.recipe);
  } catch {
    return null; // none (running from the TypeScript sources) or unreadable: compile the source
  }
}

// ---------------------------------------------------------------- positions
export class SourceMap {
  protected readonly starts: number[] = [0];
  constructor(readonly text: string, readonly file: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }
  pos(offset: number): { line: number; col: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - this.starts[lo] + 1 };
  }
  span(start: number, end: number): Span {
    const a = this.pos(start);
    const b = this.pos(Math.max(start, end));
    return { file: this.file, line: a.line, col: a.col, endLine: b.line, endCol: b.col };
  }
  lineText(line: number): string {
    const s = this.starts[line - 1];
    if (s === undefined) return '';
    const e = line < this.starts.length ? this.starts[line] - 1 : this.text.length;
    return this.text.slice(s, e).replace(/\r$/, '');
  }
  // the block of `//` comments (or one /* */ comment) right above `offset`'s
  // line; a blank line or a separator line (isSeparator) ends it
  docAbove(offset: number): string | undefined {
    const { line } = this.pos(offset);
    const lines: string[] = [];
    let l = line - 1;
    while (l >= 1) {
      const t = this.lineText(l).trim();
      if (isSeparator(t)) break;
      if (t.startsWith('//')) {
        lines.unshift(t.replace(/^\/\/+\s?/, ''));
        l--;
      } else if (t.endsWith('*/') && lines.length === 0) {
        // only a /* */ comment on lines of its own: `x = 1 /* c */` documents nothing
        if (t.includes('/*') && !t.startsWith('/*')) break;
        const block: string[] = [];
        let opened = false;
        while (l >= 1) {
          const u = this.lineText(l).trim();
          block.unshift(u);
          if (u.startsWith('/*')) { opened = true; break; }
          if (u.includes('/*') || (block.length > 1 && u.includes('*/'))) break;
          l--;
        }
        if (!opened) break;
        const s = block.join('\n').replace(/^\/\*+/, '').replace(/\*+\/$/, '');
        return s.split('\n').map((x) => x.trim().replace(/^\*\s?/, '')).join('\n').trim() || undefined;
      } else break;
    }
    return lines.length ? lines.join('\n').trim() || undefined : undefined;
  }
  // a `// comment` at the end of the line holding `offset`
  trailingComment(offset: number): string | undefined {
    const t = this.lineText(this.pos(offset).line);
    const i = t.indexOf('//');
    return i >= 0 ? t.slice(i + 2).trim() || undefined : undefined;
  }
}

// `// ---- coordinator ----`, `// ==========`: a comment line that starts with
// a rule of three or more `-`, `=`, `*`, `#` or `~` heads a section of the
// file; it documents no declaration.
export function isSeparator(line: string): boolean {
  return /^\/\/+\s*([-=*#~])\1\1/.test(line);
}

let cur: SourceMap;

function sp(n: ohm.Node): Span {
  return cur.span(n.source.startIdx, n.source.endIdx);
}
function spBetween(a: ohm.Node, b: ohm.Node): Span {
  return cur.span(a.source.startIdx, b.source.endIdx);
}
function kids(n: ohm.Node): ohm.Node[] {
  return n.children;
}
function list(n: ohm.Node): ohm.Node[] {
  return n.asIteration().children;
}
function opt<T>(n: ohm.Node, f: (c: ohm.Node) => T): T | null {
  return n.children.length ? f(n.children[0]) : null;
}
function ident(n: ohm.Node): AIdent {
  return { name: n.sourceString, span: sp(n) };
}

const BINOPS: Record<string, ABinOp> = {
  '~>': 'leadsto', '<=>': 'iff', '=>': 'implies',
  '||': 'or', '\\/': 'or', or: 'or', '&&': 'and', '/\\': 'and', and: 'and',
  '==': 'eq', '=': 'eq', '!=': 'ne', '/=': 'ne', '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge',
  in: 'in', '\\in': 'in', notin: 'notin', '\\notin': 'notin', subseteq: 'subseteq', '\\subseteq': 'subseteq',
  union: 'union', '\\cup': 'union', inter: 'inter', '\\cap': 'inter', minus: 'diff', '\\': 'diff',
  '..': 'range', '++': 'concat', '\\o': 'concat', '+': 'add', '-': 'sub', '*': 'mul', '/': 'div', '%': 'mod',
};

function bin(this: ohm.Node, l: ohm.Node, op: ohm.Node, r: ohm.Node): AExpr {
  const o = BINOPS[op.sourceString];
  return { k: 'bin', op: o, left: l.ast(), right: r.ast(), span: sp(this) };
}

// `First (op Next)*`, folded to the left
function leftFold(this: ohm.Node, first: ohm.Node, ops: ohm.Node, rests: ohm.Node): AExpr {
  let acc = first.ast() as AExpr;
  const os = kids(ops);
  const rs = kids(rests);
  for (let i = 0; i < os.length; i++) {
    acc = { k: 'bin', op: BINOPS[os[i].sourceString], left: acc, right: rs[i].ast(), span: spBetween(first, rs[i]) };
  }
  return acc;
}

function binder(n: ohm.Node): ABinder {
  return n.ast();
}

function makeSemantics(g: ohm.Grammar): ohm.Semantics {
  const s = g.createSemantics();
  const actions: Record<string, (this: ohm.Node, ...args: ohm.Node[]) => unknown> = {
    Spec(header, decls, _end) {
      const name = opt(header, (h) => kids(h)[1].sourceString);
      return { name, decls: kids(decls).map((d) => d.ast()) };
    },
    ConstDecl(_k, name, _eq, value, symm) {
      return { k: 'const', name: name.sourceString, nameSpan: sp(name), value: value.ast(), symmetric: symm.children.length > 0, span: sp(this) };
    },
    ConstValue_modelValues(_o, names, _c) {
      return { k: 'modelValues', names: list(names).map(ident) };
    },
    ConstValue_expr(e) {
      return { k: 'expr', expr: e.ast() };
    },
    EnumDecl(_k, name, _o, members, _comma, _c) {
      return { k: 'enum', name: name.sourceString, nameSpan: sp(name), members: list(members).map(ident), span: sp(this) };
    },
    UnionDecl(_k, name, _eq, first, _bars, rest) {
      const variants: AVariant[] = [first.ast(), ...rest.children.map((v) => v.ast())];
      return { k: 'type', name: name.sourceString, nameSpan: sp(name), type: { k: 'union', name: name.sourceString, variants, span: sp(this) }, span: sp(this) };
    },
    Variant(tag, fields): AVariant {
      return { tag: tag.sourceString, span: sp(this), fields: opt(fields, (f) => list(kids(f)[1]).map((x) => x.ast())) ?? [] };
    },
    TypeDecl(_k, name, _eq, type) {
      return { k: 'type', name: name.sourceString, nameSpan: sp(name), type: type.ast(), span: sp(this) };
    },
    DefDecl(_k, name, params, _eq, body) {
      const ps = opt(params, (p) => list(kids(p)[1]).map(ident)) ?? [];
      return { k: 'def', name: name.sourceString, nameSpan: sp(name), params: ps, body: body.ast(), span: sp(this) };
    },
    RecDefDecl(_k, _rec, name, params, _c, result, _eq, body) {
      const ps: AParam[] = params.ast();
      return { k: 'def', name: name.sourceString, nameSpan: sp(name), params: ps.map((p) => ({ name: p.name, span: p.span })), body: body.ast(), rec: { params: ps, result: result.ast() }, span: sp(this) };
    },
    VarDecl(ghost, _k, names, _c, type) {
      const g = ghost.children.length > 0;
      return { k: 'var', names: list(names).map(ident), nameSpan: sp(names), type: type.ast(), ...(g ? { ghost: true } : {}), span: sp(this) };
    },
    InitDecl(k, block) {
      return { k: 'init', body: block.ast(), nameSpan: sp(k), span: sp(this) };
    },
    ActionDecl(k, name, params, when, block) {
      const ps: AParam[] = opt(params, (p) => p.ast()) ?? [];
      const doc = cur.docAbove(k.source.startIdx);
      return {
        k: 'action', name: name.sourceString, nameSpan: sp(name), params: ps,
        when: opt(when, (w) => kids(w)[1].ast()), body: block.ast(), span: sp(this), ...(doc !== undefined ? { doc } : {}),
      };
    },
    Params(_o, ps, _c) {
      return list(ps).map((p) => p.ast());
    },
    Param(name, _c, type): AParam {
      return { name: name.sourceString, type: type.ast(), span: sp(this) };
    },
    ProcessDecl(k, name, params, _o, steps, _c) {
      const ps: AParam[] = opt(params, (p) => p.ast()) ?? [];
      const doc = cur.docAbove(k.source.startIdx);
      return {
        k: 'process', name: name.sourceString, nameSpan: sp(name), params: ps,
        steps: kids(steps).map((st) => st.ast()), span: sp(this), ...(doc !== undefined ? { doc } : {}),
      };
    },
    Step(label, _c, items): AStep {
      const doc = cur.docAbove(label.source.startIdx) ?? cur.trailingComment(label.source.startIdx);
      return { label: label.sourceString, labelSpan: sp(label), body: kids(items).map((i) => i.ast()), span: sp(this), ...(doc !== undefined ? { doc } : {}) };
    },
    InvariantDecl(_k, name, _c, e) {
      return { k: 'invariant', name: name.sourceString, nameSpan: sp(name), expr: e.ast(), span: sp(this) };
    },
    ConstraintDecl_named(_k, name, _c, e) {
      return { k: 'constraint', name: name.sourceString, nameSpan: sp(name), expr: e.ast(), span: sp(this) };
    },
    ConstraintDecl_anon(k, e) {
      return { k: 'constraint', name: null, nameSpan: sp(k), expr: e.ast(), span: sp(this) };
    },
    PropertyDecl(_k, name, _c, e) {
      return { k: 'property', name: name.sourceString, nameSpan: sp(name), expr: e.ast(), span: sp(this) };
    },
    FairnessDecl(_k, prefix, kind, _o, target, args, more, _c) {
      const or = more.children.map((m) => { const [, t, a] = kids(m); return { target: t.sourceString.replace(/\s+/g, ''), nameSpan: sp(t), args: opt(a, (x) => list(kids(x)[1]).map((y) => y.ast())) }; });
      return {
        k: 'fairness', kind: kind.sourceString as 'weak' | 'strong', binders: opt(prefix, (p) => list(kids(p)[1]).map(binder)) ?? [],
        target: target.sourceString.replace(/\s+/g, ''), nameSpan: sp(target), args: opt(args, (a) => list(kids(a)[1]).map((x) => x.ast())), span: sp(this),
        ...(or.length ? { or } : {}),
      };
    },
    SymmetricDecl(k, names) {
      return { k: 'symmetric', names: list(names).map(ident), nameSpan: sp(k), span: sp(this) };
    },
    RefinesDecl(_k, file, items) {
      return { k: 'refines', file: JSON.parse(file.sourceString) as string, nameSpan: sp(file), items: opt(items, (w) => list(kids(w)[2]).map((i) => i.ast())) ?? [], span: sp(this) };
    },
    RefineItem(name, _dot, field, _eq, e) {
      const f = field.children[0];
      return { name: name.sourceString + (f ? `.${f.sourceString}` : ''), nameSpan: spBetween(name, f ?? name), value: e.ast(), span: sp(this) };
    },
    // ---------------------------------------------------------- types
    Type_bool(_k) { return { k: 'bool', span: sp(this) }; },
    Type_set(_k, _o, t, _c) { return { k: 'set', elem: t.ast(), span: sp(this) }; },
    Type_queue(_k, _o, t, _comma, cap, _c) { return { k: 'queue', elem: t.ast(), cap: cap.ast(), span: sp(this) }; },
    Type_rwsemN(_k, _o, n, _c) { return { k: 'rwsem', max: n.ast(), span: sp(this) }; },
    Type_rwsem(_k) { return { k: 'rwsem', max: null, span: sp(this) }; },
    Type_atomic(_k, _o, t, _c) { return { k: 'atomic', inner: t.ast(), span: sp(this) }; },
    Type_map(_o, k, _a, v, _c) { return { k: 'map', key: k.ast(), value: v.ast(), span: sp(this) }; },
    Type_record(_o, fs, _c) { return { k: 'record', fields: list(fs).map((f) => f.ast()), span: sp(this) }; },
    FieldType(n, _c, t) { return { name: n.sourceString, type: t.ast(), span: sp(this) }; },
    Type_tuple(_o, ts, _c) { return { k: 'tuple', elems: list(ts).map((t) => t.ast()), span: sp(this) }; },
    Type_range(lo, _d, hi) { return { k: 'range', lo: lo.ast(), hi: hi.ast(), span: sp(this) }; },
    Type_name(n) { return { k: 'name', name: n.sourceString, span: sp(this) }; },
    // ---------------------------------------------------------- statements
    Block(_o, items, _c) { return kids(items).map((i) => i.ast()); },
    StmtItem(s, _semi) { return s.ast(); },
    IfStmt(_k, c, then, els): AStmt {
      return { k: 'if', cond: c.ast(), then: then.ast(), else: opt(els, (e) => e.ast()), span: sp(this) };
    },
    ElseClause_elseif(_k, s) { return [s.ast()]; },
    ElseClause_else(_k, b) { return b.ast(); },
    MatchStmt(_k, target, _o, arms, _c): AStmt { return { k: 'match', target: target.ast(), arms: arms.children.map((a) => a.ast()), span: sp(this) }; },
    MatchStmtArm(pat, _a, block, _comma): AMatchStmtArm {
      const p = pat.ast() as { tag: string | null; tagSpan: Span; binds: AIdent[] };
      return { ...p, body: block.ast(), span: sp(this) };
    },
    WithStmt(_k, bs, body) { return { k: 'with', binders: list(bs).map(binder), body: body.ast(), span: sp(this) }; },
    EitherStmt(_k, first, rest) { return { k: 'either', branches: [first.ast(), ...kids(rest).map((r) => kids(r)[1].ast())], span: sp(this) }; },
    LetStmt(_k, n, _e, v) { return { k: 'let', name: n.sourceString, value: v.ast(), span: sp(this) }; },
    AwaitStmt(_k, e) { return { k: 'await', cond: e.ast(), span: sp(this) }; },
    AssertStmt(_k, e, msg) {
      return { k: 'assert', cond: e.ast(), message: opt(msg, (m) => JSON.parse(kids(m)[1].sourceString) as string), span: sp(this) };
    },
    SkipStmt(_k) { return { k: 'skip', span: sp(this) }; },
    GotoStmt(_k, l) { return { k: 'goto', label: l.sourceString, labelSpan: sp(l), span: sp(this) }; },
    CallStmt(n, _o, args, _c) { return { k: 'call', name: n.sourceString, nameSpan: sp(n), args: list(args).map((a) => a.ast()), span: sp(this) }; },
    AssignStmt(lv, op, e) {
      const o = op.sourceString.trim();
      return { k: 'assign', target: lv.ast(), op: (o === '\\in' ? 'in' : o) as '=' | '+=' | '-=' | 'in', value: e.ast(), span: sp(this) };
    },
    LValue(n, path): ALValue { return { name: n.sourceString, nameSpan: sp(n), path: kids(path).map((p) => p.ast()), span: sp(this) }; },
    LPath_index(_o, es, _c): APath {
      const keys = list(es).map((e) => e.ast() as AExpr);
      return { k: 'index', key: keys.length === 1 ? keys[0] : { k: 'tuple', elems: keys, span: sp(es) }, span: sp(this) };
    },
    LPath_field(_d, n): APath { return { k: 'field', name: n.sourceString, span: sp(this) }; },
    Binder(n, _in, e): ABinder { return { name: n.sourceString, domain: e.ast(), span: sp(this) }; },
    // ---------------------------------------------------------- expressions
    Not_not(_op, e) { return { k: 'un', op: 'not', arg: e.ast(), span: sp(this) }; },
    NotNI_not(_op, e) { return { k: 'un', op: 'not', arg: e.ast(), span: sp(this) }; },
    Not_always(_op, e) { return { k: 'un', op: 'always', arg: e.ast(), span: sp(this) }; },
    Not_actionBox(_box, _o, a, _c, _u, v) { return { k: 'actionBox', action: a.ast(), sub: v.ast(), span: sp(this) }; },
    Not_eventually(_op, e) { return { k: 'un', op: 'eventually', arg: e.ast(), span: sp(this) }; },
    Unary_neg(_op, e): AExpr {
      const a = e.ast() as AExpr;
      if (a.k === 'num') return { k: 'num', value: -a.value, span: sp(this) };
      return { k: 'un', op: 'neg', arg: a, span: sp(this) };
    },
    Postfix(prim, ops): AExpr {
      let acc = prim.ast() as AExpr;
      for (const op of kids(ops)) {
        const span = spBetween(prim, op);
        const c = kids(kids(op)[0]);
        if (op.children[0].ctorName === 'PostOp_index') acc = { k: 'index', target: acc, args: list(c[1]).map((a) => a.ast()), span };
        else if (op.children[0].ctorName === 'PostOp_prime') acc = { k: 'un', op: 'prime', arg: acc, span };
        else acc = { k: 'field', target: acc, name: c[1].sourceString, span };
      }
      return acc;
    },
    Primary_paren(_o, e, _c) { return e.ast(); },
    Primary_num(n) { return { k: 'num', value: Number(n.sourceString), span: sp(this) }; },
    Primary_true(_k) { return { k: 'bool', value: true, span: sp(this) }; },
    Primary_false(_k) { return { k: 'bool', value: false, span: sp(this) }; },
    Primary_if(_i, c, _t, a, _e, b) { return { k: 'if', cond: c.ast(), then: a.ast(), else: b.ast(), span: sp(this) }; },
    Primary_case(_k, arms) {
      const all = list(arms).map((a) => a.ast() as { cond: AExpr | null; value: AExpr });
      const other = all.find((a) => a.cond === null)?.value ?? null;
      return { k: 'case', arms: all.filter((a) => a.cond !== null), other, span: sp(this) };
    },
    CaseArm_other(_k, _a, e) { return { cond: null, value: e.ast() }; },
    CaseArm_arm(c, _a, e) { return { cond: c.ast(), value: e.ast() }; },
    Primary_let(_k, binds, _in, body) { return { k: 'let', binds: list(binds).map((b) => b.ast()), body: body.ast(), span: sp(this) }; },
    LetBind(n, _e, v) { return { name: n.sourceString, value: v.ast(), span: sp(this) }; },
    Primary_quant(q, bs, _c, body) {
      const qq = q.sourceString.startsWith('forall') || q.sourceString === '\\A' ? 'forall' : 'exists';
      return { k: 'quant', q: qq, binders: list(bs).map(binder), body: body.ast(), span: sp(this) };
    },
    Primary_choose(_k, b, _c, p) { return { k: 'choose', binder: binder(b), pred: p.ast(), span: sp(this) }; },
    Primary_setFilter(_o, n, _in, d, _c, p, _cl) {
      return { k: 'setFilter', binder: { name: n.sourceString, domain: d.ast(), span: spBetween(n, d) }, pred: p.ast(), span: sp(this) };
    },
    Primary_setMap(_o, body, _c, bs, _cl) { return { k: 'setMap', body: body.ast(), binders: list(bs).map(binder), span: sp(this) }; },
    Primary_setLit(_o, es, _c) { return { k: 'setLit', elems: list(es).map((e) => e.ast()), span: sp(this) }; },
    Primary_tuple(_o, es, _c) { return { k: 'tuple', elems: list(es).map((e) => e.ast()), span: sp(this) }; },
    Primary_except(_o, t, _k, items, _c) { return { k: 'except', target: t.ast(), items: list(items).map((i) => i.ast()), span: sp(this) }; },
    ExceptItem(_b, path, _e, v) { return { path: kids(path).map((p) => p.ast()), value: v.ast() }; },
    ExceptPath_index(_o, e, _c): APath { return { k: 'index', key: e.ast(), span: sp(this) }; },
    ExceptPath_field(_d, n): APath { return { k: 'field', name: n.sourceString, span: sp(this) }; },
    Primary_mapBuild(_o, b, _a, body, _c) { return { k: 'mapBuild', binder: binder(b), body: body.ast(), span: sp(this) }; },
    Primary_record(_o, fs, _c) { return { k: 'record', fields: list(fs).map((f) => f.ast()), span: sp(this) }; },
    RecField(n, _a, v) { return { name: n.sourceString, value: v.ast(), span: sp(this) }; },
    Primary_recordSet(_o, fs, _c) { return { k: 'recordSet', fields: list(fs).map((f) => f.ast()), span: sp(this) }; },
    RecSetField(n, _a, v) { return { name: n.sourceString, set: v.ast(), span: sp(this) }; },
    Primary_mapSet(_o, d, _a, r, _c) { return { k: 'mapSet', domain: d.ast(), range: r.ast(), span: sp(this) }; },
    Primary_subset(k, e) { return { k: 'call', name: 'powerset', nameSpan: sp(k), args: [e.ast()], span: sp(this) }; },
    Primary_domain(k, e) { return { k: 'call', name: 'domain', nameSpan: sp(k), args: [e.ast()], span: sp(this) }; },
    Primary_match(_k, target, _o, arms, _c) { return { k: 'match', target: target.ast(), arms: arms.children.map((a) => a.ast()), span: sp(this) }; },
    MatchArm(pat, _a, body, _comma): AMatchArm {
      const p = pat.ast() as { tag: string | null; tagSpan: Span; binds: AIdent[] };
      return { ...p, body: body.ast(), span: sp(this) };
    },
    MatchPattern_other(k) { return { tag: null, tagSpan: sp(k), binds: [] }; },
    MatchPattern_tag(n, binds) { return { tag: n.sourceString, tagSpan: sp(n), binds: opt(binds, (b) => list(kids(b)[1]).map(ident)) ?? [] }; },
    Primary_namedCall(n, _o, args, _c) { return { k: 'namedCall', name: n.sourceString, nameSpan: sp(n), args: list(args).map((a) => a.ast()), span: sp(this) }; },
    NamedArg(n, _c, e) { return { name: n.sourceString, value: e.ast(), span: sp(this) }; },
    Primary_call(n, _o, args, _c) { return { k: 'call', name: n.sourceString, nameSpan: sp(n), args: list(args).map((a) => a.ast()), span: sp(this) }; },
    Primary_name(n) { return { k: 'name', name: n.sourceString, span: sp(this) }; },
  };
  for (const r of ['LeadsTo', 'Implies', 'Cmp', 'RangeE', 'ImpliesNI', 'CmpNI']) {
    actions[`${r}_bin`] = bin;
  }
  for (const r of ['Equiv', 'Or', 'And', 'SetE', 'Add', 'Mul', 'EquivNI', 'OrNI', 'AndNI']) actions[r] = leftFold;
  s.addOperation('ast', actions as unknown as ohm.ActionDict<unknown>);
  return s;
}

export type ParseResult =
  | { ok: true; ast: ASpec }
  | { ok: false; errors: { span: Span; message: string }[] };

interface SyntaxErr { pos: number; span: Span; message: string }

const KEYWORDS = new Set(('spec const enum type def var init action process when invariant constraint property fairness symmetric ' +
  'if then else with either or and not let await assert skip goto forall exists choose case other true false in notin ' +
  'subseteq union inter minus except SUBSET DOMAIN TRUE FALSE').split(' '));

function describeFound(text: string, pos: number): string {
  if (pos >= text.length) return 'the end of the file';
  const rest = text.slice(pos);
  const m = /^[A-Za-z_][A-Za-z0-9_]*|^[0-9]+|^(\|->|<=>|~>|==|!=|<=|>=|\+=|-=|->|\.\.|&&|\|\||<<|>>|\[\]|<>)/.exec(rest);
  const tok = m ? m[0] : rest[0] === '\n' ? 'the end of the line' : rest[0];
  return tok === 'the end of the line' ? tok : `'${tok}'`;
}

function failureTexts(m: ohm.MatchResult): string[] | null {
  try {
    const fs = (m as unknown as { getRightmostFailures(): { getText(): string }[] }).getRightmostFailures();
    return [...new Set(fs.map((f) => f.getText()))];
  } catch {
    return null;
  }
}

function describeExpected(m: ohm.MatchResult): string {
  // `not ("=" or ">")` is a lookahead of the grammar, not something a user can write
  const texts = failureTexts(m)?.filter((t) => !t.startsWith('not '));
  if (!texts) return 'something else';
  const has = (t: string): boolean => texts.includes(t);
  const groups: string[] = [];
  const covered = new Set<string>();
  const cover = (desc: string, members: string[]): void => {
    groups.push(desc);
    for (const x of members) covered.add(x);
  };
  const EXPR = ['a name', 'a number', '(', '{', '[', '<<', 'DOMAIN', 'SUBSET', 'TRUE', 'FALSE', 'choose', 'match', '\\E', '\\A', 'exists', 'forall', 'let', 'case', 'if', 'false', 'true', '-', '<>', '[]', 'not', '~', '!'];
  const TYPE = ['bool', 'set', 'queue', 'seq', 'rwsem', 'atomic'];
  const DECL = ['spec', 'const', 'enum', 'type', 'def', 'ghost', 'var', 'init', 'action', 'process', 'invariant', 'constraint', 'property', 'fairness', 'symmetric', 'refines', 'end of input'];
  const STMT = ['with', 'either', 'await', 'assert', 'skip', 'goto'];
  if (has('bool') && has('rwsem')) cover('a type', [...TYPE, ...EXPR]);
  else if (has('a number') && has('(')) cover('an expression', EXPR);
  if (has('action') && has('var')) cover('a declaration', DECL);
  if (has('skip') && has('await')) cover('a statement', [...STMT, 'if', 'let', 'a name']);
  const rest = texts.filter((t) => !covered.has(t));
  for (const t of rest) groups.push(/^(a|an) /.test(t) ? t : `'${t}'`);
  if (groups.length === 0) return 'something else';
  const shown = groups.slice(0, 6);
  return shown.length === 1 ? shown[0] : `${shown.slice(0, -1).join(', ')} or ${shown[shown.length - 1]}`;
}

// `text` was matched on its own; it starts at offset `base` of the file.
function syntaxError(m: ohm.FailedMatchResult, text: string, base = 0): SyntaxErr {
  const local = m.getRightmostFailurePosition();
  const e = syntaxErrorAt(m, text, local);
  return { ...e, pos: e.pos + base, span: cur.span(e.start + base, e.end + base) };
}

function syntaxErrorAt(m: ohm.FailedMatchResult, text: string, pos: number): { pos: number; start: number; end: number; message: string } {
  const expected = describeExpected(m);
  const found = describeFound(text, pos);
  const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(pos))?.[0];
  if (word && KEYWORDS.has(word) && /\ba name\b/.test(expected)) {
    return { pos, start: pos, end: pos + word.length, message: `'${word}' is a reserved word and cannot be used as a name` };
  }
  // `const P` alone: a constant always has a value in the spec
  const bare = /\bconst\s+([A-Za-z_][A-Za-z0-9_]*)\s*$/.exec(text.slice(Math.max(0, pos - 200), pos));
  if (bare && !text.slice(pos).startsWith('=')) {
    const start = pos - bare[0].length + bare[0].indexOf(bare[1], 5);
    return { pos, start, end: start + bare[1].length, message: `const ${bare[1]} has no value: write 'const ${bare[1]} = 3' (a default; --const ${bare[1]}=... overrides it)` };
  }
  // `x == 1` where a statement belongs: the grammar fails on the second '='
  if (text[pos - 1] === '=' && (text[pos] === '=' || text[pos] === '>') && failureTexts(m)?.includes('not ("=" or ">")')) {
    const op = `=${text[pos]}`;
    return { pos, start: pos - 1, end: pos + 1, message: `expected a statement such as 'x = 1', found '${op}'${op === '==' ? ": a comparison is not a statement ('x = 1' assigns, 'await x == 1' waits until it holds)" : ''}` };
  }
  // `elif c { ... }`: parsed as a statement that starts with a name
  const prev = /\b(elif|elsif|elseif)\s+$/.exec(text.slice(Math.max(0, pos - 40), pos));
  if (prev) {
    const start = pos - prev[0].length;
    return { pos, start, end: start + prev[1].length, message: `there is no '${prev[1]}': write 'else if cond { ... }'` };
  }
  const endPos = found.startsWith("'") ? pos + found.length - 2 : pos + 1;
  return { pos, start: pos, end: Math.min(endPos, Math.max(pos + 1, text.length)), message: `expected ${expected}, found ${found}` };
}

const DECL_START = /^(spec|const|enum|type|def|var|init|action|process|invariant|constraint|property|fairness|symmetric)\b/;

// After the first syntax error, parse each later top-level declaration on its
// own (matched alone, positions shifted back) to report its errors too.
function laterSyntaxErrors(g: ohm.Grammar, text: string, after: number): SyntaxErr[] {
  const lines = text.split('\n');
  const starts: number[] = [];
  let off = 0;
  for (const l of lines) {
    if (DECL_START.test(l)) starts.push(off);
    off += l.length + 1;
  }
  const out: SyntaxErr[] = [];
  for (let i = 0; i < starts.length; i++) {
    const a = starts[i];
    const b = i + 1 < starts.length ? starts[i + 1] : text.length;
    if (a <= after) continue;
    const chunk = text.slice(a, b);
    const m = g.match(chunk);
    if (m.failed()) out.push(syntaxError(m, chunk, a));
    if (out.length >= 20) break;
  }
  return out;
}

export function parseSource(text: string, file: string): ParseResult {
  const g = getGrammar();
  if (!semanticsCache) semanticsCache = makeSemantics(g);
  const m = g.match(text);
  cur = new SourceMap(text, file);
  if (m.failed()) {
    const first = syntaxError(m, text);
    let errors = [first];
    try {
      errors = [first, ...laterSyntaxErrors(g, text, first.pos)];
    } catch {
      // keep the first error only
    }
    return { ok: false, errors: errors.map(({ span, message }) => ({ span, message })) };
  }
  const r = semanticsCache(m).ast() as { name: string | null; decls: ADecl[] };
  const name = r.name ?? basename(file).replace(/\.[^.]*$/, '');
  return { ok: true, ast: { name, file, decls: r.decls } };
}
