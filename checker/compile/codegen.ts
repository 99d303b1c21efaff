// Actions, guards and state predicates compiled to JavaScript source, in the
// spirit of Rumur's generated C: static slot offsets become literals, scalar
// arithmetic and comparisons are inline, constant quantifiers are unrolled,
// and a nondeterministic `with` / `either` becomes a loop over a saved copy
// of the state. Anything the generator does not specialise is delegated to
// the closure compiler (compile-expr / compile-stmt), so every spec compiles
// and the successors, their order and the errors are those of the closures.
import type { Expr, Stmt, Type } from '../../dsl/ir.js';
import { substituteLocals } from './bind-params.js';
import { constantSet, isClosed, type ExprCompiler } from './compile-expr.js';
import { compileAssign } from './compile-stmt.js';
import { BAIL, CompoundGen, throwBail, type GenHost } from './codegen-compound.js';
import { emitArith, emitNeg, wrapTestExact } from './emit-arith.js';
import { EvalError } from './eval-error.js';
import { slotCount, type StateLayout } from './layout.js';
import { cardinality, isScalar, rank, scalarBounds, typeToString, type Value } from './types.js';

export type Emit = (w: Int32Array) => void;
export type Fire = (s: Int32Array, emit: Emit) => void;
export type Test = (s: Int32Array) => boolean;

// Unrolling a quantifier copies its body once per element.
const MAX_UNROLL = 64;
// Past this much source the generated function is no faster than the closures.
const MAX_SOURCE = 256 * 1024;

interface Loc {
  readonly code: string; // JS expression for the first slot
  readonly type: Type;
}

export class CodeGen implements GenHost {
  private readonly K: unknown[] = [];
  private temps = 0;
  private labels = 0;
  // compound values (codegen-compound.ts); `bailed`: some code gives up to the closures
  private readonly cx = new CompoundGen(this);
  private bailed = false;

  constructor(readonly c: ExprCompiler, readonly layout: StateLayout) {}

  // fire(s, emit) for one action instance: guard on s, body on a copy.
  // `slow`: the same instance as closures, run where the generated code bails.
  static action(c: ExprCompiler, layout: StateLayout, guard: Expr | null, body: readonly Stmt[], env: Value[], args: readonly Value[], argSlots: readonly number[], slow?: () => Fire): Fire | null {
    const g = new CodeGen(c, layout);
    const lines: string[] = [];
    if (guard) lines.push(`if (!${g.cond(guard, 's')}) return;`);
    // the guard may bind locals; parameters must survive them
    argSlots.forEach((slot, i) => lines.push(`e[${slot}] = ${g.ref(args[i])};`));
    lines.push('w.set(s);');
    g.block(body, 'return;', true, lines);
    const scratch = new Int32Array(layout.size);
    if (g.bailed) {
      if (!slow) return null;
      // the closures again from s, skipping the E successors already emitted
      const again = g.ref((s: Int32Array, emit: Emit, skip: number) => { let n = 0; slow()(s, (w) => { if (n++ >= skip) emit(w); }); });
      lines.unshift('try {');
      lines.push(`} catch (x) { if (x === ${g.ref(BAIL)}) { ${again}(s, emit, E); return; } throw x; }`);
    }
    return g.finish('s, emit', ['let E = 0;', ...lines], scratch, env) as Fire | null;
  }

  // A state predicate (invariant, constraint) as s => boolean.
  static predicate(c: ExprCompiler, layout: StateLayout, expr: Expr, env: Value[], slow?: () => Test): Test | null {
    const g = new CodeGen(c, layout);
    const lines = [`return ${g.cond(expr, 's')};`];
    if (g.bailed) {
      if (!slow) return null;
      lines.unshift('try {');
      lines.push(`} catch (x) { if (x === ${g.ref(BAIL)}) return ${g.ref((s: Int32Array) => slow()(s))}(s); throw x; }`);
    }
    return g.finish('s', lines, new Int32Array(0), env) as Test | null;
  }

