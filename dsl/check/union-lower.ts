// Tagged unions (`type Msg = Prepared(rm: RM) | Commit | Abort`): the type,
// its constructors (`Commit`, `Prepared(r1)`, `Prepared(rm: r1)`) and `match`
// with exhaustiveness checked here, so the checker never meets a value no arm
// handles. Tags are global names, like enum members.
import type { Expr, Span, Stmt, Type, Variant } from '../ir.js';
import type { AExpr, AMatchArm, AStmt, AType } from '../ast.js';
import { didYouMean } from '../diag.js';
import { ANY, BOOL, coerce, isFiniteType, typeName, unify } from '../types.js';
import type { Env, Scope } from './scope.js';

export type UnionT = Extract<Type, { kind: 'union' }>;

// what it needs of the expression lowering and the type resolver (both import this file's types)
interface Lowering {
  expr(a: AExpr, env: Env): Expr | null;
  checkAssignable(target: Type, value: Expr, span: Span, what: string): Expr | null;
  resolveType(a: AType): Type | null;
}

const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;

export function resolveUnion(a: Extract<AType, { k: 'union' }>, resolve: (t: AType) => Type | null, s: Scope): UnionT | null {
  const variants: Variant[] = [];
  let ok = true;
  for (const v of a.variants) {
    const fields: { name: string; type: Type }[] = [];
    for (const f of v.fields) {
      if (fields.some((g) => g.name === f.name)) s.err(f.span, `field '${f.name}' appears twice in ${v.tag}`);
      const t = resolve(f.type);
      if (!t) ok = false;
      else if (!isFiniteType(t)) { ok = false; s.err(f.type.span, `field '${f.name}' of ${v.tag} must have a finite type, not ${typeName(t)}`); }
      else fields.push({ name: f.name, type: t });
    }
    variants.push({ tag: v.tag, fields });
  }
  return ok ? { kind: 'union', name: a.name, variants } : null;
}

export class UnionLowering {
  constructor(private readonly s: Scope, private readonly l: Lowering) {}

  private union(name: string, span: Span): UnionT | null {
    const t = this.l.resolveType({ k: 'name', name, span });
    return t && t.kind === 'union' ? t : null;
  }

  // `Commit` alone: a variant without fields
  bare(union: string, index: number, span: Span): Expr | null {
    const u = this.union(union, span);
    if (!u) return null;
    const v = u.variants[index];
    if (v.fields.length) return this.s.err(span, `${v.tag} has ${plural(v.fields.length, 'field')} (${v.fields.map((f) => f.name).join(', ')}): write ${v.tag}(...)`);
    return { op: 'variant', tag: index, args: [], type: u, span };
  }

  // `Prepared(r1)` (positional) or `Prepared(rm: r1)` (named)
  construct(union: string, index: number, a: Extract<AExpr, { k: 'call' | 'namedCall' }>, env: Env): Expr | null {
    const u = this.union(union, a.span);
    if (!u) return null;
    const v = u.variants[index];
    if (v.fields.length === 0) return this.s.err(a.span, `${v.tag} has no fields: write ${v.tag} alone`);
    const given: { value: AExpr; span: Span }[] = [];
    if (a.k === 'call') {
      if (a.args.length !== v.fields.length) return this.s.err(a.span, `${v.tag} has ${plural(v.fields.length, 'field')} (${v.fields.map((f) => f.name).join(', ')}), not ${a.args.length}`);
      a.args.forEach((x) => given.push({ value: x, span: x.span }));
    } else {
      for (const x of a.args) {
        if (!v.fields.some((f) => f.name === x.name)) return this.s.err(x.span, `${v.tag} has no field '${x.name}'${didYouMean(x.name, v.fields.map((f) => f.name))}`);
        if (a.args.filter((y) => y.name === x.name).length > 1) return this.s.err(x.span, `field '${x.name}' is given twice`);
      }
      for (const f of v.fields) {
        const x = a.args.find((y) => y.name === f.name);
        if (!x) return this.s.err(a.span, `${v.tag} needs field '${f.name}'`);
        given.push({ value: x.value, span: x.span });
      }
    }
    const args: Expr[] = [];
    for (let i = 0; i < v.fields.length; i++) {
      const e = this.l.expr(given[i].value, env);
      if (!e) return null;
      const c = this.l.checkAssignable(v.fields[i].type, e, given[i].value.span, `field ${v.fields[i].name} of ${v.tag}`);
      if (!c) return null;
      args.push(c);
    }
    return { op: 'variant', tag: index, args, type: u, span: a.span };
  }

