// Load a spec for a subcommand: bound constants, every diagnostic printed
// with its source line, null when the spec is unusable (exit 2).
import type { Spec } from '../dsl/ir.js';
import { compileSource, formatDiagnostic, readSpecText, type Diagnostic } from '../dsl/index.js';
import { COMMAND_LINE } from '../dsl/diag.js';
import { printConstValue } from '../dsl/ir-print.js';
import type { Io } from './context.js';

export function parseConsts(list: readonly string[]): { consts: Record<string, string>; error: string | null } {
  const consts: Record<string, string> = {};
  for (const item of list) {
    const eq = item.indexOf('=');
    if (eq <= 0) return { consts, error: `--const expects NAME=VALUE, got '${item}'` };
    consts[item.slice(0, eq).trim()] = item.slice(eq + 1).trim();
  }
  return { consts, error: null };
}

// A spec with thousands of errors (a generated file gone wrong) is one mistake
// repeated: the first few say it, the rest are counted.
export const MAX_SHOWN = 20;

// `fromFile`: constants among constFlags that were read from that file (a
// trace), so that an error about one names the file, not the command line.
export function loadOrReport(file: string, constFlags: readonly string[], io: Io, fromFile?: { readonly file: string; readonly names: ReadonlySet<string> }): Spec | null {
  const { consts, error } = parseConsts(constFlags);
  if (error) { io.err(`<command line>:1:1: error: ${error}`); return null; }
  // a file that cannot be a spec (missing, a directory, binary, huge): one line
  const read = readSpecText(file);
  if (!read.ok) { io.err(`${file}:1:1: error: ${read.why}`); return null; }
  const loaded = compileSource(read.text, file, { consts });
  if (!loaded.ok) {
    const text = read.text;
    const shown = loaded.diagnostics.slice(0, MAX_SHOWN);
    for (const d of shown) io.err(formatDiagnostic(blame(d, fromFile), d.file === file ? text : undefined));
    const more = loaded.diagnostics.length - shown.length;
    if (more > 0) io.err(`and ${more.toLocaleString('en-US')} more (the first ${MAX_SHOWN} are shown)`);
    const n = loaded.diagnostics.filter((d) => d.severity === 'error').length;
    io.err(`${n.toLocaleString('en-US')} error${n === 1 ? '' : 's'}; nothing was checked.`);
    return null;
  }
  for (const w of loaded.warnings) io.err(formatDiagnostic(w, undefined));
  return loaded.spec;
}

function blame(d: Diagnostic, fromFile: { readonly file: string; readonly names: ReadonlySet<string> } | undefined): Diagnostic {
  const m = /^--const (\w+)/.exec(d.message);
  if (!fromFile || d.file !== COMMAND_LINE || !m || !fromFile.names.has(m[1])) return d;
  return { ...d, file: fromFile.file, message: `the constant ${d.message.slice('--const '.length)} (recorded in the trace; --const ${m[1]}=... overrides it)` };
}

export function collect(value: string, prev: string[]): string[] {
  return [...prev, value];
}

export function describeConstants(spec: Spec): string {
  return spec.constants
    .map((c) => `${c.name}=${printConstValue(c)}`)
    .join(', ');
}
