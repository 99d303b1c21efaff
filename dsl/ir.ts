// The typed, immutable intermediate representation of a spec.
// Everything after dsl/ (checker, counterexamples, diff) sees only this.
// Both the .uffd front end and the TypeScript builder produce it, after
// constants are bound, so every domain here is finite and concrete.

export interface Span {
  readonly file: string;
  readonly line: number; // 1-based
  readonly col: number; // 1-based
  readonly endLine: number;
  readonly endCol: number;
}

// ---------------------------------------------------------------- types
// Scalars are encoded as plain numbers at run time:
//   bool -> 0/1, int -> its value, enum -> index of the member.
export type Type =
  | { readonly kind: 'bool' }
  // lo/hi may be -Infinity/Infinity for intermediate arithmetic results; every
  // stored value (variable, map value, set element...) has finite bounds.
  | { readonly kind: 'int'; readonly lo: number; readonly hi: number }
  // enums and sets of model values (`const PAGES = {p1, p2}` is enum PAGES).
  | { readonly kind: 'enum'; readonly name: string; readonly members: readonly string[] }
  // fields sorted by name: record types are structural.
  | { readonly kind: 'record'; readonly fields: readonly { readonly name: string; readonly type: Type }[] }
  | { readonly kind: 'tuple'; readonly elems: readonly Type[] }
  | { readonly kind: 'set'; readonly elem: Type }
  // a finite map; as a variable type it is total over `key` (a finite type).
  | { readonly kind: 'map'; readonly key: Type; readonly value: Type }
  // a sequence of at most `cap` elements (queue<T, N>); cap = Infinity for
  // intermediate values, checked when stored.
  | { readonly kind: 'seq'; readonly elem: Type; readonly cap: number }
  // rw_semaphore: one integer, -1 = write-held, 0 = free, n > 0 = n readers.
  | { readonly kind: 'rwsem'; readonly maxReaders: number }
  // a tagged union (`type Msg = Prepared(rm: RM) | Commit`), nominal by name;
  // a value is List([variant index, ...that variant's fields in order]).
  | { readonly kind: 'union'; readonly name: string; readonly variants: readonly Variant[] }
  // type of `{}` / `<<>>` before unification; never the type of a variable.
  | { readonly kind: 'any' };

export interface Variant { readonly tag: string; readonly fields: readonly { readonly name: string; readonly type: Type }[] }

// ---------------------------------------------------------------- expressions
export type UnOp = 'not' | 'neg' | 'card' | 'len' | 'head' | 'tail' | 'domain' | 'powerset' | 'union_all';
export type BinOp =
  | 'add' | 'sub' | 'mul' | 'div' | 'mod'
  | 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge'
  | 'and' | 'or' | 'implies' | 'iff'
  | 'in' | 'notin' | 'union' | 'inter' | 'diff' | 'subseteq'
  | 'append' // append(seq, elem)
  | 'concat' // seq \o seq
  | 'range'; // a..b : set of ints

interface ExprBase {
  readonly type: Type;
  readonly span?: Span;
}