  private finish(params: string, lines: string[], w: Int32Array, env: Value[]): unknown {
    const temps = this.temps ? `let ${Array.from({ length: this.temps }, (_, i) => `t${i} = 0`).join(', ')};\n` : '';
    const src = `${this.cx.preamble(temps)}\nreturn function (${params}) {\n${temps}${lines.join('\n')}\n};`;
    if (src.length > MAX_SOURCE) return null;
    return new Function('K', 'w', 'e', src)(this.K, w, env);
  }

  ref(v: unknown): string {
    this.K.push(v);
    return `K[${this.K.length - 1}]`;
  }

  temp(): string {
    return `t${this.temps++}`;
  }

  bail(): string {
    this.bailed = true;
    return `${this.ref(throwBail)}()`;
  }

  private fail(make: (x: Value) => string, span: Expr['span']): string {
    return this.ref((x: Value) => { throw new EvalError(make(x), span); });
  }

  // ------------------------------------------------------------ statements

  // Statements in order, then (when `last`) the successor is emitted. A
  // failed await abandons the path with `abort`. A branching statement takes
  // the rest of the block into each of its branches, as the closures' CPS does.
  private block(stmts: readonly Stmt[], abort: string, last: boolean, out: string[]): void {
    for (let i = 0; i < stmts.length; i++) {
      const st = stmts[i];
      const rest = stmts.slice(i + 1);
      switch (st.op) {
        case 'assign': out.push(this.assign(st)); break;
        case 'let': out.push(`e[${st.slot}] = ${this.expr(st.value, 'w')};`); break;
        case 'await': out.push(`if (!${this.cond(st.cond, 'w')}) ${abort}`); break;
        case 'assert': {
          const f = this.fail(() => `assertion failed: ${st.message}`, st.span);
          out.push(`if (!${this.cond(st.cond, 'w')}) ${f}(0);`);
          break;
        }
        case 'if': {
          const c = this.cond(st.cond, 'w');
          if (!branches(st.then) && !branches(st.else)) {
            out.push(`if (${c}) {`);
            this.block(st.then, abort, false, out);
            out.push('} else {');
            this.block(st.else, abort, false, out);
            out.push('}');
            break;
          }
          out.push(`if (${c}) {`);
          this.block([...st.then, ...rest], abort, last, out);
          out.push('} else {');
          this.block([...st.else, ...rest], abort, last, out);
          out.push('}');
          return;
        }
        case 'with': {
          const fixed = constantSet(st.domain);
          const domain = fixed ? this.ref(fixed) : (this.cx.domain(st.domain, 'w') ?? `[...${this.ref(this.c.iterate(st.domain))}(w, e)]`);
          const saved = this.ref(new Int32Array(this.layout.size));
          const l = `L${this.labels++}`, d = `d${l}`, j = `j${l}`;
          out.push(`{ const ${d} = ${domain}; ${saved}.set(w);`);
          out.push(`${l}: for (let ${j} = 0; ${j} < ${d}.length; ${j}++) { if (${j} > 0) w.set(${saved}); e[${st.slot}] = ${d}[${j}];`);
          this.block([...st.body, ...rest], `continue ${l};`, last, out);
          out.push('} }');
          return;
        }
        case 'either': {
          const saved = this.ref(new Int32Array(this.layout.size));
          out.push(`${saved}.set(w);`);
          st.branches.forEach((b, k) => {
            if (k > 0) out.push(`w.set(${saved});`);
            const l = `L${this.labels++}`;
            out.push(`${l}: {`);
            this.block([...b, ...rest], `break ${l};`, last, out);
            out.push('}');
          });
          return;
        }
      }
    }
    if (last) out.push('emit(w); E++;');
  }