  // The statement form: `let t = target`, then `if` over the variants, each
  // arm's fields bound by `let` (a one-arm match expression reads each field).
  matchStmt(a: Extract<AStmt, { k: 'match' }>, env: Env, block: (b: readonly AStmt[], env: Env) => Stmt[]): Stmt[] {
    const target = this.l.expr(a.target, env);
    if (!target) return [];
    const u = target.type;
    if (u.kind !== 'union') { this.s.err(a.target.span, `match needs a value of a tagged union (type T = A(...) | B), not ${typeName(u)}`); return []; }
    const tags = this.checkArms(u, a.arms, a.span);
    if (!tags) return [];
    const [env1, tslot] = this.s.bind(env, '#match', u); // not a name a spec can write
    const t: Expr = { op: 'local', slot: tslot, name: 'match', type: u };
    const otherArm = a.arms.find((x) => x.tag === null);
    let chain: Stmt[] = otherArm ? block(otherArm.body, env1) : [];
    for (let k = a.arms.length - 1; k >= 0; k--) {
      const arm = a.arms[k];
      const tag = tags[k];
      if (tag === null) continue;
      const fields = u.variants[tag].fields;
      let e2 = env1;
      const slots: number[] = [];
      for (let i = 0; i < arm.binds.length; i++) {
        const [e3, slot] = this.s.bind(e2, arm.binds[i].name, fields[i].type);
        e2 = e3;
        slots.push(slot);
      }
      const lets: Stmt[] = slots.map((slot, i) => ({
        op: 'let', slot, name: arm.binds[i].name, span: arm.tagSpan,
        value: { op: 'match', target: t, arms: [{ tag, slots, body: { op: 'local', slot, name: arm.binds[i].name, type: fields[i].type } }], other: null, type: fields[i].type },
      }));
      const cond: Expr = { op: 'match', target: t, arms: [{ tag, slots: [], body: { op: 'lit', value: 1, type: BOOL } }], other: { op: 'lit', value: 0, type: BOOL }, type: BOOL, span: arm.tagSpan };
      chain = [{ op: 'if', cond, then: [...lets, ...block(arm.body, e2)], else: chain, span: arm.span }];
    }
    return [{ op: 'let', slot: tslot, name: 'match', value: target, span: a.span }, ...chain];
  }

  // The variant of each arm (null: other), or null after an error: unknown or
  // repeated tags, a wrong number of names, variants without an arm.
  private checkArms(u: UnionT, arms: readonly { tag: string | null; tagSpan: Span; binds: readonly unknown[]; span: Span }[], span: Span): (number | null)[] | null {
    const out: (number | null)[] = [];
    for (const arm of arms) {
      if (arm.tag === null) {
        if (out.includes(null)) return this.s.err(arm.tagSpan, "'other' appears twice in this match");
        out.push(null);
        continue;
      }
      const tag = u.variants.findIndex((v) => v.tag === arm.tag);
      if (tag < 0) return this.s.err(arm.tagSpan, `${u.name} has no variant '${arm.tag}'${didYouMean(arm.tag, u.variants.map((v) => v.tag))}`);
      if (out.includes(tag)) return this.s.err(arm.tagSpan, `${arm.tag} has two arms in this match`);
      const fields = u.variants[tag].fields;
      if (arm.binds.length !== 0 && arm.binds.length !== fields.length) return this.s.err(arm.span, `${arm.tag} has ${plural(fields.length, 'field')} (${fields.map((f) => f.name).join(', ')}): bind all of them or none`);
      out.push(tag);
    }
    const missing = u.variants.filter((_, i) => !out.includes(i)).map((v) => v.tag);
    if (missing.length && !out.includes(null)) return this.s.err(span, `match on ${u.name} has no arm for ${missing.join(', ')}: add ${missing.length === 1 ? 'it' : 'them'} or an 'other' arm`);
    return out;
  }

