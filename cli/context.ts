// What every subcommand gets: where to print, and how to set the exit code.
import type { Command } from 'commander';

export const EXIT = { ok: 0, violation: 1, usage: 2, limit: 3 } as const;

export interface Io {
  out(s: string): void;
  err(s: string): void;
  // a progress line: rewritten in place on a terminal, appended otherwise
  progress?(s: string): void;
}

export interface CommandContext {
  readonly io: Io;
  setExit(code: number): void;
}

export type RegisterCommand = (program: Command, ctx: CommandContext) => void;
