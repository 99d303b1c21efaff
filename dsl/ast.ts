// Untyped syntax tree shared by the parser (dsl/parse.ts) and the TypeScript
// builder (dsl/builder.ts). Every node keeps its source span. The checker
// (dsl/check.ts) resolves names, checks types and lowers it to the IR.
import type { Span } from './ir.js';

export type ABinOp =
  | 'add' | 'sub' | 'mul' | 'div' | 'mod'
  | 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge'
  | 'and' | 'or' | 'implies' | 'iff'
  | 'in' | 'notin' | 'union' | 'inter' | 'diff' | 'subseteq'
  | 'concat' | 'range' | 'leadsto';

export type AUnOp = 'not' | 'neg' | 'always' | 'eventually' | 'prime'; // prime: x' (in an action property)

export interface ABinder { readonly name: string; readonly domain: AExpr; readonly span: Span }

export type APath =
  | { readonly k: 'index'; readonly key: AExpr; readonly span: Span }
  | { readonly k: 'field'; readonly name: string; readonly span: Span };

export type AExpr = { readonly span: Span } & (
  | { readonly k: 'num'; readonly value: number }
  | { readonly k: 'bool'; readonly value: boolean }
  | { readonly k: 'name'; readonly name: string }
  | { readonly k: 'bin'; readonly op: ABinOp; readonly left: AExpr; readonly right: AExpr }
  | { readonly k: 'un'; readonly op: AUnOp; readonly arg: AExpr }
  | { readonly k: 'call'; readonly name: string; readonly nameSpan: Span; readonly args: readonly AExpr[] }
  | { readonly k: 'index'; readonly target: AExpr; readonly args: readonly AExpr[] }
  | { readonly k: 'field'; readonly target: AExpr; readonly name: string }
  | { readonly k: 'setLit'; readonly elems: readonly AExpr[] }
  | { readonly k: 'tuple'; readonly elems: readonly AExpr[] }
  | { readonly k: 'setFilter'; readonly binder: ABinder; readonly pred: AExpr }
  | { readonly k: 'setMap'; readonly body: AExpr; readonly binders: readonly ABinder[] }
  | { readonly k: 'mapBuild'; readonly binder: ABinder; readonly body: AExpr }
  | { readonly k: 'record'; readonly fields: readonly { readonly name: string; readonly value: AExpr; readonly span: Span }[] }
  | { readonly k: 'recordSet'; readonly fields: readonly { readonly name: string; readonly set: AExpr; readonly span: Span }[] }
  | { readonly k: 'mapSet'; readonly domain: AExpr; readonly range: AExpr }
  | { readonly k: 'except'; readonly target: AExpr; readonly items: readonly { readonly path: readonly APath[]; readonly value: AExpr }[] }
  | { readonly k: 'if'; readonly cond: AExpr; readonly then: AExpr; readonly else: AExpr }
  | { readonly k: 'case'; readonly arms: readonly { readonly cond: AExpr; readonly value: AExpr }[]; readonly other: AExpr | null }
  | { readonly k: 'let'; readonly binds: readonly { readonly name: string; readonly value: AExpr; readonly span: Span }[]; readonly body: AExpr }
  | { readonly k: 'quant'; readonly q: 'forall' | 'exists'; readonly binders: readonly ABinder[]; readonly body: AExpr }
  | { readonly k: 'choose'; readonly binder: ABinder; readonly pred: AExpr }
  // [][A]_v: every step satisfies A or leaves v unchanged (an action property)
  | { readonly k: 'actionBox'; readonly action: AExpr; readonly sub: AExpr }
  // Prepared(rm: r1): a variant of a tagged union built with named fields
  | { readonly k: 'namedCall'; readonly name: string; readonly nameSpan: Span; readonly args: readonly { readonly name: string; readonly value: AExpr; readonly span: Span }[] }
  // match m { Prepared(r) => ..., Commit => ..., other => ... }; tag null: other
  | { readonly k: 'match'; readonly target: AExpr; readonly arms: readonly AMatchArm[] }
);

export interface AMatchArm { readonly tag: string | null; readonly tagSpan: Span; readonly binds: readonly AIdent[]; readonly body: AExpr; readonly span: Span }

export interface ALValue { readonly name: string; readonly nameSpan: Span; readonly path: readonly APath[]; readonly span: Span }

