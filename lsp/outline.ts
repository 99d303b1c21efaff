// The outline (textDocument/documentSymbol): declarations in file order,
// processes with their steps as children, enums with their members.
import { match } from 'ts-pattern';
import { type DocumentSymbol, SymbolKind } from 'vscode-languageserver/node';
import type { ADecl, ASpec } from '../dsl/ast.js';
import type { Span } from '../dsl/ir.js';
import { toRange } from './positions.js';

function node(name: string, kind: SymbolKind, span: Span, nameSpan: Span, detail?: string, children?: DocumentSymbol[]): DocumentSymbol {
  return { name, kind, range: toRange(span), selectionRange: toRange(nameSpan), ...(detail ? { detail } : {}), ...(children ? { children } : {}) };
}

function declSymbols(d: ADecl): DocumentSymbol[] {
  return match(d)
    .with({ k: 'const' }, (c) => [node(c.name, SymbolKind.Constant, c.span, c.nameSpan, undefined,
      c.value.k === 'modelValues' ? c.value.names.map((m) => node(m.name, SymbolKind.EnumMember, m.span, m.span)) : undefined)])
    .with({ k: 'enum' }, (e) => [node(e.name, SymbolKind.Enum, e.span, e.nameSpan, undefined, e.members.map((m) => node(m.name, SymbolKind.EnumMember, m.span, m.span)))])
    .with({ k: 'type' }, (t) => [node(t.name, SymbolKind.TypeParameter, t.span, t.nameSpan)])
    .with({ k: 'def' }, (f) => [node(f.name, SymbolKind.Function, f.span, f.nameSpan, f.params.length ? `(${f.params.map((p) => p.name).join(', ')})` : undefined)])
    .with({ k: 'var' }, (v) => v.names.map((n) => node(n.name, SymbolKind.Variable, v.span, n.span)))
    .with({ k: 'init' }, (i) => [node('init', SymbolKind.Constructor, i.span, i.nameSpan)])
    .with({ k: 'action' }, (a) => [node(a.name, SymbolKind.Function, a.span, a.nameSpan, 'action')])
    .with({ k: 'process' }, (p) => [node(p.name, SymbolKind.Class, p.span, p.nameSpan, 'process',
      p.steps.map((s) => node(s.label, SymbolKind.Method, s.span, s.labelSpan, 'step')))])
    .with({ k: 'invariant' }, (i) => [node(i.name, SymbolKind.Boolean, i.span, i.nameSpan, 'invariant')])
    .with({ k: 'property' }, (p) => [node(p.name, SymbolKind.Property, p.span, p.nameSpan, 'property')])
    .with({ k: 'constraint' }, (c) => (c.name === null ? [] : [node(c.name, SymbolKind.Boolean, c.span, c.nameSpan, 'constraint')]))
    .with({ k: 'fairness' }, { k: 'symmetric' }, { k: 'refines' }, () => [])
    .exhaustive();
}

export function outline(ast: ASpec): DocumentSymbol[] {
  return ast.decls.flatMap(declSymbols);
}
