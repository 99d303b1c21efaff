// uffd-spec check FILE: explore every reachable state and report verdicts.
import { availableParallelism } from 'node:os';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { checkWith } from '../checker/check.js';
import { PIPELINE_MAX_WORKERS } from '../checker/search/pipeline-search.js';
import { EXIT, type CommandContext } from './context.js';
import { collect, describeConstants, loadOrReport } from './load.js';
import { addShowOptions, emitResult, infoLine, outDirProblem, parseFormat, type OutputFlags } from './output.js';
import { formatProgress, wrapWords } from './summary.js';
import { uncheckedDiagnostics } from './unchecked.js';
import { diskDirProblem } from './disk-dir.js';
import { formatDiagnostic, overflowAtLongestLine, readSpecText } from '../dsl/index.js';
import { isStackOverflow } from '../dsl/nesting.js';

interface CheckFlags extends OutputFlags {
  const: string[];
  invariant: string[];
  deadlock: boolean;
  symmetry: boolean;
  maxStates?: number;
  maxDepth?: number;
  timeLimit?: number;
  maxMemory?: number;
  disk?: string;
  workers: number;
  workersGiven?: boolean; // --workers on the command line (not the default)
  temporal: boolean;
  allowUnchecked?: boolean;
  continue?: boolean;
  codegen: boolean;
  progress: number;
}

// The parallel search stops scaling at about 8 workers (docs/performance.md).
const MAX_DEFAULT_WORKERS = 8;

function defaultWorkers(): number {
  return Math.max(1, Math.min(availableParallelism(), MAX_DEFAULT_WORKERS));
}

export function positiveInt(name: string) {
  return (v: string): number => {
    if (!/^\d+$/.test(v) || Number(v) <= 0) throw new InvalidArgumentError(`${name} must be a positive integer, got '${v}'`);
    return Number(v);
  };
}

export function positiveNumber(name: string) {
  return (v: string): number => {
    const x = Number(v);
    if (!Number.isFinite(x) || x <= 0) throw new InvalidArgumentError(`${name} must be a positive number of seconds, got '${v}'`);
    return x;
  };
}

export function registerCheck(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('check')
    .description('explore every reachable state of a spec and check its invariants')
    .argument('<file>', 'the .uffd spec to check')
    .option('--const <NAME=VALUE>', 'override a constant (repeatable): P=3, CHECK=false, PAGES={p1,p2}', collect, [])
    .option('--invariant <NAME>', 'check only this invariant (repeatable)', collect, [])
    .option('--no-deadlock', 'do not report states where no action is enabled')
    .option('--no-symmetry', 'explore the full state space even where the spec declares symmetric sets')
    .addOption(new Option('--max-states <N>', 'stop after N distinct states (exit 3)').argParser(positiveInt('--max-states')))
    .addOption(new Option('--max-depth <N>', 'do not explore states deeper than N steps (exit 3 if reached)').argParser(positiveInt('--max-depth')))
    .addOption(new Option('--time-limit <SECONDS>', 'stop after this many seconds (exit 3)').argParser(positiveNumber('--time-limit')))
    .addOption(new Option('--max-memory <MiB>', 'stop cleanly (exit 3) before the process grows past this many MiB (default: half the machine)').argParser(positiveInt('--max-memory')))
    .option('--disk <DIR>', 'when the visited set or the frontier would pass --max-memory, spill them to files in a new subfolder of DIR (an existing directory), removed at the end; the search then runs on one thread')
    .addOption(new Option('--workers <N>', 'search on N threads, at most the cores available (same result as one; 2-3: a producer/consumer pipeline, more: a level-synchronous search; a check of temporal properties uses the pipeline)').default(defaultWorkers(), `the number of cores, at most ${MAX_DEFAULT_WORKERS}`).argParser(positiveInt('--workers')))
    .option('--continue', 'do not stop at a violation (as TLC -continue): explore every state and report the shortest counterexample of each violated invariant, the first deadlock and every violated temporal property')
    .option('--no-temporal', 'check invariants and deadlock only (temporal properties: not checked); the search can then use every worker')
    .option('--no-codegen', 'evaluate the spec with the closure compiler alone, without generated JavaScript (the reference the generated code is tested against; slower, one thread)')
    .option('--allow-unchecked', 'check the rest when a temporal property cannot be checked (a shape the checker does not decide, or under symmetry) and report it as not checked, instead of refusing the spec (exit 2)')
    .addOption(new Option('--progress <SECONDS>', 'seconds between progress lines on stderr').default(3).argParser(positiveNumber('--progress')))
    .addOption(new Option('--format <FORMAT>', 'how to print the result: text, lkml (race diagram), json, itf (Informal Trace Format), html (one self-contained page)').default('text').argParser(parseFormat))
    .option('--out <DIR>', 'also write each counterexample to DIR/SPEC.PROPERTY.EXT in the chosen format')
    .option('--force', 'with --out, replace an existing file instead of picking a numbered name');
  addShowOptions(cmd)
    .action(async (file: string, flags: CheckFlags, cmd: Command) => {
      ctx.setExit(await runCheck(file, { ...flags, workersGiven: cmd.getOptionValueSource('workers') === 'cli' }, ctx));
    });
}