  private assign(st: Extract<Stmt, { op: 'assign' }>): string {
    const t = st.target.type;
    const target: Expr = st.target.path.reduce<Expr>(
      (x, p) => (p.kind === 'index' ? { op: 'apply', target: x, arg: p.key, type: t } : { op: 'field', target: x, name: p.name, type: t }),
      { op: 'var', index: st.target.var, name: st.target.name, type: this.c.spec.vars[st.target.var].type },
    );
    if (isScalar(t)) {
      const loc = this.loc(target, 'w');
      if (loc) {
        const [lo, hi] = scalarBounds(loc.type);
        const v = this.expr(st.value, 'w');
        if (within(st.value, lo, hi)) return `w[${loc.code}] = ${v}${lo === 0 ? '' : ` - ${lo}`};`;
        const x = this.temp();
        const where = st.target.name;
        const slack = this.c.slack?.covers(st.target.var) ? this.c.slack : null;
        if (slack) {
          // out of range: kept for the constraints to judge (constraint-slack.ts)
          const o = this.temp();
          const miss = this.ref((slot: number, v: number) => slack.miss(slot, v, lo, hi, where, st.value.span));
          return `${x} = ${v}; ${o} = ${loc.code}; w[${o}] = ${x} < ${lo} || ${x} > ${hi} ? ${miss}(${o}, ${x}) : ${x} - ${lo};`;
        }
        const f = this.fail((x) => `value ${x} is outside the declared range ${lo}..${hi} of ${where}`, st.value.span);
        return `${x} = ${v}; if (${x} < ${lo} || ${x} > ${hi}) ${f}(${x}); w[${loc.code}] = ${x} - ${lo};`;
      }
    }
    const compound = this.cx.assign(st, target);
    if (compound !== null) return compound;
    const store = compileAssign(this.c, this.c.lvalue(st.target.var, st.target.path), st.value, st.target.name);
    return `${this.ref(store)}(w, e);`;
  }

  // ------------------------------------------------------------ expressions

  // The slot where a scalar location starts, for var / map[key] / record.field
  // / tuple[i] chains; null where the closures must handle it.
  loc(x: Expr, s: string): Loc | null {
    if (x.op === 'var') return { code: String(this.layout.offsets[x.index]), type: this.c.spec.vars[x.index].type };
    if (x.op === 'field') {
      const base = this.loc(x.target, s);
      if (!base || base.type.kind !== 'record') return null;
      let add = 0;
      for (const f of base.type.fields) {
        if (f.name === x.name) return { code: plus(base.code, add), type: f.type };
        add += slotCount(f.type);
      }
      return null;
    }
    if (x.op !== 'apply') return this.cx.loc(x, s);
    const base = this.loc(x.target, s);
    if (!base) return null;
    const t = base.type;
    if (t.kind === 'tuple') {
      if (x.arg.op !== 'lit' || x.arg.value < 1 || x.arg.value > t.elems.length) return null;
      let add = 0;
      for (let j = 0; j < x.arg.value - 1; j++) add += slotCount(t.elems[j]);
      return { code: plus(base.code, add), type: t.elems[x.arg.value - 1] };
    }
    if (t.kind !== 'map') return this.cx.loc(x, s);
    const stride = slotCount(t.value);
    const key = this.constant(x.arg);
    if (key !== undefined) {
      const r = rank(t.key, key);
      return r < 0 ? null : { code: plus(base.code, r * stride), type: t.value };
    }
    if (!isScalar(t.key) || !isScalar(x.arg.type)) return null;
    const lo = scalarBounds(t.key)[0];
    const n = cardinality(t.key);
    const r = this.temp();
    const where = this.c.path(x.target)?.name ?? 'map';
    const keyType = t.key;
    const f = this.fail((v) => `${where} applied outside its domain: ${String((v as number) + lo)} is not in ${typeToString(keyType)}`, x.arg.span);
    const k = this.expr(x.arg, s);
    // the key before the base, as the closures evaluate them; a key that may
    // lie far outside (or be a BigInt) is compared before it is subtracted
    const idx = wrapTestExact(x.arg, lo)
      ? `((${r} = ${k}${lo === 0 ? '' : ` - ${lo}`}) >>> 0 < ${n} ? ${r} : ${f}(${r}))`
      : `((${r} = ${k}) >= ${lo} && ${r} < ${lo + n} ? ${r}${lo === 0 ? '' : ` - ${lo}`} : ${this.fail((v) => `${where} applied outside its domain: ${String(v)} is not in ${typeToString(keyType)}`, x.arg.span)}(${r}))`;
    return { code: `${stride === 1 ? idx : `${stride} * ${idx}`} + ${base.code}`, type: t.value };
  }

