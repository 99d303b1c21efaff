// `refines "FILE" with { x = e, N = c }` (TLA+ INSTANCE ... WITH): load the
// abstract spec with the same front end and lower the mapping. As in TLA+,
// an abstract constant or variable the `with` leaves out is this spec's of
// the same name; an abstract constant neither names keeps its own value.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import type { ConstDecl, Expr, Refinement, Spec, Type } from '../ir.js';
import type { ARefineItem, ASpec } from '../ast.js';
import { COMMAND_LINE, type Diagnostic, diagAt, didYouMean } from '../diag.js';
import { printConstValue } from '../ir-print.js';
import { parseSource } from '../parse.js';
import { coerce, typeName } from '../types.js';
import { evalConst } from './const-eval.js';
import type { DeclOf, Env, Scope } from './scope.js';

interface Exprs { expr(a: ARefineItem['value'], env: Env): Expr | null }
type CheckAst = (ast: ASpec, consts: Record<string, string>) => { spec: Spec | null; diags: Diagnostic[] };

// Whether a value of type `c` (this spec's) can be stored as the abstract
// type `a`: the same shape, enums and model values by name and members (the
// abstract spec's own are distinct types, so this spec declares the same).
// Integer ranges are checked on every mapped state, as an assignment's are.
export function fits(a: Type, c: Type): boolean {
  switch (a.kind) {
    case 'bool': return c.kind === 'bool';
    case 'int': return c.kind === 'int';
    case 'rwsem': return c.kind === 'rwsem' || c.kind === 'int';
    case 'enum': return c.kind === 'enum' && c.name === a.name && c.members.length === a.members.length && c.members.every((m, i) => m === a.members[i]);
    case 'set': return c.kind === 'set' && (c.elem.kind === 'any' || fits(a.elem, c.elem));
    case 'seq': return c.kind === 'seq' && (c.elem.kind === 'any' || fits(a.elem, c.elem));
    case 'map': return c.kind === 'map' && fits(a.key, c.key) && fits(a.value, c.value);
    case 'tuple': return c.kind === 'tuple' && c.elems.length === a.elems.length && a.elems.every((t, i) => fits(t, c.elems[i]));
    case 'record': return c.kind === 'record' && c.fields.length === a.fields.length && a.fields.every((f, i) => f.name === c.fields[i].name && fits(f.type, c.fields[i].type));
    case 'union': return c.kind === 'union' && c.name === a.name && c.variants.length === a.variants.length
      && a.variants.every((v, i) => v.tag === c.variants[i].tag && v.fields.length === c.variants[i].fields.length && v.fields.every((f, j) => f.name === c.variants[i].fields[j].name && fits(f.type, c.variants[i].fields[j].type)));
    case 'any': return false;
  }
}

function readText(path: string): { ok: true; text: string } | { ok: false; why: string } {
  try {
    return { ok: true, text: readFileSync(path, 'utf8') };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { ok: false, why: code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : e instanceof Error ? e.message : String(e) };
  }
}

export class RefinementLowering {
  constructor(private readonly s: Scope, private readonly exprs: Exprs, private readonly checkAst: CheckAst) {}

