// check --format / --out: what goes to stdout, stderr and files once a
// check has finished. The rendering itself is counterexamples/'s.
import { InvalidArgumentError } from 'commander';
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
  if (flags.format === 'text') {
    io.out(renderResult(r));
  } else {
    const shown = renderResultAs(spec, r, flags.format);
    if (shown !== null) io.out(shown);
    if (flags.format !== 'json') io.err(renderResult(r, false));
  }
  // --continue: one file per violation
  for (const v of flags.out ? r.violations ?? (r.violation ? [r.violation] : []) : []) {
    try {
      const path = writeNew(flags.out!, counterexampleBaseName(spec.name, violationName(v)), EXTENSIONS[flags.format], renderCounterexample(spec, v, flags.format), flags.force ?? false);
      io.err(`Counterexample written to ${path}`);
    } catch (e) {
      io.err(`uffd-spec: cannot write the counterexample to ${flags.out}: ${e instanceof Error ? e.message : String(e)}`);
      return EXIT.usage;
    }
  }
  return null;
}
