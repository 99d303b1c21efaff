// Sets the checker would materialise, sized before anything is built: a set
// of maps, a set of records, a powerset or a type used as a set whose size is
// known here and is past MAX_ENUMERATED is refused at its position (a whole
// one would take gigabytes and minutes before the process died). Under
// `card(...)` nothing is built (the checker multiplies), so it is allowed.
// Sizes that depend on the state are checked by the evaluator.
import type { Expr, Span, Spec } from '../ir.js';
import { printExpr } from '../ir-print.js';
import { MAX_ENUMERATED, cardinalityOf } from '../types.js';
import { constElems } from './const-eval.js';

// The number of elements of a set expression when it is a constant, else null.
export function constSetSize(x: Expr): number | null {
  if (x.op === 'all') return cardinalityOf(x.of);
  if (x.op === 'mapSet') {
    const d = constSetSize(x.domain), r = constSetSize(x.range);
    return d === null || r === null ? null : sat(r ** d);
  }
  if (x.op === 'recordSet') {
    let n = 1;
    for (const f of x.fields) {
      const k = constSetSize(f.set);
      if (k === null) return null;
      n = sat(n * k);
    }
    return n;
  }
  if (x.op === 'un' && x.fn === 'powerset') {
    const k = constSetSize(x.arg);
    return k === null ? null : sat(2 ** k);
  }
  if (x.op === 'bin' && x.fn === 'range') {
    const xs = constElems(x);
    return xs ? xs.length : null;
  }
  const xs = x.op === 'setLit' ? constElems(x) : null;
  return xs ? xs.length : null;
}

const sat = (n: number): number => (Number.isNaN(n) || n > Number.MAX_SAFE_INTEGER ? Infinity : n);

const BUILT = new Set(['mapSet', 'recordSet', 'all']);

// Every constant set in the spec that would be built and is too large:
// [span, message] pairs. Iterative: a spec's expressions may nest deeply.
export function oversizedSets(spec: Spec): { span: Span | undefined; message: string }[] {
  const out: { span: Span | undefined; message: string }[] = [];
  const seen = new Set<object>();
  const todo: { v: unknown; counted: boolean }[] = [{ v: spec, counted: false }];
  while (todo.length) {
    const { v, counted } = todo.pop()!;
    if (v === null || typeof v !== 'object' || seen.has(v)) continue;
    seen.add(v);
    if (Array.isArray(v)) { for (const x of v) todo.push({ v: x, counted: false }); continue; }
    const o = v as { op?: string; fn?: string; span?: Span };
    const isSet = typeof o.op === 'string' && (BUILT.has(o.op) || (o.op === 'un' && o.fn === 'powerset'));
    if (isSet && !counted) {
      const n = constSetSize(v as Expr);
      if (n !== null && n > MAX_ENUMERATED) {
        out.push({ span: o.span, message: `the set ${printExpr(v as Expr)} has ${n === Infinity ? 'more than 2^53' : n.toLocaleString('en-US')} values, too many to enumerate (at most ${MAX_ENUMERATED})` });
        continue;
      }
    }
    const isCard = o.op === 'un' && o.fn === 'card';
    for (const [k, x] of Object.entries(o)) if (k !== 'type' && k !== 'span' && k !== 'of') todo.push({ v: x, counted: isCard && k === 'arg' });
  }
  return out;
}
