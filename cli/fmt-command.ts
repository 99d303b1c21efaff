// uffd-spec fmt FILE... [--check]: rewrite each spec in the canonical layout
// (dsl/fmt.ts, docs/fmt.md), in place and atomically (a temporary file in the
// same folder, then a rename). --check writes nothing: it lists the files
// that would change and exits 1, for CI. A file that does not parse is
// refused with file:line:col (exit 2) and left as it is.
import { closeSync, fsyncSync, openSync, renameSync, statSync, unlinkSync, writeSync, chmodSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Command } from 'commander';
import { formatDiagnostic, readSpecText } from '../dsl/index.js';
import { formatChecked } from '../dsl/fmt-check.js';
import { EXIT, type CommandContext } from './context.js';

interface FmtFlags { check?: boolean }

function writeAtomically(path: string, content: string): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.fmt.tmp`);
  const mode = statSync(path).mode & 0o7777;
  const fd = openSync(tmp, 'wx', mode);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    chmodSync(tmp, mode);
    renameSync(tmp, path);
  } catch (e) {
    try { unlinkSync(tmp); } catch { /* already gone */ }
    throw e;
  }
}

// Exit code for the whole run: 2 if any file was refused, else 1 if --check
// found a file to change, else 0.
export function runFmt(files: readonly string[], flags: FmtFlags, ctx: CommandContext): number {
  let refused = false;
  let wouldChange = false;
  for (const file of files) {
    const read = readSpecText(file);
    if (!read.ok) { ctx.io.err(`${file}:1:1: error: ${read.why}`); refused = true; continue; }
    const r = formatChecked(read.text, file);
    switch (r.kind) {
      case 'unchanged': break;
      case 'syntax':
        for (const d of r.diagnostics) ctx.io.err(formatDiagnostic(d, read.text));
        refused = true;
        break;
      case 'refused':
        ctx.io.err(formatDiagnostic(r.diagnostic, read.text));
        refused = true;
        break;
      case 'changed':
        if (flags.check) { ctx.io.out(file); wouldChange = true; break; }
        try {
          writeAtomically(file, r.text);
          ctx.io.err(`formatted ${file}`);
        } catch (e) {
          ctx.io.err(`${file}:1:1: error: cannot write the formatted file: ${e instanceof Error ? e.message : String(e)}`);
          refused = true;
        }
        break;
    }
  }
  return refused ? EXIT.usage : wouldChange ? EXIT.violation : EXIT.ok;
}

export function registerFmt(program: Command, ctx: CommandContext): void {
  program
    .command('fmt')
    .description('rewrite .uffd files in the canonical layout (comments kept, the IR unchanged)')
    .argument('<files...>', 'the .uffd files to format in place')
    .option('--check', 'write nothing; list the files that would change and exit 1 if any')
    .action((files: string[], flags: FmtFlags) => { ctx.setExit(runFmt(files, flags, ctx)); });
}
