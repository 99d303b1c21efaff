// uffd-spec lsp: the Language Server Protocol server over stdin/stdout
// (lsp/server.ts). Imported dynamically so `check` never loads
// vscode-languageserver.
import type { Command } from 'commander';
import type { CommandContext } from './context.js';

export function registerLsp(program: Command, _ctx: CommandContext): void {
  program
    .command('lsp')
    .description('language server for .uffd specs (LSP over stdin/stdout), for editors: see docs/editors.md')
    .option('--stdio', 'talk over stdin/stdout (the default and only transport; editors pass it)')
    // clients add their own flags (--clientProcessId=N); the server reads what it needs itself
    .allowUnknownOption()
    .allowExcessArguments()
    .action(async () => {
      const { startServer } = await import('../lsp/server.js');
      await startServer();
    });
}
