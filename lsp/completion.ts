// Completion: after `proc.` or `proc[t].` the steps of that process; after
// `goto` the steps of the enclosing process; elsewhere every name in scope
// at the cursor (locals first), the builtins and the keywords.
import { match } from 'ts-pattern';
import { type CompletionItem, CompletionItemKind } from 'vscode-languageserver/node';
import { describeKind } from './hover.js';
import { BUILTIN_FUNCTIONS, PRIMITIVE_STATEMENTS } from './keywords.js';
import type { Pos, SourceText } from './positions.js';
import { namesInScope, type SpecIndex, type Sym } from './symbols.js';
import { spanContains } from './positions.js';

function kindOf(s: Sym): CompletionItemKind {
  return match(s.kind)
    .with('const', () => CompletionItemKind.Constant)
    .with('modelValue', 'enumMember', () => CompletionItemKind.EnumMember)
    .with('enum', () => CompletionItemKind.Enum)
    .with('type', () => CompletionItemKind.TypeParameter)
    .with('def', () => CompletionItemKind.Function)
    .with('var', 'param', 'binder', 'let', () => CompletionItemKind.Variable)
    .with('action', 'process', () => CompletionItemKind.Class)
    .with('label', () => CompletionItemKind.Event)
    .with('invariant', 'constraint', 'property', () => CompletionItemKind.Property)
    .exhaustive();
}

function item(s: Sym, rank: number): CompletionItem {
  return { label: s.name, kind: kindOf(s), detail: `${describeKind(s)}: ${s.signature.split('\n')[0]}`, sortText: `${rank}${s.name}` };
}

function labels(ix: SpecIndex, proc: string): CompletionItem[] {
  const info = ix.processes.get(proc);
  if (!info) return [];
  return [...info.labels.map((l, i) => ({ ...item(l, 0), sortText: String(i).padStart(4, '0') })), { label: 'done', kind: CompletionItemKind.Event, detail: `process ${proc} has finished`, sortText: '9999' }];
}

export function complete(ix: SpecIndex, text: SourceText, p: Pos, keywords: readonly string[]): CompletionItem[] {
  const line = text.text.slice(text.offset({ line: p.line, col: 1 }), text.offset(p));
  const dotted = /([A-Za-z_][A-Za-z0-9_]*)(\[[^\]]*\])?\.([A-Za-z0-9_]*)$/.exec(line);
  if (dotted && ix.processes.has(dotted[1])) return labels(ix, dotted[1]);
  if (/\bgoto\s+[A-Za-z0-9_]*$/.test(line)) {
    const proc = [...ix.processes.values()].find((i) => spanContains(i.sym.declSpan, p));
    return proc ? labels(ix, proc.sym.name) : [];
  }
  const local = new Set(ix.scopes.filter((s) => spanContains(s.span, p)).flatMap((s) => s.syms));
  const names = namesInScope(ix, p).map((s) => item(s, local.has(s) ? 0 : 1));
  const builtins = [...BUILTIN_FUNCTIONS, ...PRIMITIVE_STATEMENTS].map((b): CompletionItem => ({ label: b, kind: CompletionItemKind.Function, detail: 'builtin', sortText: `2${b}` }));
  const kws = keywords.map((k): CompletionItem => ({ label: k, kind: CompletionItemKind.Keyword, sortText: `3${k}` }));
  return [...names, ...builtins, ...kws];
}