  // The value of an expression without state or locals, or undefined.
  constant(x: Expr): Value | undefined {
    if (x.op === 'lit') return x.value;
    if (!isClosed(x)) return undefined;
    try { return this.c.expr(x)(new Int32Array(0), []); } catch { return undefined; }
  }

  // A JS expression for the value of x (a number for scalars).
  expr(x: Expr, s: string): string {
    const r = this.valueRule(x, s);
    if (r !== null) return r;
    if (x.type.kind === 'bool') {
      const c = this.condRule(x, s);
      if (c !== null) return `(${c} ? 1 : 0)`;
    }
    return this.closure(x, s);
  }

  // A JS boolean expression for a bool-typed x.
  cond(x: Expr, s: string): string {
    const c = this.condRule(x, s);
    if (c !== null) return c;
    return `(${this.valueRule(x, s) ?? this.closure(x, s)} !== 0)`;
  }

  // Inline code for a number-valued x, or null.
  private valueRule(x: Expr, s: string): string | null {
    if (!isScalar(x.type)) return null;
    const k = this.constant(x);
    if (typeof k === 'number') return num(k);
    const l = this.loc(x, s);
    if (l && isScalar(l.type)) {
      const lo = scalarBounds(l.type)[0];
      return lo === 0 ? `${s}[${l.code}]` : `(${s}[${l.code}] + ${lo})`;
    }
    switch (x.op) {
      case 'local': return `e[${x.slot}]`;
      case 'un':
        if (x.fn === 'neg') return emitNeg(x, this.expr(x.arg, s), (v) => this.ref(v));
        if (x.fn === 'len' && x.arg.type.kind === 'seq') {
          const q = this.loc(x.arg, s);
          if (q) return `${s}[${q.code}]`;
        }
        if (x.fn === 'head' && x.arg.type.kind === 'seq' && isScalar(x.arg.type.elem)) {
          const q = this.loc(x.arg, s);
          if (q) {
            const o = this.temp();
            const lo = scalarBounds(x.arg.type.elem)[0];
            const where = this.c.path(x.arg)?.name ?? 'queue';
            const f = this.fail(() => `head of the empty queue ${where}`, x.span);
            return `((${o} = ${q.code}), ${s}[${o}] === 0 ? ${f}(0) : ${s}[${o} + 1]${lo === 0 ? '' : ` + ${lo}`})`;
          }
        }
        return this.cx.value(x, s);
      case 'bin':
        if (!isScalar(x.left.type) || !isScalar(x.right.type)) return null;
        if (x.fn === 'add' || x.fn === 'sub' || x.fn === 'mul') return emitArith(x.fn, x, this.expr(x.left, s), this.expr(x.right, s), (v) => this.ref(v));
        return null;
      case 'if':
        return `(${this.cond(x.cond, s)} ? ${this.expr(x.then, s)} : ${this.expr(x.else, s)})`;
      case 'let':
        // a def's parameter bound to a literal: folded into the body
        if (x.value.op === 'lit') return this.expr(substituteLocals(x.body, new Map([[x.slot, x.value.value]])), s);
        return `(e[${x.slot}] = ${this.expr(x.value, s)}, ${this.expr(x.body, s)})`;
      default:
        return null;
    }
  }

