// uffd-spec replay SPEC TRACE: check that a trace (ITF or uffd-spec JSON) is
// a behaviour of the spec. Exit 0: every step is a transition; 1: a step is
// not (which one, and why); 2: the spec, the trace file or the command line
// is wrong. Constants recorded in the trace are used unless --const says
// otherwise, so a trace written by `check --out` replays as it is.
import { readFileSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { parseTrace, replayTrace, TraceFileError, type TraceIn } from '../counterexamples/replay.js';
import { EXIT, type CommandContext, type Io } from './context.js';
import { collect, loadOrReport, parseConsts } from './load.js';

interface ReplayFlags { const: string[] }

export function registerReplay(program: Command, ctx: CommandContext): void {
  program
    .command('replay')
    .description('check that a trace (ITF or JSON, e.g. from check --out) is a behaviour of a spec')
    .argument('<spec>', 'the .uffd spec')
    .argument('<trace>', 'the trace file: ITF (.itf.json) or uffd-spec JSON')
    .option('--const <NAME=VALUE>', 'override a constant (repeatable); default: the constants recorded in the trace', collect, [])
    .action((specFile: string, traceFile: string, flags: ReplayFlags) => { ctx.setExit(runReplay(specFile, traceFile, flags, ctx.io)); });
}

// A trace is JSON of a few MiB at most; /dev/zero or a FIFO would be read forever.
export const MAX_TRACE_BYTES = 256 * 2 ** 20;

function readTraceText(path: string): string {
  const st = statSync(path);
  if (st.isDirectory()) throw new Error('it is a directory');
  if (!st.isFile()) throw new Error('it is not a regular file (a device, a FIFO or a socket)');
  if (st.size > MAX_TRACE_BYTES) throw new Error(`it is ${(st.size / 2 ** 20).toFixed(1)} MiB, larger than the ${MAX_TRACE_BYTES / 2 ** 20} MiB a trace file may have`);
  return readFileSync(path, 'utf8');
}

function runReplay(specFile: string, traceFile: string, flags: ReplayFlags, io: Io): number {
  let trace: TraceIn;
  try {
    trace = parseTrace(readTraceText(traceFile));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : e instanceof Error ? e.message : String(e);
    io.err(`uffd-spec: ${traceFile}: not a trace: ${why.replace(/\s+/g, ' ').trim()}`);
    return EXIT.usage;
  }
  const { consts: mine, error } = parseConsts(flags.const);
  if (error) { io.err(`<command line>:1:1: error: ${error}`); return EXIT.usage; }
  // the trace's constants, restricted to those the spec still declares, then --const
  const probe = loadOrReport(specFile, flags.const, { out: () => {}, err: () => {} });
  const declared = new Set(probe?.constants.map((c) => c.name) ?? []);
  const fromTrace = Object.entries(trace.constants).filter(([k]) => declared.has(k) && !(k in mine)).map(([k, v]) => `${k}=${v}`);
  const spec = loadOrReport(specFile, [...fromTrace, ...flags.const], io, { file: traceFile, names: new Set(fromTrace.map((c) => c.slice(0, c.indexOf('=')))) });
  if (!spec) return EXIT.usage;
  try {
    const r = replayTrace(spec, trace);
    if (r.ok) {
      io.out(`OK: ${traceFile} is a behaviour of ${spec.name}: the initial state and all ${r.steps} step${r.steps === 1 ? '' : 's'} are transitions of the spec.`);
      return EXIT.ok;
    }
    io.out(`${traceFile}: ${r.step === 0 ? 'state 0' : `step ${r.step}`} is not ${r.step === 0 ? 'an initial state' : 'a transition'} of ${spec.name}:`);
    for (const l of r.reasons) io.out(`  ${l}`);
    return EXIT.violation;
  } catch (e) {
    if (e instanceof TraceFileError) { io.err(`uffd-spec: ${traceFile}: not a trace of ${spec.name}: ${e.message}`); return EXIT.usage; }
    throw e;
  }
}
