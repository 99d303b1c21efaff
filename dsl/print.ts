// Print an AST expression back as .uffd text (for messages and default
// assert texts; the same for parsed and builder-made specs).
import type { ABinder, AExpr, APath } from './ast.js';

const SYM: Record<string, string> = {
  add: '+', sub: '-', mul: '*', div: '/', mod: '%', eq: '==', ne: '!=', lt: '<', le: '<=', gt: '>', ge: '>=',
  and: '&&', or: '||', implies: '=>', iff: '<=>', in: 'in', notin: 'notin', union: 'union', inter: 'inter',
  diff: 'minus', subseteq: 'subseteq', concat: '++', range: '..', leadsto: '~>',
};
const PREC: Record<string, number> = {
  leadsto: 1, iff: 2, implies: 3, or: 4, and: 5, eq: 7, ne: 7, lt: 7, le: 7, gt: 7, ge: 7, in: 7, notin: 7, subseteq: 7,
  union: 8, inter: 8, diff: 8, range: 9, add: 10, sub: 10, concat: 10, mul: 11, div: 11, mod: 11,
};

function binders(bs: readonly ABinder[]): string {
  return bs.map((b) => `${b.name} in ${printExpr(b.domain)}`).join(', ');
}
function path(p: readonly APath[]): string {
  return p.map((s) => (s.k === 'field' ? `.${s.name}` : `[${printExpr(s.key)}]`)).join('');
}
function prec(a: AExpr): number {
  if (a.k === 'bin') return PREC[a.op];
  if (a.k === 'un') return a.op === 'neg' ? 12 : a.op === 'prime' ? 13 : 6;
  if (a.k === 'if' || a.k === 'case' || a.k === 'let' || a.k === 'quant' || a.k === 'choose') return 0;
  if (a.k === 'num' && a.value < 0) return 12;
  return 13;
}
function wrap(a: AExpr, min: number): string {
  const s = printExpr(a);
  return prec(a) < min ? `(${s})` : s;
}

export function printExpr(a: AExpr): string {
  switch (a.k) {
    case 'num': return String(a.value);
    case 'bool': return a.value ? 'true' : 'false';
    case 'name': return a.name;
    case 'bin': {
      const p = PREC[a.op];
      const rightAssoc = a.op === 'implies';
      return `${wrap(a.left, rightAssoc ? p + 1 : p)} ${SYM[a.op]} ${wrap(a.right, rightAssoc ? p : p + 1)}`;
    }
    case 'un':
      if (a.op === 'neg') return `-${wrap(a.arg, 12)}`;
      if (a.op === 'prime') return `${wrap(a.arg, 13)}'`;
      return `${a.op === 'not' ? '!' : a.op === 'always' ? '[]' : '<>'}${wrap(a.arg, 6)}`;
    case 'call': return `${a.name}(${a.args.map(printExpr).join(', ')})`;
    case 'index': return `${wrap(a.target, 13)}[${a.args.map(printExpr).join(', ')}]`;
    case 'field': return `${wrap(a.target, 13)}.${a.name}`;
    case 'setLit': return `{${a.elems.map(printExpr).join(', ')}}`;
    case 'tuple': return `<<${a.elems.map(printExpr).join(', ')}>>`;
    case 'setFilter': return `{${a.binder.name} in ${printExpr(a.binder.domain)}: ${printExpr(a.pred)}}`;
    case 'setMap': return `{${printExpr(a.body)} : ${binders(a.binders)}}`;
    case 'mapBuild': return `[${a.binder.name} in ${printExpr(a.binder.domain)} |-> ${printExpr(a.body)}]`;
    case 'record': return `[${a.fields.map((f) => `${f.name} |-> ${printExpr(f.value)}`).join(', ')}]`;
    case 'recordSet': return `[${a.fields.map((f) => `${f.name}: ${printExpr(f.set)}`).join(', ')}]`;
    case 'mapSet': return `[${printExpr(a.domain)} -> ${printExpr(a.range)}]`;
    case 'except': return `[${printExpr(a.target)} except ${a.items.map((i) => `!${path(i.path)} = ${printExpr(i.value)}`).join(', ')}]`;
    case 'if': return `if ${printExpr(a.cond)} then ${printExpr(a.then)} else ${printExpr(a.else)}`;
    case 'case': return `case ${[...a.arms.map((x) => `${printExpr(x.cond)} -> ${printExpr(x.value)}`), ...(a.other ? [`other -> ${printExpr(a.other)}`] : [])].join(' [] ')}`;
    case 'let': return `let ${a.binds.map((b) => `${b.name} = ${printExpr(b.value)}`).join(', ')} in ${printExpr(a.body)}`;
    case 'quant': return `${a.q} ${binders(a.binders)}: ${printExpr(a.body)}`;
    case 'choose': return `choose ${a.binder.name} in ${printExpr(a.binder.domain)}: ${printExpr(a.pred)}`;
    case 'actionBox': return `[][${printExpr(a.action)}]_${wrap(a.sub, 13)}`;
    case 'namedCall': return `${a.name}(${a.args.map((x) => `${x.name}: ${printExpr(x.value)}`).join(', ')})`;
    case 'match': return `match ${printExpr(a.target)} { ${a.arms.map((x) => `${x.tag ?? 'other'}${x.binds.length ? `(${x.binds.map((b) => b.name).join(', ')})` : ''} => ${printExpr(x.body)}`).join(', ')} }`;
  }
}