  lower(d: DeclOf<'refines'>): Refinement | null {
    const s = this.s;
    const path = isAbsolute(d.file) ? d.file : join(dirname(s.ast.file), d.file);
    const read = readText(path);
    if (!read.ok) return s.err(d.nameSpan, `cannot read the abstract spec ${path}: ${read.why}`);
    const parsed = parseSource(read.text, path);
    if (!parsed.ok) {
      for (const e of parsed.errors) s.diags.push(diagAt(e.span, e.message));
      return null;
    }
    const ast = parsed.ast;
    const nested = ast.decls.find((x) => x.k === 'refines');
    if (nested) return s.err(nested.span, `${path} is refined by ${s.ast.file}, so it cannot declare a refinement of its own (one level of refinement is checked at a time)`);
    const constNames = new Set(ast.decls.flatMap((x) => (x.k === 'const' ? [x.name] : [])));
    const varNames = new Set(ast.decls.flatMap((x) => (x.k === 'var' ? x.names.map((n) => n.name) : x.k === 'process' ? [`${x.name}.pc`] : [])));
    const items = new Map<string, ARefineItem>();
    let ok = true;
    for (const it of d.items) {
      if (items.has(it.name)) { s.err(it.nameSpan, `'${it.name}' is mapped twice`); ok = false; continue; }
      items.set(it.name, it);
      if (!constNames.has(it.name) && !varNames.has(it.name)) {
        s.err(it.nameSpan, `the abstract spec ${path} has no variable or constant '${it.name}'${didYouMean(it.name, [...varNames, ...constNames])}`);
        ok = false;
      }
    }
    const consts = this.constants(ast, items);
    if (!consts) return null;
    const abs = this.checkAst(ast, consts);
    for (const diag of abs.diags) {
      // a bound constant the abstract spec rejects: blame the binding
      if (diag.file !== COMMAND_LINE) s.diags.push(diag);
      else {
        const name = /^--const (\w+)/.exec(diag.message)?.[1] ?? '';
        s.err(items.get(name)?.span ?? d.span, `binding ${name} of the abstract spec ${path}: ${diag.message.replace(/^--const [^:]*: /, '')}`);
      }
    }
    const abstract = abs.spec;
    if (!abstract || !ok) return null;
    const env = s.newEnv();
    const map: Expr[] = [];
    for (const v of abstract.vars) {
      const it = items.get(v.name);
      const e = it ? this.exprs.expr(it.value, env) : this.sameName(v.name);
      if (!e) {
        if (!it) s.err(d.nameSpan, `the abstract variable ${v.name} (${v.span ? `${v.span.file}:${v.span.line}:${v.span.col}` : path}) has no mapping and this spec has no variable of that name: add ${v.name} = ... to the with { } of refines`);
        ok = false;
        continue;
      }
      if (!fits(v.type, e.type)) {
        s.err(it ? it.value.span : d.nameSpan, `the abstract variable ${v.name} is ${typeName(v.type)}, but ${it ? 'its mapping is' : `this spec's ${v.name} is`} ${typeName(e.type)}${v.type.kind === 'enum' && e.type.kind === 'enum' ? ` (an enum or set of model values matches one of the same name and members)` : ''}`);
        ok = false;
        continue;
      }
      map.push(coerce(e, v.type));
    }
    if (!ok) return null;
    return { name: abstract.name, file: path, abstract, map, frameSize: env.frame.n, span: d.span };
  }

  // This spec's variable (or process counter) of that name, as TLA+'s implicit substitution.
  private sameName(name: string): Expr | null {
    const i = this.s.vars.findIndex((v) => v.name === name);
    return i < 0 ? null : { op: 'var', index: i, name, type: this.s.vars[i].type };
  }

  // The abstract spec's constants, as --const texts: bound by `with`, else
  // this spec's constant of the same name, else the abstract spec's own.
  private constants(ast: ASpec, items: ReadonlyMap<string, ARefineItem>): Record<string, string> | null {
    const out: Record<string, string> = {};
    let ok = true;
    for (const d of ast.decls) {
      if (d.k !== 'const') continue;
      const it = items.get(d.name);
      if (!it) {
        const mine = this.s.constants.find((c) => c.name === d.name);
        if (mine) out[d.name] = printConstValue(mine, ', ');
        continue;
      }
      const e = this.exprs.expr(it.value, { ...this.s.newEnv(), constOnly: true });
      if (!e) { ok = false; continue; }
      const text = constText(e);
      if (text === null) { this.s.err(it.value.span, `the abstract constant ${d.name} must be bound to a constant: an integer, a boolean, an enum member or a set of model values, not ${typeName(e.type)}`); ok = false; continue; }
      out[d.name] = text;
    }
    return ok ? out : null;
  }
}

// A constant expression as --const would write it.
function constText(e: Expr): string | null {
  if (e.op === 'all' && e.of.kind === 'enum') return printConstValue({ name: '', type: e.of, value: e.of.members, symmetric: false } as ConstDecl, ', ');
  const v = evalConst(e);
  if (v === null) return null;
  if (e.type.kind === 'bool') return v ? 'true' : 'false';
  if (e.type.kind === 'int') return String(v);
  if (e.type.kind === 'enum') return e.type.members[v] ?? null;
  return null;
}