export type Expr = ExprBase &
  (
    | { readonly op: 'lit'; readonly value: number } // scalar literal, encoded
    | { readonly op: 'all'; readonly of: Type } // the set of every value of a finite type (PAGES, BOOLEAN, 1..N)
    | { readonly op: 'var'; readonly index: number; readonly name: string } // state variable
    | { readonly op: 'local'; readonly slot: number; readonly name: string } // parameter / bound / let
    | { readonly op: 'un'; readonly fn: UnOp; readonly arg: Expr }
    | { readonly op: 'bin'; readonly fn: BinOp; readonly left: Expr; readonly right: Expr }
    | { readonly op: 'setLit'; readonly elems: readonly Expr[] }
    | { readonly op: 'seqLit'; readonly elems: readonly Expr[] }
    | { readonly op: 'tupleLit'; readonly elems: readonly Expr[] }
    | { readonly op: 'recordLit'; readonly fields: readonly { readonly name: string; readonly value: Expr }[] } // sorted by name
    // [x in S |-> body]
    | { readonly op: 'mapBuild'; readonly slot: number; readonly name: string; readonly domain: Expr; readonly body: Expr }
    // {x in S: pred}
    | { readonly op: 'setFilter'; readonly slot: number; readonly name: string; readonly domain: Expr; readonly pred: Expr }
    // {body : x in S}
    | { readonly op: 'setMap'; readonly slot: number; readonly name: string; readonly domain: Expr; readonly body: Expr }
    // [a: S, b: T] : the set of all records with fields drawn from the sets
    | { readonly op: 'recordSet'; readonly fields: readonly { readonly name: string; readonly set: Expr }[] }
    // [S -> T] : the set of all maps from S to T
    | { readonly op: 'mapSet'; readonly domain: Expr; readonly range: Expr }
    // f[x] on a map, s[i] (1-based) on a sequence, t[i] (1-based, constant) on a tuple
    | { readonly op: 'apply'; readonly target: Expr; readonly arg: Expr }
    | { readonly op: 'field'; readonly target: Expr; readonly name: string }
    // [f EXCEPT ![k] = v] / record with field replaced; path of keys and fields
    | { readonly op: 'update'; readonly target: Expr; readonly path: readonly PathStep[]; readonly value: Expr }
    | { readonly op: 'if'; readonly cond: Expr; readonly then: Expr; readonly else: Expr }
    // case arms tried in order; `other` required unless the arms are exhaustive (runtime error if none matches)
    | { readonly op: 'case'; readonly arms: readonly { readonly cond: Expr; readonly value: Expr }[]; readonly other: Expr | null }
    | { readonly op: 'let'; readonly slot: number; readonly name: string; readonly value: Expr; readonly body: Expr }
    | { readonly op: 'quant'; readonly q: 'forall' | 'exists'; readonly slot: number; readonly name: string; readonly domain: Expr; readonly body: Expr }
    // choose x in S: P  -- deterministic: the least x in the canonical value order
    | { readonly op: 'choose'; readonly slot: number; readonly name: string; readonly domain: Expr; readonly pred: Expr }
    // a value of a tagged union: variant `tag` (its index) with its fields in order
    | { readonly op: 'variant'; readonly tag: number; readonly args: readonly Expr[] }
    // match target { Tag(x, y) => body, ..., other => body }: the arm of the target's
    // variant, its fields bound to `slots`; arms cover every variant unless `other`
    | { readonly op: 'match'; readonly target: Expr; readonly arms: readonly { readonly tag: number; readonly slots: readonly number[]; readonly body: Expr }[]; readonly other: Expr | null }
    // a call of Spec.recursive[fn] (`def rec`), evaluated in a fresh frame, depth-limited
    | { readonly op: 'recCall'; readonly fn: number; readonly name: string; readonly args: readonly Expr[] }
  );

export type PathStep = { readonly kind: 'index'; readonly key: Expr } | { readonly kind: 'field'; readonly name: string };

// ---------------------------------------------------------------- statements
// Statements in an action body run in order (PlusCal / Promela d_step
// semantics): a later statement sees an earlier assignment. The whole body is
// one atomic transition. Variables not assigned keep their value.
export type Stmt =
  | { readonly op: 'assign'; readonly target: LValue; readonly value: Expr; readonly span?: Span }
  // blocks the transition (the action instance is not enabled) when false
  | { readonly op: 'await'; readonly cond: Expr; readonly span?: Span }
  | { readonly op: 'if'; readonly cond: Expr; readonly then: readonly Stmt[]; readonly else: readonly Stmt[]; readonly span?: Span }
  // nondeterministic choice of x in S: one successor per element
  | { readonly op: 'with'; readonly slot: number; readonly name: string; readonly domain: Expr; readonly body: readonly Stmt[]; readonly span?: Span }
  // nondeterministic choice between branches
  | { readonly op: 'either'; readonly branches: readonly (readonly Stmt[])[]; readonly span?: Span }
  | { readonly op: 'let'; readonly slot: number; readonly name: string; readonly value: Expr; readonly span?: Span }
  // evaluation error (reported with the trace) when false
  | { readonly op: 'assert'; readonly cond: Expr; readonly message: string; readonly span?: Span };

export interface LValue {
  readonly var: number;
  readonly name: string;
  readonly path: readonly PathStep[];
  readonly type: Type; // type of the assigned location
}

// ---------------------------------------------------------------- declarations
export interface ConstDecl {
  readonly name: string;
  readonly type: Type;
  // for ints: the number; for a model-value set: the member names
  readonly value: number | readonly string[];
  readonly symmetric: boolean;
  readonly span?: Span;
}

export interface VarDecl {
  readonly name: string;
  readonly type: Type;
  readonly span?: Span;
  // set for the program counter of a process (generated, shown as `name.pc`)
  readonly process?: string;
  // `ghost var`: model-only bookkeeping; part of the state, hidden in printed traces
  readonly ghost?: boolean;
}

export interface Param {
  readonly name: string;
  readonly slot: number;
  readonly domain: Type; // a finite type; every value is an instance
}

