// uffd-spec command line. Exit codes: 0 every checked property holds,
// 1 a property is violated, 2 the spec or the command line is wrong,
// 3 the search stopped at a limit before finishing.
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { readFileSync } from 'node:fs';
import { check } from '../checker/search.js';
import { formatDiagnostic, loadSpecFile } from '../dsl/index.js';
import { formatProgress, renderResult } from './summary.js';

export const EXIT = { ok: 0, violation: 1, usage: 2, limit: 3 } as const;

function collect(value: string, prev: string[]): string[] {
  return [...prev, value];
}

function positiveInt(name: string) {
  return (v: string): number => {
    if (!/^\d+$/.test(v) || Number(v) <= 0) throw new InvalidArgumentError(`${name} must be a positive integer, got '${v}'`);
    return Number(v);
  };
}

function positiveNumber(name: string) {
  return (v: string): number => {
    const x = Number(v);
    if (!Number.isFinite(x) || x <= 0) throw new InvalidArgumentError(`${name} must be a positive number of seconds, got '${v}'`);
    return x;
  };
}

interface CheckFlags {
  const: string[];
  invariant: string[];
  deadlock: boolean;
  maxStates?: number;
  maxDepth?: number;
  timeLimit?: number;
  progress: number;
}

export function parseConsts(list: readonly string[]): { consts: Record<string, string>; error: string | null } {
  const consts: Record<string, string> = {};
  for (const item of list) {
    const eq = item.indexOf('=');
    if (eq <= 0) return { consts, error: `--const expects NAME=VALUE, got '${item}'` };
    consts[item.slice(0, eq).trim()] = item.slice(eq + 1).trim();
  }
  return { consts, error: null };
}

function runCheck(file: string, flags: CheckFlags, io: Io): number {
  const { consts, error } = parseConsts(flags.const);
  if (error) { io.err(`<command line>:1:1: error: ${error}`); return EXIT.usage; }
  const loaded = loadSpecFile(file, { consts });
  if (!loaded.ok) {
    let text: string | undefined;
    try { text = readFileSync(file, 'utf8'); } catch { text = undefined; }
    for (const d of loaded.diagnostics) io.err(formatDiagnostic(d, d.file === file ? text : undefined));
    const n = loaded.diagnostics.filter((d) => d.severity === 'error').length;
    io.err(`${n} error${n === 1 ? '' : 's'}; nothing was checked.`);
    return EXIT.usage;
  }
  const spec = loaded.spec;
  for (const w of loaded.warnings) io.err(formatDiagnostic(w, undefined));
  const unknown = flags.invariant.filter((i) => !spec.invariants.some((x) => x.name === i));
  if (unknown.length) {
    io.err(`<command line>:1:1: error: no invariant named ${unknown.map((u) => `'${u}'`).join(', ')} in ${file} (it has: ${spec.invariants.map((i) => i.name).join(', ') || 'none'})`);
    return EXIT.usage;
  }
  const shown = spec.constants.map((c) => `${c.name}=${Array.isArray(c.value) ? `{${c.value.join(',')}}` : c.type.kind === 'bool' ? String(Boolean(c.value)) : String(c.value)}`);
  io.out(`Checking ${file} (spec ${spec.name})${shown.length ? ` with ${shown.join(', ')}` : ''}`);
  if (spec.symmetric.length) io.out(`Note: symmetry reduction is not implemented yet; ${spec.symmetric.join(', ')} explored without it.`);
  let interrupted: string | null = null;
  const onSignal = (sig: string) => () => { interrupted = sig; };
  const onInt = onSignal('SIGINT');
  const onTerm = onSignal('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  try {
    const result = check(spec, {
      deadlock: flags.deadlock,
      invariants: flags.invariant.length ? flags.invariant : undefined,
      maxStates: flags.maxStates,
      maxDepth: flags.maxDepth,
      timeLimitSeconds: flags.timeLimit,
      progressEverySeconds: flags.progress,
      onProgress: (s) => io.err(formatProgress(s)),
      shouldStop: () => interrupted,
    });
    io.out(renderResult(result));
    return result.outcome === 'ok' ? EXIT.ok : result.outcome === 'violation' ? EXIT.violation : EXIT.limit;
  } finally {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
  }
}

export interface Io {
  out(s: string): void;
  err(s: string): void;
}

const stdio: Io = {
  out: (s) => process.stdout.write(`${s}\n`),
  err: (s) => process.stderr.write(`${s}\n`),
};

export async function main(argv: readonly string[], io: Io = stdio): Promise<number> {
  let code: number = EXIT.ok;
  const program = new Command('uffd-spec')
    .description('model checker for userfaultfd locking protocols')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });
  program
    .command('check')
    .description('explore every reachable state of a spec and check its invariants')
    .argument('<file>', 'the .uffd spec to check')
    .option('--const <NAME=VALUE>', 'override a constant (repeatable): P=3, CHECK=false, PAGES={p1,p2}', collect, [])
    .option('--invariant <NAME>', 'check only this invariant (repeatable)', collect, [])
    .option('--no-deadlock', 'do not report states where no action is enabled')
    .addOption(new Option('--max-states <N>', 'stop after N distinct states (exit 3)').argParser(positiveInt('--max-states')))
    .addOption(new Option('--max-depth <N>', 'do not explore states deeper than N steps (exit 3 if reached)').argParser(positiveInt('--max-depth')))
    .addOption(new Option('--time-limit <SECONDS>', 'stop after this many seconds (exit 3)').argParser(positiveNumber('--time-limit')))
    .addOption(new Option('--progress <SECONDS>', 'seconds between progress lines on stderr').default(3).argParser(positiveNumber('--progress')))
    .action((file: string, flags: CheckFlags) => { code = runCheck(file, flags, io); });
  try {
    await program.parseAsync(argv as string[]);
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
      return EXIT.usage;
    }
    io.err(`uffd-spec: internal error: ${e instanceof Error ? e.message : String(e)} (please report it with the spec that caused it)`);
    if (process.env.UFFD_SPEC_DEBUG && e instanceof Error) io.err(e.stack ?? '');
    return EXIT.usage;
  }
  return code;
}
