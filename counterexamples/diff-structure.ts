// The structural diff (checker/diff/structure.ts) as text: one block per
// changed declaration, code lines wrapped to the report's width.
import type { Change, ChangeSection, StructuralDiff } from '../checker/diff/structure.js';
import { effectLine } from './diff-effects.js';
import { kernelFunction } from './step-name.js';
import { wrap } from './wrap.js';

const NOUN: Record<ChangeSection, string> = {
  constant: 'constant', enum: 'enum', variable: 'var', init: 'init', action: 'action', process: 'process', step: 'step',
  invariant: 'invariant', constraint: 'constraint', property: 'property', fairness: 'fairness', symmetry: 'symmetric',
};

// Wrap a line of code to `width`, continuation lines indented 4 more.
export function wrapCode(line: string, width: number, prefix: string): string[] {
  const lead = /^ */.exec(line)![0];
  const out: string[] = [];
  let rest = line;
  let first = true;
  while (true) {
    const pre = first ? prefix : `${prefix}${lead}    `;
    const text = first ? rest : rest.trimStart();
    const room = width - pre.length;
    if (text.length <= room || room < 20) { out.push(pre + text); break; }
    let cut = text.lastIndexOf(' ', room);
    if (cut <= lead.length) cut = room;
    out.push(pre + text.slice(0, cut).trimEnd());
    rest = text.slice(cut);
    first = false;
  }
  return out;
}

export function renderChange(c: Change, width = 72): string[] {
  const out: string[] = [];
  // a folded diff names the kernel function of an action or step (its doc)
  const fn = kernelFunction(c.doc);
  const head = `${NOUN[c.section]} ${c.name}${fn ? ` (${fn})` : ''}`;
  if (c.section === 'fairness' || c.section === 'symmetry') {
    out.push(...wrapCode(`${c.kind === 'added' ? '+' : '-'} ${NOUN[c.section]} ${c.name}`, width, '  '));
    return out;
  }
  if (c.kind !== 'changed') {
    out.push(...wrap(`${head}: ${c.kind}`, width - 2, 4).map((l) => `  ${l}`));
    const sign = c.kind === 'added' ? '+' : '-';
    for (const p of c.parts) {
      const lines = (c.kind === 'added' ? p.after : p.before) ?? [];
      if (p.what === 'params' && lines[0] === '()') continue;
      if (lines.length === 1) out.push(...wrapCode(`${p.what}: ${lines[0]}`, width, `    ${sign} `));
      else { out.push(`    ${sign} ${p.what}:`); for (const l of lines) out.push(...wrapCode(`  ${l}`, width, `    ${sign} `)); }
    }
    return out;
  }
  const p0 = c.parts[0];
  if ((c.section === 'constant' || c.section === 'variable' || c.section === 'enum') && c.parts.length === 1 && !p0.hunks && p0.before?.length === 1 && p0.after?.length === 1) {
    const short = `  ${head}: ${p0.before[0]} -> ${p0.after[0]}`;
    if (short.length <= width) return [short];
  }
  out.push(...wrap(`${head}: ${c.parts.map((p) => p.what).join(', ')} changed`, width - 2, 4).map((l) => `  ${l}`));
  // what it does differently, one line each; then the code, for the details
  for (const e of c.effects ?? []) out.push(...wrap(effectLine(e), width - 4, 4).map((l) => `    ${l}`));
  for (const p of c.parts) {
    if (c.parts.length > 1 || p.hunks) out.push(`    ${p.what}:`);
    if (p.hunks) {
      for (const h of p.hunks) out.push(...wrapCode(h.tag === '@' ? '...' : h.text, width, `    ${h.tag === '@' ? ' ' : h.tag} `));
    } else {
      for (const l of p.before ?? []) out.push(...wrapCode(l, width, '    - '));
      for (const l of p.after ?? []) out.push(...wrapCode(l, width, '    + '));
    }
  }
  return out;
}

export function renderStructural(d: StructuralDiff, width = 72): string[] {
  if (d.changes.length === 0) return ['Structure: no differences.'];
  const out = [`Structure: ${d.changes.length} change${d.changes.length === 1 ? '' : 's'}`];
  for (const c of d.changes) out.push(...renderChange(c, width));
  return out;
}
