// What the editor features look up: every declared name of a spec (Sym),
// every occurrence of one (Ref, the declaration included) and the local
// scopes with their extent (for completion). Built from the AST by
// lsp/resolve.ts; positions are the AST's spans.
import type { Span } from '../dsl/ir.js';
import { type Pos, spanContains, spanLength } from './positions.js';

export type SymKind =
  | 'const' | 'modelValue' | 'enum' | 'enumMember' | 'type' | 'def' | 'var'
  | 'action' | 'process' | 'label' | 'invariant' | 'constraint' | 'property'
  | 'param' | 'binder' | 'let';

export interface Sym {
  readonly name: string;
  readonly kind: SymKind;
  readonly nameSpan: Span;
  readonly declSpan: Span;
  // the process of a label or parameter, the enum of a member, the action of a parameter
  readonly container?: string;
  // how the spec declares it, e.g. `var pte: [Addr -> Pte]` (shown on hover)
  readonly signature: string;
  readonly doc?: string;
}

export interface Ref { readonly span: Span; readonly sym: Sym; readonly isDecl: boolean }

// Local names visible inside `span` (action and process parameters, binders, lets).
export interface Scope { readonly span: Span; readonly syms: readonly Sym[] }

export interface ProcessInfo { readonly sym: Sym; readonly labels: readonly Sym[] }

export interface SpecIndex {
  readonly syms: readonly Sym[];
  readonly refs: readonly Ref[];
  readonly scopes: readonly Scope[];
  readonly globals: ReadonlyMap<string, Sym>;
  readonly processes: ReadonlyMap<string, ProcessInfo>;
}

// The occurrence under the cursor; the narrowest when spans nest.
export function refAt(ix: SpecIndex, p: Pos): Ref | undefined {
  let best: Ref | undefined;
  for (const r of ix.refs) {
    if (spanContains(r.span, p) && (!best || spanLength(r.span) < spanLength(best.span))) best = r;
  }
  return best;
}

export function refsOf(ix: SpecIndex, sym: Sym, includeDecl: boolean): Ref[] {
  return ix.refs.filter((r) => r.sym === sym && (includeDecl || !r.isDecl));
}

// Every name visible at `p`: the innermost local first, then the globals.
export function namesInScope(ix: SpecIndex, p: Pos): Sym[] {
  const seen = new Set<string>();
  const out: Sym[] = [];
  const inner = ix.scopes.filter((s) => spanContains(s.span, p)).reverse();
  for (const s of inner) {
    for (const sym of s.syms) if (!seen.has(sym.name)) { seen.add(sym.name); out.push(sym); }
  }
  for (const sym of ix.globals.values()) if (!seen.has(sym.name)) { seen.add(sym.name); out.push(sym); }
  return out;
}
