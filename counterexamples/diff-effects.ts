// What a changed step does differently (checker/diff/step-effects.ts), one
// line each: `no longer takes mmap_lock for read`, `now always takes
// vl[page[m]] for read (was: in an either branch)`.
import { match } from 'ts-pattern';
import type { EffectChange, EffectKind } from '../checker/diff/step-effects.js';

function verb(k: EffectKind): string {
  return match(k)
    .with('take', () => 'takes')
    .with('release', () => 'releases')
    .with('enqueue', () => 'enqueues')
    .with('dequeue', () => 'dequeues from')
    .with('await', () => 'waits for')
    .with('assign', () => 'sets')
    .with('goto', () => 'goes to')
    .with('branch', () => 'branches on')
    .with('choose', () => 'chooses')
    .with('assert', () => 'asserts')
    .exhaustive();
}

// Where a step does something: `always`, or the conditions around it; an
// occurrence per entry.
function where(ws: readonly string[]): string {
  return [...new Set(ws)].map((w) => {
    const n = ws.filter((x) => x === w).length;
    return `${w || 'always'}${n > 1 ? ` (${n} times)` : ''}`;
  }).join('; ');
}

const always = (ws: readonly string[]) => ws.length > 0 && ws.every((w) => w === '');

export function effectLine(e: EffectChange): string {
  const v = verb(e.kind);
  if (e.was !== undefined) return `now ${v} ${e.what}${always(e.after) ? '' : ` ${where(e.after)}`} (was: ${e.was})`;
  if (e.before.length === 0) return `now ${v} ${e.what}${always(e.after) ? '' : ` ${where(e.after)}`}`;
  if (e.after.length === 0) return `no longer ${v} ${e.what}${always(e.before) ? '' : ` (was: ${where(e.before)})`}`;
  if (always(e.after)) return `now always ${v} ${e.what} (was: ${where(e.before)})`;
  // from every path to some: `only`
  return `now ${v} ${e.what} ${always(e.before) ? 'only ' : ''}${where(e.after)} (was: ${where(e.before)})`;
}
