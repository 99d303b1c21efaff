// check --format / --out: what goes to stdout, stderr and files once a
// check has finished. The rendering itself is counterexamples/'s.
import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import type { CheckResult } from '../checker/result.js';
import type { Spec } from '../dsl/ir.js';
import { counterexampleBaseName, writeNew } from '../counterexamples/out.js';
import { EXTENSIONS, FORMATS, isFormat, renderCounterexample, renderResultAs, type Format } from '../counterexamples/render.js';
import { violationName } from '../counterexamples/describe.js';
import type { Io } from './context.js';
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

// --out DIR checked before the search (hours may go into it): DIR, or the
// nearest folder above it that exists, must be a writable directory.
export function outDirProblem(dir: string): string | null {
  let d = resolve(dir);
  for (;;) {
    try {
      if (!statSync(d).isDirectory()) return d === resolve(dir) ? `${dir} is not a directory` : `${d} is not a directory`;
      accessSync(d, constants.W_OK);
      return null;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if ((code === 'ENOENT' || code === 'ENOTDIR') && dirname(d) !== d) { d = dirname(d); continue; }
      if (code === 'ENOTDIR') return `${d} is not a directory`;
      return code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? `${d} is not writable` : e instanceof Error ? e.message : String(e);
    }
  }
}

// Print the result in the chosen format and write --out files; the verdict's
// exit code stands even when a file cannot be written (said on stderr).
export function emitResult(spec: Spec, r: CheckResult, flags: OutputFlags, io: Io): number | null {
  const show = { showGhosts: flags.showGhosts, showAll: flags.showAll };
  if (flags.format === 'text') {
    io.out(renderResult(r, true, show));
  } else {
    const shown = renderResultAs(spec, r, flags.format, show);
    if (shown !== null) io.out(shown);
    if (flags.format !== 'json') io.err(renderResult(r, false));
  }
  // --continue: one file per violation
  for (const v of flags.out ? r.violations ?? (r.violation ? [r.violation] : []) : []) {
    try {
      const path = writeNew(flags.out!, counterexampleBaseName(spec.name, violationName(v)), EXTENSIONS[flags.format], renderCounterexample(spec, v, flags.format, show), flags.force ?? false);
      io.err(`Counterexample written to ${path}`);
    } catch (e) {
      io.err(`uffd-spec: cannot write the counterexample to ${flags.out}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return null;
}