  match(a: Extract<AExpr, { k: 'match' }>, env: Env): Expr | null {
    const target = this.l.expr(a.target, env);
    if (!target) return null;
    const u = target.type;
    if (u.kind !== 'union') return this.s.err(a.target.span, `match needs a value of a tagged union (type T = A(...) | B), not ${typeName(u)}`);
    const arms: { tag: number; slots: number[]; body: Expr }[] = [];
    let other: Expr | null = null;
    let otherArm: AMatchArm | null = null;
    let type: Type = ANY;
    const bodies: Expr[] = [];
    for (const arm of a.arms) {
      let e2 = env;
      const slots: number[] = [];
      if (arm.tag === null) {
        if (otherArm) return this.s.err(arm.tagSpan, "'other' appears twice in this match");
        otherArm = arm;
      } else {
        const tag = u.variants.findIndex((v) => v.tag === arm.tag);
        if (tag < 0) return this.s.err(arm.tagSpan, `${u.name} has no variant '${arm.tag}'${didYouMean(arm.tag, u.variants.map((v) => v.tag))}`);
        if (arms.some((x) => x.tag === tag)) return this.s.err(arm.tagSpan, `${arm.tag} has two arms in this match`);
        const fields = u.variants[tag].fields;
        if (arm.binds.length !== 0 && arm.binds.length !== fields.length) return this.s.err(arm.span, `${arm.tag} has ${plural(fields.length, 'field')} (${fields.map((f) => f.name).join(', ')}): bind all of them or none`);
        for (let i = 0; i < arm.binds.length; i++) {
          const [e3, slot] = this.s.bind(e2, arm.binds[i].name, fields[i].type);
          e2 = e3;
          slots.push(slot);
        }
        arms.push({ tag, slots, body: null as unknown as Expr });
      }
      const b = this.l.expr(arm.body, e2);
      if (!b) return null;
      const t = unify(type, b.type);
      if (!t) return this.s.err(arm.body.span, `the arms of 'match' have different types: ${typeName(type)} and ${typeName(b.type)}`);
      type = t;
      if (arm.tag === null) other = b;
      else bodies.push(b);
    }
    const missing = u.variants.filter((_, i) => !arms.some((x) => x.tag === i)).map((v) => v.tag);
    if (missing.length && !otherArm) return this.s.err(a.span, `match on ${u.name} has no arm for ${missing.join(', ')}: add ${missing.length === 1 ? 'it' : 'them'} or an 'other' arm`);
    return {
      op: 'match', target,
      arms: arms.map((x, i) => ({ tag: x.tag, slots: x.slots, body: coerce(bodies[i], type) })),
      other: other ? coerce(other, type) : null, type, span: a.span,
    };
  }
}

// Symmetry reduction relabels each slot on its own, but a union's slots for
// the variants it does not hold must stay 0, so a symmetric set may not
// appear in the fields of a union stored slot by slot (a variable, a record
// field, a map value, a queue element). Inside a set, or as a map key, a
// union is stored by rank and permuted as a whole, which is sound.
export function unionBlocksSymmetry(t: Type, symmetric: readonly string[]): { union: string; set: string } | null {
  const mentions = (x: Type): string | null => {
    switch (x.kind) {
      case 'enum': return symmetric.includes(x.name) ? x.name : null;
      case 'record': for (const f of x.fields) { const m = mentions(f.type); if (m) return m; } return null;
      case 'tuple': for (const e of x.elems) { const m = mentions(e); if (m) return m; } return null;
      case 'set': case 'seq': return mentions(x.elem);
      case 'map': return mentions(x.key) ?? mentions(x.value);
      case 'union': for (const v of x.variants) for (const f of v.fields) { const m = mentions(f.type); if (m) return m; } return null;
      default: return null;
    }
  };
  switch (t.kind) {
    case 'union': { const m = mentions(t); return m ? { union: t.name, set: m } : null; }
    case 'record': for (const f of t.fields) { const r = unionBlocksSymmetry(f.type, symmetric); if (r) return r; } return null;
    case 'tuple': for (const e of t.elems) { const r = unionBlocksSymmetry(e, symmetric); if (r) return r; } return null;
    case 'map': return unionBlocksSymmetry(t.value, symmetric);
    case 'seq': return unionBlocksSymmetry(t.elem, symmetric);
    default: return null;
  }
}
