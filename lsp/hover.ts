// Hover text: how the spec declares the name (its type as written) and the
// comment above it; for an action, a process or a step that comment names
// the kernel function it models.
import { match } from 'ts-pattern';
import type { Sym } from './symbols.js';

const MAX_LINES = 12;

export function describeKind(s: Sym): string {
  const of = s.container ?? '?';
  return match(s.kind)
    .with('const', () => 'constant')
    .with('modelValue', () => `model value of ${of}`)
    .with('enum', () => 'enum')
    .with('enumMember', () => `member of enum ${of}`)
    .with('type', () => 'type')
    .with('def', () => 'operator')
    .with('var', () => 'state variable')
    .with('action', () => 'action')
    .with('process', () => 'process')
    .with('label', () => `step of process ${of}`)
    .with('invariant', () => 'invariant')
    .with('constraint', () => 'constraint')
    .with('property', () => 'temporal property')
    .with('param', () => `parameter of ${of}`)
    .with('binder', () => 'bound variable')
    .with('let', () => 'local')
    .exhaustive();
}

function clip(text: string): string {
  const lines = text.split('\n');
  return lines.length <= MAX_LINES ? text : [...lines.slice(0, MAX_LINES), '...'].join('\n');
}

export function hoverMarkdown(s: Sym): string {
  const parts = ['```uffd', clip(s.signature), '```', `*${describeKind(s)}*`];
  if (s.doc) parts.push('', s.doc);
  return parts.join('\n');
}
