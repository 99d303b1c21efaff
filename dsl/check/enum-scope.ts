// Enum members scoped by their type when names clash (TLA+ specs often have
// `committed` in two enums): a member name shared by several enums is only
// usable qualified, `Phase.committed`; a unique one also unqualified.
import type { EnumT, Sym } from './scope.js';

// Record `sym` (a member) under `name` when `name` is already a member of
// another enum; false when the name is free or declared otherwise (then the
// caller declares it, reporting a real clash).
export function shareMember(globals: Map<string, Sym>, name: string, sym: Extract<Sym, { k: 'member' }>): boolean {
  const prev = globals.get(name);
  if (prev?.k === 'member' && prev.type.name !== sym.type.name) {
    globals.set(name, { k: 'ambiguousMember', of: [{ type: prev.type, index: prev.index }, { type: sym.type, index: sym.index }] });
    return true;
  }
  if (prev?.k === 'ambiguousMember') {
    globals.set(name, { k: 'ambiguousMember', of: [...prev.of, { type: sym.type, index: sym.index }] });
    return true;
  }
  return false;
}

export function ambiguousMessage(name: string, of: readonly { type: EnumT }[]): string {
  const forms = of.map((o) => `${o.type.name}.${name}`);
  return `'${name}' is a member of ${of.length === 2 ? 'both' : 'each of'} ${of.map((o) => o.type.name).join(of.length === 2 ? ' and ' : ', ')}: write ${forms.slice(0, -1).join(', ')} or ${forms[forms.length - 1]}`;
}
