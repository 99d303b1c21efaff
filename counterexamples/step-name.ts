// What the lkml column says a step does: the kernel function from the step's
// doc comment and, when other steps of the spec name the same function
// (c1, c3, c6 all `mfill_atomic()`), a short phrase from the step's own
// comment so that the rows can be told apart; and, for a step that takes
// elements off the head of a queue (the monitor reading an event), which
// elements it took.
import type { List } from 'immutable';
import type { Spec } from '../dsl/ir.js';
import { valueEquals, type Value } from '../checker/compile/types.js';
import type { DecodedStep } from './decoded.js';
import { formatValue } from './format-value.js';

// The longest phrase added after a shared function name: with the label and
// the function it stays well within a 72-column diagram.
const PHRASE_MAX = 32;
const TRAILING = new Set(['the', 'a', 'an', 'and', 'or', 'of', 'to', 'it', 'its', 'then', 'with', 'if', 'on', 'in', 'for']);

// The first line of a comment without a leading source path.
function lead(doc: string): string {
  return doc.split('\n')[0].trim().replace(/^([\w.-]+\/)+[\w.-]+\.[ch]\s+/, '');
}

const CALL = /^[A-Za-z_]\w*\([^()]{0,40}\)/;

// The kernel function a comment names: the leading call of its first line
// (after an optional source path), e.g. `mmap_write_lock(oldmm)` from
// "mmap_write_lock(oldmm)" or `userfaultfd_ctx_read()` from
// "fs/userfaultfd.c userfaultfd_ctx_read(); the monitor ...". A comment
// that does not start with a call is prose for the text trace: its first
// clause, if short, else nothing.
export function shortDoc(doc: string | undefined): string | null {
  if (!doc) return null;
  const line = lead(doc);
  const call = CALL.exec(line);
  if (call) return call[0];
  const clause = line.split(/[;:.](\s|$)/)[0].trim();
  return clause.length <= 24 ? clause : null;
}

// The kernel function a comment names, only when it starts with a call
// (`mfill_atomic()`); prose gives null. The diff names changed steps by it.
export function kernelFunction(doc: string | undefined): string | null {
  return doc ? CALL.exec(lead(doc))?.[0] ?? null : null;
}

// What the comment says after its leading call, cut to its first clause and
// to PHRASE_MAX columns at a word: "mfill_atomic(): down_read(mcl), then the
// check" gives "down_read(mcl)". Null when nothing follows the call.
export function docPhrase(doc: string | undefined): string | null {
  if (!doc) return null;
  const line = lead(doc);
  const call = CALL.exec(line);
  if (!call) return null;
  const after = line.slice(call[0].length);
  // `f(); other words`: the call's clause ends at once, what follows is about something else
  if (/^\s*[;,.]/.test(after)) return null;
  const clause = after.replace(/^[\s:]+/, '').split(/[;,:](\s|$)|\.(\s|$)/)[0].trim();
  const words = clause.split(/\s+/).filter(Boolean);
  const out: string[] = [];
  for (const w of words) {
    if ([...out, w].join(' ').length > PHRASE_MAX) break;
    out.push(w);
  }
  // no parenthesis opened but cut before it closes, and no dangling connective
  const open = (ws: string[]) => ws.join(' ').split('(').length - ws.join(' ').split(')').length;
  while (out.length && open(out) > 0) out.pop();
  while (out.length && TRAILING.has(out[out.length - 1].toLowerCase())) out.pop();
  return out.length ? out.join(' ') : null;
}

// Per spec: how many actions name each kernel function.
const sharing = new WeakMap<Spec, Map<string, number>>();

function sharedCount(spec: Spec, fn: string): number {
  let m = sharing.get(spec);
  if (!m) {
    m = new Map();
    for (const a of spec.actions) {
      const d = shortDoc(a.doc);
      if (d) m.set(d, (m.get(d) ?? 0) + 1);
    }
    sharing.set(spec, m);
  }
  return m.get(fn) ?? 0;
}

// `mfill_atomic() down_read(map_changing_lock)` where mfill_atomic() is the
// doc of several steps, `mfill_atomic_pte_copy()` where it is this step's alone.
export function stepDoc(spec: Spec, doc: string | undefined): string | null {
  const fn = shortDoc(doc);
  if (!fn || sharedCount(spec, fn) < 2) return fn;
  const phrase = docPhrase(doc);
  return phrase ? `${fn} ${phrase}` : fn;
}

// `reads FORK`: the elements a step took off the head of a queue variable
// (the new queue is the old one less its first k elements), one phrase per
// queue, naming the queue when the spec has more than one.
export function queueReads(spec: Spec, prev: readonly Value[], step: DecodedStep): string[] {
  const queues = spec.vars.filter((v) => v.type.kind === 'seq').length;
  const out: string[] = [];
  for (const i of step.changed) {
    const v = spec.vars[i];
    const t = v.type;
    if (t.kind !== 'seq') continue;
    const before = prev[i] as List<Value>, after = step.values[i] as List<Value>;
    const k = before.size - after.size;
    if (k < 1 || !valueEquals(before.slice(k), after)) continue;
    const taken = [...before.slice(0, k)].map((e) => formatValue(t.elem, e)).join(', ');
    out.push(`reads ${taken}${queues > 1 ? ` from ${v.name}` : ''}`);
  }
  return out;
}
