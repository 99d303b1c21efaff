// check --format / --out: what goes to stdout, stderr and files once a
// check has finished. The rendering itself is counterexamples/'s.
import { InvalidArgumentError, type Command } from 'commander';
import type { CheckResult } from '../checker/result.js';
import type { Spec } from '../dsl/ir.js';
import { counterexampleBaseName, writeNew } from '../counterexamples/out.js';
import { EXTENSIONS, FORMATS, isFormat, renderCounterexample, renderResultAs, type Format } from '../counterexamples/render.js';
import { violationName } from '../counterexamples/describe.js';
import { EXIT, type Io } from './context.js';
import { renderResult } from './summary.js';

export interface OutputFlags {
  format: Format;
  out?: string;
  force?: boolean;
  showGhosts?: boolean;
  showAll?: boolean;
}

// --show-ghosts / --show-all, for every command that prints a trace.
export function addShowOptions(cmd: Command): Command {
  return cmd
    .option('--show-ghosts', 'print ghost variables in traces too (json and itf always carry them)')
    .option('--show-all', 'print every variable in the initial state of a trace, also those no step changes');
}

export function parseFormat(v: string): Format {
  if (!isFormat(v)) throw new InvalidArgumentError(`--format must be one of ${FORMATS.join(', ')}, got '${v}'`);
  return v;
}

// Lines about the run that are not the result: on stdout in text, on stderr
// for the other formats so that stdout is exactly the lkml/json/itf text.
export function infoLine(flags: OutputFlags, io: Io): (s: string) => void {
  return flags.format === 'text' ? io.out : io.err;
}

// Print the result in the chosen format and write --out files; returns an
// exit code that overrides the verdict's (2 when a file cannot be written).
export function emitResult(spec: Spec, r: CheckResult, flags: OutputFlags, io: Io): number | null {
  const show = { showGhosts: flags.showGhosts, showAll: flags.showAll };
  if (flags.format === 'text') {
    io.out(renderResult(r, true, show));
  } else {
    const shown = renderResultAs(spec, r, flags.format, show);
    if (shown !== null) io.out(shown);
    if (flags.format !== 'json') io.err(renderResult(r, false));
  }
  if (flags.out && r.violation) {
    const v = r.violation;
    try {
      const path = writeNew(flags.out, counterexampleBaseName(spec.name, violationName(v)), EXTENSIONS[flags.format], renderCounterexample(spec, v, flags.format, show), flags.force ?? false);
      io.err(`Counterexample written to ${path}`);
    } catch (e) {
      io.err(`uffd-spec: cannot write the counterexample to ${flags.out}: ${e instanceof Error ? e.message : String(e)}`);
      return EXIT.usage;
    }
  }
  return null;
}
