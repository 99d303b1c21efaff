// Print the IR (dsl/ir.ts) back in .uffd-like notation, normalised: locals by
// name (never by slot), variables by name, literals through their type (enum
// members by name, booleans as true/false), no spans, no comments. Two IR
// fragments that print the same are the same for `uffd-spec diff`.
// Constants are already folded into literals in the IR, so `if !CHECK` of the
// source prints as `if !true`.
import type { ConstDecl, Expr, FairAction, Fairness, LValue, PathStep, Stmt, Temporal, Type } from './ir.js';

const SYM: Record<string, string> = {
  add: '+', sub: '-', mul: '*', div: '/', mod: '%', eq: '==', ne: '!=', lt: '<', le: '<=', gt: '>', ge: '>=',
  and: '&&', or: '||', implies: '=>', iff: '<=>', in: 'in', notin: 'notin', union: 'union', inter: 'inter',
  diff: 'minus', subseteq: 'subseteq', concat: '++', range: '..',
};
const PREC: Record<string, number> = {
  iff: 2, implies: 3, or: 4, and: 5, eq: 7, ne: 7, lt: 7, le: 7, gt: 7, ge: 7, in: 7, notin: 7, subseteq: 7,
  union: 8, inter: 8, diff: 8, range: 9, add: 10, sub: 10, concat: 10, mul: 11, div: 11, mod: 11,
};

// A constant's value in --const syntax: 3, false, {p1,p2} (sep: between
// model values), or an enum member by name.
export function printConstValue(c: ConstDecl, sep = ','): string {
  if (Array.isArray(c.value)) return `{${c.value.join(sep)}}`;
  const v = c.value as number;
  if (c.type.kind === 'bool') return String(Boolean(v));
  if (c.type.kind === 'enum') return c.type.members[v] ?? String(v);
  return String(v);
}

export function printType(t: Type): string {
  switch (t.kind) {
    case 'bool': return 'bool';
    case 'int': return Number.isFinite(t.lo) && Number.isFinite(t.hi) ? `${t.lo}..${t.hi}` : 'int';
    case 'enum': return t.name;
    case 'record': return `[${t.fields.map((f) => `${f.name}: ${printType(f.type)}`).join(', ')}]`;
    case 'tuple': return `<<${t.elems.map(printType).join(', ')}>>`;
    case 'set': return `set<${printType(t.elem)}>`;
    case 'map': return `[${printType(t.key)} -> ${printType(t.value)}]`;
    case 'seq': return Number.isFinite(t.cap) ? `queue<${printType(t.elem)}, ${t.cap}>` : `seq<${printType(t.elem)}>`;
    case 'rwsem': return `rwsem<${t.maxReaders}>`;
    case 'union': return t.name;
    case 'any': return 'any';
  }
}

// The set of every value of a finite type, as a name would denote it.
function printAll(t: Type): string {
  if (t.kind === 'bool') return 'BOOLEAN';
  return printType(t);
}

function printLit(t: Type, v: number): string {
  switch (t.kind) {
    case 'bool': return v ? 'true' : 'false';
    case 'enum': return t.members[v] ?? `${t.name}#${v}`;
    default: return String(v);
  }
}

function prec(e: Expr): number {
  switch (e.op) {
    case 'bin': return e.fn === 'append' ? 13 : PREC[e.fn];
    case 'un': return e.fn === 'neg' ? 12 : e.fn === 'not' ? 6 : 13;
    case 'if': case 'case': case 'let': case 'quant': case 'choose': return 0;
    case 'lit': return e.value < 0 && e.type.kind !== 'enum' && e.type.kind !== 'bool' ? 12 : 13;
    default: return 13;
  }
}

function wrap(e: Expr, min: number): string {
  const s = printExpr(e);
  return prec(e) < min ? `(${s})` : s;
}

function printPath(p: readonly PathStep[]): string {
  return p.map((s) => (s.kind === 'field' ? `.${s.name}` : `[${printExpr(s.key)}]`)).join('');
}