export interface Action {
  readonly name: string; // `fork.lock` for a process step
  readonly params: readonly Param[];
  readonly guard: Expr | null; // the `when` clause (and the pc test for a step)
  readonly body: readonly Stmt[];
  readonly frameSize: number; // locals slots used by params and binders
  readonly span?: Span;
  readonly doc?: string; // the comment above it: the kernel function it models
  readonly process?: { readonly name: string; readonly label: string };
}

export interface Process {
  readonly name: string;
  readonly params: readonly Param[];
  readonly pcVar: number; // index of its program counter variable
  readonly labels: readonly string[]; // in order; the pc enum is labels + 'done'
  readonly span?: Span;
  readonly doc?: string;
}

// `def rec f(n: 0..10): int = ...`: a function of its parameters and the
// constants (no state variable), called by recCall; its locals start at slot 0.
export interface RecOperator {
  readonly name: string;
  readonly params: readonly Param[];
  readonly result: Type;
  readonly body: Expr;
  readonly frameSize: number;
  readonly span?: Span;
}

export interface Invariant {
  readonly name: string;
  readonly expr: Expr;
  readonly frameSize: number;
  readonly span?: Span;
}

export type Temporal =
  | { readonly op: 'state'; readonly expr: Expr }
  | { readonly op: 'always'; readonly arg: Temporal }
  | { readonly op: 'eventually'; readonly arg: Temporal }
  | { readonly op: 'leadsto'; readonly left: Temporal; readonly right: Temporal }
  | { readonly op: 'not'; readonly arg: Temporal }
  | { readonly op: 'and' | 'or' | 'implies'; readonly left: Temporal; readonly right: Temporal }
  // forall / exists over a constant set around a temporal formula: `body`
  // reads the bound name as a local; `cases` is the body once per value, the
  // name bound to that constant (`label`: the value as written, e.g. p2)
  | { readonly op: 'quant'; readonly q: 'forall' | 'exists'; readonly name: string; readonly domain: Expr; readonly body: Temporal; readonly cases: readonly { readonly label: string; readonly arg: Temporal }[] };

export interface Property {
  readonly name: string;
  readonly formula: Temporal;
  readonly frameSize: number;
  readonly span?: Span;
}

// One action of a fairness condition. `args` may be fewer than the action's
// parameters (a partial instance: some instance with these first arguments);
// an argument that is not a literal reads state variables and is evaluated in
// the state a step starts from (TLA+'s WF_vars(Return(c, alloc[c]))).
export interface FairAction {
  readonly action: string; // an action name or a process name (all its steps)
  readonly args: readonly Expr[] | null; // null: every instance (per-instance fairness)
}

export interface Fairness extends FairAction {
  readonly kind: 'weak' | 'strong';
  readonly or?: readonly FairAction[]; // `weak(A | B)`: more actions, the union taken as one action
  readonly frameSize?: number; // locals used by state-reading arguments
  readonly span?: Span;
}

export interface Spec {
  readonly name: string;
  readonly file: string;
  readonly constants: readonly ConstDecl[];
  readonly vars: readonly VarDecl[];
  readonly init: readonly Stmt[]; // run from the all-default state; may be nondeterministic
  readonly initFrameSize: number;
  readonly actions: readonly Action[];
  readonly processes: readonly Process[];
  readonly invariants: readonly Invariant[];
  readonly properties: readonly Property[];
  readonly fairness: readonly Fairness[];
  readonly constraints: readonly Invariant[]; // TLC CONSTRAINT: states violating one are not explored
  readonly symmetric: readonly string[]; // names of enum types declared symmetric
  readonly recursive?: readonly RecOperator[]; // `def rec` operators, by recCall.fn
  readonly actionProperties?: readonly ActionProperty[]; // [][A]_v
  readonly refinement?: Refinement; // refines "FILE" with { ... }
}

// ---------------------------------------------------------------- steps and refinement
// An action property [][A]_v as one condition over a pair of states (s, t):
// `A || v' == v`, where variable index i < vars.length reads s and
// vars.length + i reads variable i of t (dsl/check/action-property.ts).
export interface ActionProperty {
  readonly name: string;
  readonly expr: Expr;
  readonly frameSize: number;
  readonly span?: Span;
}

// `refines "FILE" with { x = e, ... }` (TLA+ INSTANCE ... WITH): every
// initial state and step of this spec, mapped, is one of `abstract`'s (or a
// stutter). map[i] is the state expression of this spec giving abstract.vars[i].
export interface Refinement {
  readonly name: string; // the abstract spec's name
  readonly file: string; // the abstract spec's path, relative to where this spec's is
  readonly abstract: Spec;
  readonly map: readonly Expr[];
  readonly frameSize: number;
  readonly span?: Span;
}
