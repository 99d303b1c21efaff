// What every phase of the checker shares: the global symbol table, the
// variables and constants declared so far, the processes, the local
// environment of an expression, and the diagnostics (collected, never thrown).
import type { ConstDecl, Expr, LValue, Param, PathStep, Span, Type, VarDecl } from '../ir.js';
import type { ADecl, AExpr, ASpec } from '../ast.js';
import { type Diagnostic, diagAt } from '../diag.js';
import { printExpr } from '../print.js';
import { constrainedNames } from './constrained-names.js';

export type EnumT = Extract<Type, { kind: 'enum' }>;

export type DeclOf<K extends ADecl['k']> = Extract<ADecl, { k: K }>;

export interface ProcInfo {
  name: string;
  decl: DeclOf<'process'>;
  params: Param[];
  labels: string[];
  pcVar: number;
  pcType: EnumT;
  ok: boolean;
}

export type Sym =
  | { k: 'int'; value: number }
  | { k: 'bool'; value: number }
  | { k: 'modelSet'; type: EnumT }
  | { k: 'member'; type: EnumT; index: number }
  // a member name of several enums: only `Enum.member` names one (enum-scope.ts)
  | { k: 'ambiguousMember'; of: { type: EnumT; index: number }[] }
  | { k: 'tag'; union: string; index: number } // a variant of the tagged union `union` (union-lower.ts)
  | { k: 'enumConst'; type: EnumT; value: number } // const X = a, a member of an enum or of a set of model values
  | { k: 'enum'; type: EnumT }
  | { k: 'alias'; decl: DeclOf<'type'>; resolved?: Type | null; resolving?: boolean }
  | { k: 'def'; decl: DeclOf<'def'> }
  | { k: 'var'; index: number; type: Type | null }
  | { k: 'process'; info: ProcInfo | null }
  | { k: 'pendingConst' }
  | { k: 'poison' }
  | { k: 'bool-type' };

export interface Local { slot: number; type: Type; constValue?: number }

export interface Env {
  readonly locals: ReadonlyMap<string, Local>;
  readonly frame: { n: number };
  readonly defStack: readonly string[];
  readonly proc?: ProcInfo;
  readonly constOnly?: boolean; // constant expressions: no state variables
  readonly step?: boolean; // in an action property: x' may be written
  readonly primed?: boolean; // inside x': no second prime
  readonly recOf?: string; // the body of this `def rec` (constOnly too)
}

export const BUILTINS = new Set(['len', 'Len', 'head', 'Head', 'tail', 'Tail', 'append', 'Append', 'card', 'Cardinality', 'domain', 'powerset', 'union_all', 'UNION', 'can_down_read', 'can_down_write']);

export const PRIMITIVES = ['down_read', 'up_read', 'down_write', 'up_write', 'enqueue', 'dequeue', 'atomic_inc', 'atomic_dec'];

export const lit = (value: number, type: Type, span?: Span): Expr => ({ op: 'lit', value, type, ...(span ? { span } : {}) });

export const binE = (fn: Extract<Expr, { op: 'bin' }>['fn'], left: Expr, right: Expr, type: Type, span?: Span): Expr => ({ op: 'bin', fn, left, right, type, ...(span ? { span } : {}) });

export const exprText = printExpr;

export const numText = (n: number): string => (Number.isFinite(n) ? (Number.isSafeInteger(n) ? n.toLocaleString('en-US') : n.toExponential(3)) : 'infinitely many');

// The expression lowering as the type resolver sees it (range bounds are
// expressions): an interface, so that the two files do not import each other.
export interface LowerExpr {
  expr(a: AExpr, env: Env): Expr | null;
}

export class Scope {
  readonly diags: Diagnostic[] = [];
  readonly seen = new Set<string>();
  readonly globals = new Map<string, Sym>();
  readonly vars: VarDecl[] = [];
  readonly constants: ConstDecl[] = [];
  readonly procs = new Map<string, ProcInfo>();
  readonly actionSigs = new Map<string, { params: readonly Param[] }>();
  readonly memberUses: { set: string; name: string; span: Span }[] = [];
  readonly chooseUses: { set: string; span: Span }[] = [];
  readonly usedDefs = new Set<string>();
  readonly constrained: ReadonlySet<string>; // names a constraint reads: their literals may leave the range

  constructor(readonly ast: ASpec, readonly consts: Record<string, string>) {
    this.constrained = constrainedNames(ast);
  }

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

  newEnv(): Env {
    return { locals: new Map(), frame: { n: 0 }, defStack: [] };
  }

  paramEnv(params: readonly Param[]): Env {
    const locals = new Map<string, Local>();
    for (const p of params) locals.set(p.name, { slot: p.slot, type: p.domain });
    return { locals, frame: { n: params.length }, defStack: [] };
  }

  bind(env: Env, name: string, type: Type, constValue?: number): [Env, number] {
    const slot = env.frame.n++;
    const locals = new Map(env.locals);
    locals.set(name, { slot, type, ...(constValue !== undefined ? { constValue } : {}) });
    return [{ ...env, locals }, slot];
  }

  candidates(env: Env): string[] {
    return [...env.locals.keys(), ...this.globals.keys(), ...BUILTINS];
  }

  private pcKey(info: ProcInfo, args: Expr[]): Expr {
    if (args.length === 1) return args[0];
    return { op: 'tupleLit', elems: args, type: { kind: 'tuple', elems: info.params.map((p) => p.domain) } };
  }

  pcLValue(info: ProcInfo): LValue {
    const path: PathStep[] = info.params.length === 0 ? [] : [{ kind: 'index', key: this.pcKey(info, info.params.map((p) => ({ op: 'local', slot: p.slot, name: p.name, type: p.domain }) as Expr)) }];
    return { var: info.pcVar, name: `${info.name}.pc`, path, type: info.pcType };
  }

  pcRead(info: ProcInfo, args?: Expr[]): Expr {
    const v: Expr = { op: 'var', index: info.pcVar, name: `${info.name}.pc`, type: this.vars[info.pcVar].type };
    if (info.params.length === 0) return v;
    const a = args ?? info.params.map((p) => ({ op: 'local', slot: p.slot, name: p.name, type: p.domain }) as Expr);
    return { op: 'apply', target: v, arg: this.pcKey(info, a), type: info.pcType };
  }
}