async function runCheck(file: string, flags: CheckFlags, ctx: CommandContext): Promise<number> {
  let interrupted: string | null = null;
  // the search stops at its next poll and prints what it covered (exit 3);
  // a second Ctrl-C does not wait for that (exit 130). Installed before the
  // spec is parsed, so a signal during start-up is not fatal either.
  const onInt = () => { if (interrupted) process.exit(130); interrupted = 'SIGINT'; };
  const onTerm = () => { interrupted = 'SIGTERM'; };
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  try {
    return await checkLoaded(file, flags, ctx, () => interrupted);
  } catch (e) {
    // the front end ran on a big stack (dsl/big-stack.ts); compiling and
    // evaluating an expression nested deeper than this thread's stack is not
    if (!isStackOverflow(e)) throw e;
    const read = readSpecText(file);
    ctx.io.err(formatDiagnostic(overflowAtLongestLine(read.ok ? read.text : '', file), read.ok ? read.text : undefined));
    return EXIT.usage;
  } finally {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
  }
}

async function checkLoaded(file: string, flags: CheckFlags, { io }: CommandContext, interrupted: () => string | null): Promise<number> {
  if (flags.force && !flags.out) { io.err('<command line>:1:1: error: --force only applies with --out DIR (it lets a counterexample replace a file of the same name)'); return EXIT.usage; }
  const outProblem = flags.out !== undefined ? outDirProblem(flags.out) : null;
  if (outProblem) { io.err(`<command line>:1:1: error: --out ${flags.out}: counterexamples cannot be written there: ${outProblem}`); return EXIT.usage; }
  const diskProblem = flags.disk !== undefined ? diskDirProblem(flags.disk) : null;
  if (diskProblem) { io.err(`<command line>:1:1: error: --disk ${flags.disk}: ${diskProblem}`); return EXIT.usage; }
  const spec = loadOrReport(file, flags.const, io);
  if (!spec) return EXIT.usage;
  const unknown = flags.invariant.filter((i) => !spec.invariants.some((x) => x.name === i));
  if (unknown.length) {
    io.err(`<command line>:1:1: error: no invariant named ${unknown.map((u) => `'${u}'`).join(', ')} in ${file} (it has: ${spec.invariants.map((i) => i.name).join(', ') || 'none'})`);
    return EXIT.usage;
  }
  // an empty file parses: without this it "deadlocks" in its one state (exit 1)
  const missing = [spec.vars.length ? null : 'no variables (there is no state to explore)', spec.actions.length || spec.processes.length ? null : 'no actions and no processes (nothing can happen)'].filter((x) => x !== null);
  if (missing.length) {
    io.err(`${file}:1:1: error: the spec declares ${missing.join(' and ')}; a spec needs a 'var' and an 'action' or a 'process' (docs/language.md)`);
    return EXIT.usage;
  }
  const refused = flags.allowUnchecked ? [] : uncheckedDiagnostics(spec, flags);
  if (refused.length) {
    const read = readSpecText(file);
    for (const d of refused) io.err(formatDiagnostic(d, read.ok ? read.text : undefined));
    io.err(`${refused.length} error${refused.length === 1 ? '' : 's'}; nothing was checked.`);
    return EXIT.usage;
  }
  // more threads than cores only contend (16 on 2 cores: 20x slower than one)
  const cores = availableParallelism();
  if (flags.workers > cores) io.err(`uffd-spec: --workers ${flags.workers}: using ${cores}, the number of cores available`);
  const workers = Math.min(flags.workers, cores);
  const shown = describeConstants(spec);
  const info = infoLine(flags, io);
  // the constants of a big spec make a line of 300 characters: wrapped at 78
  for (const l of wrapWords(`Checking ${file} (spec ${spec.name})${shown ? ` with ${shown}` : ''}`, 78, 4)) info(l);
  // (said only when asked for: the default depends on the machine, the output must not)
  if (flags.workersGiven && workers > 1 && flags.disk !== undefined) info('--disk: the search runs on one thread.');
  else if (flags.workersGiven && workers > PIPELINE_MAX_WORKERS && (spec.actionProperties?.length || spec.refinement)) info(`Action properties and refinement are checked on every step: the search runs on ${PIPELINE_MAX_WORKERS} threads (the pipeline).`);
  const result = await checkWith(spec, {
    workers,
    disk: flags.disk !== undefined ? { dir: flags.disk } : undefined,
    temporal: flags.temporal,
    continue: flags.continue ?? false,
    codegen: flags.codegen,
    deadlock: flags.deadlock,
    symmetry: flags.symmetry,
    invariants: flags.invariant.length ? flags.invariant : undefined,
    maxStates: flags.maxStates,
    maxDepth: flags.maxDepth,
    timeLimitSeconds: flags.timeLimit,
    maxMemoryBytes: flags.maxMemory !== undefined ? flags.maxMemory * 2 ** 20 : undefined,
    progressEverySeconds: flags.progress,
    onProgress: (s) => (io.progress ?? io.err)(formatProgress(s, process.memoryUsage.rss())),
    shouldStop: interrupted,
  });
  const failed = emitResult(spec, result, flags, io);
  if (failed !== null) return failed;
  return result.outcome === 'ok' ? EXIT.ok : result.outcome === 'violation' ? EXIT.violation : EXIT.limit;
}