export type AStmt = { readonly span: Span } & (
  | { readonly k: 'assign'; readonly target: ALValue; readonly op: '=' | '+=' | '-=' | 'in'; readonly value: AExpr }
  | { readonly k: 'if'; readonly cond: AExpr; readonly then: readonly AStmt[]; readonly else: readonly AStmt[] | null }
  | { readonly k: 'with'; readonly binders: readonly ABinder[]; readonly body: readonly AStmt[] }
  | { readonly k: 'either'; readonly branches: readonly (readonly AStmt[])[] }
  | { readonly k: 'let'; readonly name: string; readonly value: AExpr }
  | { readonly k: 'await'; readonly cond: AExpr }
  | { readonly k: 'assert'; readonly cond: AExpr; readonly message: string | null }
  | { readonly k: 'skip' }
  | { readonly k: 'goto'; readonly label: string; readonly labelSpan: Span }
  | { readonly k: 'call'; readonly name: string; readonly nameSpan: Span; readonly args: readonly AExpr[] }
  // match m { Prepared(r) => { ... } other => { ... } }: the arm of m's variant
  | { readonly k: 'match'; readonly target: AExpr; readonly arms: readonly AMatchStmtArm[] }
);

export type AMatchStmtArm = Omit<AMatchArm, 'body'> & { readonly body: readonly AStmt[] };

export type AType = { readonly span: Span } & (
  | { readonly k: 'bool' }
  | { readonly k: 'range'; readonly lo: AExpr; readonly hi: AExpr }
  | { readonly k: 'name'; readonly name: string }
  | { readonly k: 'set'; readonly elem: AType }
  | { readonly k: 'queue'; readonly elem: AType; readonly cap: AExpr }
  | { readonly k: 'rwsem'; readonly max: AExpr | null }
  | { readonly k: 'atomic'; readonly inner: AType }
  | { readonly k: 'map'; readonly key: AType; readonly value: AType }
  | { readonly k: 'record'; readonly fields: readonly { readonly name: string; readonly type: AType; readonly span: Span }[] }
  | { readonly k: 'tuple'; readonly elems: readonly AType[] }
  // only as the whole of `type NAME = A(f: T) | B`: the declared name is the union's
  | { readonly k: 'union'; readonly name: string; readonly variants: readonly AVariant[] }
);

export interface AVariant { readonly tag: string; readonly span: Span; readonly fields: readonly { readonly name: string; readonly type: AType; readonly span: Span }[] }

export interface AIdent { readonly name: string; readonly span: Span }
export interface AParam { readonly name: string; readonly type: AType; readonly span: Span }

export interface AStep { readonly label: string; readonly labelSpan: Span; readonly body: readonly AStmt[]; readonly span: Span; readonly doc?: string }

export type ADecl = { readonly span: Span; readonly nameSpan: Span } & (
  | { readonly k: 'const'; readonly name: string; readonly value: { readonly k: 'modelValues'; readonly names: readonly AIdent[] } | { readonly k: 'expr'; readonly expr: AExpr }; readonly symmetric: boolean }
  | { readonly k: 'enum'; readonly name: string; readonly members: readonly AIdent[] }
  | { readonly k: 'type'; readonly name: string; readonly type: AType }
  // rec: `def rec f(n: T): R = ...`, typed and called rather than inlined
  | { readonly k: 'def'; readonly name: string; readonly params: readonly AIdent[]; readonly body: AExpr; readonly rec?: { readonly params: readonly AParam[]; readonly result: AType } }
  | { readonly k: 'var'; readonly names: readonly AIdent[]; readonly type: AType; readonly ghost?: boolean }
  | { readonly k: 'init'; readonly body: readonly AStmt[] }
  | { readonly k: 'action'; readonly name: string; readonly params: readonly AParam[]; readonly when: AExpr | null; readonly body: readonly AStmt[]; readonly doc?: string }
  | { readonly k: 'process'; readonly name: string; readonly params: readonly AParam[]; readonly steps: readonly AStep[]; readonly doc?: string }
  | { readonly k: 'invariant'; readonly name: string; readonly expr: AExpr }
  | { readonly k: 'constraint'; readonly name: string | null; readonly expr: AExpr }
  | { readonly k: 'property'; readonly name: string; readonly expr: AExpr }
  // `weak(A | B(c))`: target/nameSpan/args are A's; `or` holds B(c) and any further actions of the one condition
  | { readonly k: 'fairness'; readonly kind: 'weak' | 'strong'; readonly binders: readonly ABinder[]; readonly target: string; readonly args: readonly AExpr[] | null; readonly or?: readonly AFairAction[] }
  | { readonly k: 'symmetric'; readonly names: readonly AIdent[] }
  // refines "FILE" with { x = expr, ... }: nameSpan is the file string's
  | { readonly k: 'refines'; readonly file: string; readonly items: readonly ARefineItem[] }
);

export interface AFairAction { readonly target: string; readonly nameSpan: Span; readonly args: readonly AExpr[] | null }
// `x = expr` of a refines mapping; `P.pc` names a process's program counter
export interface ARefineItem { readonly name: string; readonly nameSpan: Span; readonly value: AExpr; readonly span: Span }

export interface ASpec { readonly name: string; readonly file: string; readonly decls: readonly ADecl[] }
