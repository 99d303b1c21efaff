// One-line descriptions of a violation, shared by every renderer.
import type { Violation } from '../checker/result.js';
import type { Spec } from '../dsl/ir.js';
import { refinementWhy } from './abstract-state.js';

// `invariant`, `property`, `deadlock`, `eval-error`: the name a file gets.
export function violationName(v: Violation): string {
  switch (v.kind) {
    case 'invariant': case 'property': case 'action-property': return v.name;
    case 'refinement': return `refines-${v.name}`;
    case 'deadlock': return 'deadlock';
    case 'eval-error': return 'eval-error';
  }
}

// A property's name, with the failing value of its top-level forall: P[p2].
export function propertyLabel(v: Extract<Violation, { kind: 'property' }>): string {
  return v.instance === undefined ? v.name : `${v.name}[${v.instance}]`;
}

export function violationTitle(v: Violation): string {
  const steps = Math.max(0, v.trace.steps.length - 1);
  const after = `after ${steps} step${steps === 1 ? '' : 's'}`;
  switch (v.kind) {
    case 'invariant': return `invariant ${v.name} is violated ${after}`;
    case 'property': return v.trace.loopStart === undefined
      ? `temporal property ${propertyLabel(v)} is violated ${after}`
      : `temporal property ${propertyLabel(v)} is violated by a lasso of ${steps} step${steps === 1 ? '' : 's'}`;
    case 'deadlock': return `deadlock ${after}: no action is enabled`;
    case 'action-property': return `action property ${v.name} is violated by step ${steps}`;
    case 'refinement': return `the spec does not refine ${v.name}: ${refinementWhy(v)}`;
    case 'eval-error': return `evaluation error ${after}${v.where ? ` in ${v.where.name}` : ''}: ${v.message}`;
  }
}

// Why a deadlock is one: processes are mentioned only where the spec has some.
export function deadlockWhy(spec: Spec): string {
  return spec.processes.length ? 'no action is enabled and not every process has finished' : 'no action is enabled';
}

// Indices of the state variables an IR expression (or any IR fragment) reads.
export function varsRead(x: unknown, out: Set<number> = new Set()): Set<number> {
  if (x === null || typeof x !== 'object') return out;
  if (Array.isArray(x)) { for (const y of x) varsRead(y, out); return out; }
  const o = x as Record<string, unknown>;
  if (o.op === 'var' && typeof o.index === 'number') out.add(o.index);
  for (const [k, v] of Object.entries(o)) if (k !== 'type' && k !== 'span') varsRead(v, out);
  return out;
}

// The variables a violated property is about (none for deadlocks and errors).
export function violationVars(spec: Spec, v: Violation): number[] {
  if (v.kind === 'invariant') {
    const inv = spec.invariants.find((i) => i.name === v.name);
    return inv ? [...varsRead(inv.expr)].sort((a, b) => a - b) : [];
  }
  if (v.kind === 'property') {
    const p = spec.properties.find((i) => i.name === v.name);
    return p ? [...varsRead(p.formula)].sort((a, b) => a - b) : [];
  }
  if (v.kind === 'action-property') {
    // the pair state's index vars.length + i is variable i after the step
    const p = spec.actionProperties?.find((i) => i.name === v.name);
    return p ? [...new Set([...varsRead(p.expr)].map((i) => i % spec.vars.length))].sort((a, b) => a - b) : [];
  }
  if (v.kind === 'refinement') return spec.refinement ? [...varsRead(spec.refinement.map)].sort((a, b) => a - b) : [];
  return [];
}