  // Inline code (a JS boolean) for a bool-typed x, or null.
  private condRule(x: Expr, s: string): string | null {
    if (x.type.kind !== 'bool') return null;
    const k = this.constant(x);
    if (typeof k === 'number') return k !== 0 ? 'true' : 'false';
    switch (x.op) {
      case 'un':
        return x.fn === 'not' ? `!${this.cond(x.arg, s)}` : null;
      case 'bin': {
        const { fn, left: a, right: b } = x;
        if (fn === 'and') return `(${this.cond(a, s)} && ${this.cond(b, s)})`;
        if (fn === 'or') return `(${this.cond(a, s)} || ${this.cond(b, s)})`;
        if (fn === 'implies') return `(!${this.cond(a, s)} || ${this.cond(b, s)})`;
        if (fn === 'iff') return `(${this.cond(a, s)} === ${this.cond(b, s)})`;
        if (isScalar(a.type) && isScalar(b.type)) {
          const op = ({ eq: '===', ne: '!==', lt: '<', le: '<=', gt: '>', ge: '>=' } as Record<string, string>)[fn];
          if (op) return `(${this.expr(a, s)} ${op} ${this.expr(b, s)})`;
        }
        if ((fn === 'in' || fn === 'notin') && isScalar(a.type)) {
          const m = this.member(a, b, s);
          if (m) return fn === 'in' ? m : `!${m}`;
        }
        return this.cx.cond(x, s);
      }
      case 'if':
        return `(${this.cond(x.cond, s)} ? ${this.cond(x.then, s)} : ${this.cond(x.else, s)})`;
      case 'quant': {
        const dom = constantSet(x.domain);
        if (!dom || dom.length > MAX_UNROLL || !dom.every((v) => typeof v === 'number')) return this.cx.cond(x, s);
        if (dom.length === 0) return x.q === 'forall' ? 'true' : 'false';
        const parts = dom.map((v) => this.cond(substituteLocals(x.body, new Map([[x.slot, v as number]])), s));
        return `(${parts.join(x.q === 'forall' ? ' && ' : ' || ')})`;
      }
      case 'let':
        if (x.value.op === 'lit') return this.cond(substituteLocals(x.body, new Map([[x.slot, x.value.value]])), s);
        return `(e[${x.slot}] = ${this.expr(x.value, s)}, ${this.cond(x.body, s)})`;
      default:
        return this.cx.cond(x, s);
    }
  }

  // `a in b` for a scalar a: a slot test for a set variable, a comparison
  // chain for a small constant set.
  private member(a: Expr, b: Expr, s: string): string | null {
    const l = this.loc(b, s);
    if (l && l.type.kind === 'set' && isScalar(l.type.elem)) {
      const [lo, hi] = scalarBounds(l.type.elem);
      const r = this.temp();
      if (!wrapTestExact(a, lo)) return `((${r} = ${this.expr(a, s)}) >= ${lo} && ${r} <= ${hi} && ${s}[${l.code} + ${r}${lo === 0 ? '' : ` - ${lo}`}] !== 0)`;
      return `((${r} = ${this.expr(a, s)}${lo === 0 ? '' : ` - ${lo}`}) >>> 0 <= ${hi - lo} && ${s}[${l.code} + ${r}] !== 0)`;
    }
    const set = b.op === 'bin' && b.fn === 'range' ? null : constantSet(b);
    if (set && set.length <= 8 && set.every((v) => typeof v === 'number')) {
      if (set.length === 0) return 'false';
      const r = this.temp();
      return `((${r} = ${this.expr(a, s)}) === ${set.map(num).join(` || ${r} === `)})`;
    }
    return null;
  }

  private closure(x: Expr, s: string): string {
    return `${this.ref(this.c.expr(x))}(${s}, e)`;
  }
}

function num(v: number): string {
  return v < 0 ? `(${v})` : String(v);
}

function plus(code: string, add: number): string {
  if (add === 0) return code;
  return /^\d+$/.test(code) ? String(Number(code) + add) : `${code} + ${add}`;
}

// True when the statements can fork the path (so the rest must follow each fork).
function branches(stmts: readonly Stmt[]): boolean {
  return stmts.some((st) => st.op === 'with' || st.op === 'either' || (st.op === 'if' && (branches(st.then) || branches(st.else))));
}

// The value's static type guarantees the range check passes.
function within(x: Expr, lo: number, hi: number): boolean {
  if (x.op === 'lit') return x.value >= lo && x.value <= hi;
  const t = x.type;
  if (t.kind === 'bool') return lo <= 0 && hi >= 1;
  if (t.kind === 'enum') return lo <= 0 && hi >= t.members.length - 1;
  if (t.kind === 'int') return t.lo >= lo && t.hi <= hi;
  return false;
}
