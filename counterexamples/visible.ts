// Which variables a printed trace shows (text, lkml, the diff's witness).
// The rule, for a trace and the variables its property reads (`reads`):
//   relevant = variables some step changes ∪ reads
//   initially shown = relevant, less the ghosts not in reads;
//   each step shows its changes, less every ghost;
//   ghosts in reads are shown once more, with their value at the end.
// --show-all adds the variables no step changes, --show-ghosts the ghosts
// (everywhere). What is left out is counted in one line. Machine formats
// (json, itf) keep every variable: these options are for readers only.
import type { Spec } from '../dsl/ir.js';

export interface ShowFlags {
  readonly showGhosts?: boolean; // --show-ghosts
  readonly showAll?: boolean; // --show-all
}

export interface Visibility {
  readonly initially: readonly number[]; // variables of the initial block, in declaration order
  readonly inSteps: (i: number) => boolean; // may a step's change of variable i be printed?
  readonly ghostsAtEnd: readonly number[]; // ghosts the property reads, hidden in the steps
  readonly unchangedLeft: number; // not shown: no step changes them, the property does not read them
  readonly ghostsLeft: number; // not shown at all: ghosts the property does not read
}

// `never`: variables a format does not print at all (lkml: program counters),
// neither shown nor counted.
export function visibility(spec: Spec, changedBySteps: Iterable<number>, reads: Iterable<number>, flags: ShowFlags = {}, never: (i: number) => boolean = () => false): Visibility {
  const readSet = new Set(reads);
  const relevant = new Set([...changedBySteps, ...readSet]);
  const ghost = (i: number): boolean => spec.vars[i].ghost === true && !flags.showGhosts;
  const initially: number[] = [];
  let unchangedLeft = 0, ghostsLeft = 0;
  spec.vars.forEach((_, i) => {
    if (never(i)) return;
    if (ghost(i) && !readSet.has(i)) ghostsLeft++;
    else if (relevant.has(i) || flags.showAll) initially.push(i);
    else unchangedLeft++;
  });
  const ghostsAtEnd = [...readSet].filter(ghost).sort((a, b) => a - b);
  return { initially, inSteps: (i) => !ghost(i), ghostsAtEnd, unchangedLeft, ghostsLeft };
}

// `(2 more unchanged: --show-all; 9 ghost variables: --show-ghosts)`, or
// null when nothing is left out.
export function leftOutLine(v: Visibility): string | null {
  const parts: string[] = [];
  if (v.unchangedLeft) parts.push(`${v.unchangedLeft} more unchanged: --show-all`);
  if (v.ghostsLeft) parts.push(`${v.ghostsLeft} ghost variable${v.ghostsLeft === 1 ? '' : 's'}: --show-ghosts`);
  return parts.length ? `(${parts.join('; ')})` : null;
}