export function printExpr(e: Expr): string {
  switch (e.op) {
    case 'lit': return printLit(e.type, e.value);
    case 'all': return printAll(e.of);
    case 'var': return e.name;
    case 'local': return e.name;
    case 'un':
      if (e.fn === 'neg') return `-${wrap(e.arg, 12)}`;
      if (e.fn === 'not') return `!${wrap(e.arg, 6)}`;
      return `${e.fn}(${printExpr(e.arg)})`;
    case 'bin': {
      if (e.fn === 'append') return `append(${printExpr(e.left)}, ${printExpr(e.right)})`;
      const p = PREC[e.fn];
      const rightAssoc = e.fn === 'implies';
      return `${wrap(e.left, rightAssoc ? p + 1 : p)} ${SYM[e.fn]} ${wrap(e.right, rightAssoc ? p : p + 1)}`;
    }
    case 'setLit': return `{${e.elems.map(printExpr).join(', ')}}`;
    case 'seqLit': case 'tupleLit': return `<<${e.elems.map(printExpr).join(', ')}>>`;
    case 'recordLit': return `[${e.fields.map((f) => `${f.name} |-> ${printExpr(f.value)}`).join(', ')}]`;
    case 'mapBuild': return `[${e.name} in ${printExpr(e.domain)} |-> ${printExpr(e.body)}]`;
    case 'setFilter': return `{${e.name} in ${printExpr(e.domain)}: ${printExpr(e.pred)}}`;
    case 'setMap': return `{${printExpr(e.body)} : ${e.name} in ${printExpr(e.domain)}}`;
    case 'recordSet': return `[${e.fields.map((f) => `${f.name}: ${printExpr(f.set)}`).join(', ')}]`;
    case 'mapSet': return `[${printExpr(e.domain)} -> ${printExpr(e.range)}]`;
    case 'variant': {
      const v = (e.type as Extract<Type, { kind: 'union' }>).variants[e.tag];
      return e.args.length ? `${v.tag}(${e.args.map(printExpr).join(', ')})` : v.tag;
    }
    case 'match': {
      const vs = (e.target.type as Extract<Type, { kind: 'union' }>).variants;
      const arms = e.arms.map((a) => `${vs[a.tag].tag}${a.slots.length ? `(${vs[a.tag].fields.map((f) => f.name).join(', ')})` : ''} => ${printExpr(a.body)}`);
      return `match ${printExpr(e.target)} { ${[...arms, ...(e.other ? [`other => ${printExpr(e.other)}`] : [])].join(', ')} }`;
    }
    case 'recCall': return `${e.name}(${e.args.map(printExpr).join(', ')})`;
    case 'apply': return `${wrap(e.target, 13)}[${printExpr(e.arg)}]`;
    case 'field': return `${wrap(e.target, 13)}.${e.name}`;
    case 'update': return `[${printExpr(e.target)} except !${printPath(e.path)} = ${printExpr(e.value)}]`;
    case 'if': return `if ${printExpr(e.cond)} then ${printExpr(e.then)} else ${printExpr(e.else)}`;
    case 'case': return `case ${[...e.arms.map((a) => `${printExpr(a.cond)} -> ${printExpr(a.value)}`), ...(e.other ? [`other -> ${printExpr(e.other)}`] : [])].join(' [] ')}`;
    case 'let': return `let ${e.name} = ${printExpr(e.value)} in ${printExpr(e.body)}`;
    case 'quant': return `${e.q} ${e.name} in ${printExpr(e.domain)}: ${printExpr(e.body)}`;
    case 'choose': return `choose ${e.name} in ${printExpr(e.domain)}: ${printExpr(e.pred)}`;
  }
}

function printLValue(l: LValue): string {
  return `${l.name}${printPath(l.path)}`;
}

// A statement list as indented lines (two spaces per level).
export function printStmts(body: readonly Stmt[], indent = 0): string[] {
  const pad = '  '.repeat(indent);
  const out: string[] = [];
  for (const s of body) {
    switch (s.op) {
      case 'assign': out.push(`${pad}${printLValue(s.target)} = ${printExpr(s.value)}`); break;
      case 'await': out.push(`${pad}await ${printExpr(s.cond)}`); break;
      case 'let': out.push(`${pad}let ${s.name} = ${printExpr(s.value)}`); break;
      case 'assert': out.push(`${pad}assert ${printExpr(s.cond)}, ${JSON.stringify(s.message)}`); break;
      case 'if':
        out.push(`${pad}if ${printExpr(s.cond)} {`, ...printStmts(s.then, indent + 1));
        if (s.else.length) out.push(`${pad}} else {`, ...printStmts(s.else, indent + 1));
        out.push(`${pad}}`);
        break;
      case 'with':
        out.push(`${pad}with ${s.name} in ${printExpr(s.domain)} {`, ...printStmts(s.body, indent + 1), `${pad}}`);
        break;
      case 'either':
        s.branches.forEach((b, i) => out.push(`${pad}${i === 0 ? 'either' : '} or'} {`, ...printStmts(b, indent + 1)));
        out.push(`${pad}}`);
        break;
    }
  }
  if (body.length === 0) out.push(`${pad}skip`);
  return out;
}

const TPREC: Record<string, number> = { leadsto: 1, implies: 3, or: 4, and: 5 };
const TSYM: Record<string, string> = { leadsto: '~>', implies: '=>', or: '||', and: '&&' };

function tprec(f: Temporal): number {
  if (f.op === 'state') return prec(f.expr);
  if (f.op === 'always' || f.op === 'eventually' || f.op === 'not') return 6;
  if (f.op === 'quant') return 0; // its body extends as far right as it can
  return TPREC[f.op];
}

export function printTemporal(f: Temporal): string {
  const w = (g: Temporal, min: number) => (tprec(g) < min ? `(${printTemporal(g)})` : printTemporal(g));
  switch (f.op) {
    case 'state': return printExpr(f.expr);
    case 'always': return `[]${w(f.arg, 6)}`;
    case 'eventually': return `<>${w(f.arg, 6)}`;
    case 'not': return `!${w(f.arg, 6)}`;
    case 'leadsto': case 'implies': case 'or': case 'and': {
      const p = TPREC[f.op];
      const right = f.op === 'implies' || f.op === 'leadsto';
      return `${w(f.left, right ? p + 1 : p)} ${TSYM[f.op]} ${w(f.right, right ? p : p + 1)}`;
    }
    case 'quant': return `${f.q} ${f.name} in ${printExpr(f.domain)}: ${printTemporal(f.body)}`;
  }
}

export function printFairness(f: Fairness): string {
  const one = (a: FairAction) => `${a.action}${a.args ? `(${a.args.map(printExpr).join(', ')})` : ''}`;
  return `${f.kind}(${[f, ...(f.or ?? [])].map(one).join(' | ')})`;
}
