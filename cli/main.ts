// uffd-spec command line. Exit codes: 0 every checked property holds,
// 1 a property is violated, 2 the spec or the command line is wrong,
// 3 the search stopped at a limit before finishing.
// Each subcommand lives in its own file and registers itself here.
import { Command, CommanderError } from 'commander';
import { registerCheck } from './check-command.js';
import { registerDiff } from './diff-command.js';
import { registerFmt } from './fmt-command.js';
import { registerReplay } from './replay-command.js';
import { registerLsp } from './lsp-command.js';
import { EXIT, type Io, type RegisterCommand } from './context.js';

export { EXIT, type Io } from './context.js';

const commands: readonly RegisterCommand[] = [registerCheck, registerReplay, registerDiff, registerFmt, registerLsp];

// On a terminal the progress line is redrawn in place; any other output
// first ends it, so nothing is written over.
let progressShown = false;
function endProgress(): void {
  if (progressShown) { process.stderr.write('\n'); progressShown = false; }
}
const stdio: Io = {
  out: (s) => { endProgress(); process.stdout.write(`${s}\n`); },
  err: (s) => { endProgress(); process.stderr.write(`${s}\n`); },
  progress: (s) => {
    if (!process.stderr.isTTY) { process.stderr.write(`${s}\n`); return; }
    process.stderr.write(`\r\x1b[K${s}`);
    progressShown = true;
  },
};

export async function main(argv: readonly string[], io: Io = stdio): Promise<number> {
  let code: number = EXIT.ok;
  const program = new Command('uffd-spec')
    .description('model checker for userfaultfd locking protocols')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });
  for (const register of commands) register(program, { io, setExit: (c) => { code = c; } });
  try {
    await program.parseAsync(argv as string[]);
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version: 0; help shown because no command was given: 2
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return EXIT.ok;
      return EXIT.usage;
    }
    io.err(`uffd-spec: internal error: ${e instanceof Error ? e.message : String(e)} (please report it with the spec that caused it)`);
    if (process.env.UFFD_SPEC_DEBUG && e instanceof Error) io.err(e.stack ?? '');
    return EXIT.usage;
  }
  return code;
}
