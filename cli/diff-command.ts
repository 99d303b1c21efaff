// uffd-spec diff OLD NEW [MORE...]: what changed between patch versions of a
// spec, in three layers: the structure, the verdicts (both checked with the
// same constants) and the behaviours over the shared variables, computed by
// checker/diff/diff-versions.ts and printed by counterexamples/diff-text.ts
// or diff-json.ts. With more than two files the series is compared pairwise
// (v1->v2, v2->v3, ...).
// Exit codes: 0 no difference, 1 differences found, 2 bad input,
// 3 no difference found but a search stopped at a limit.
import { basename } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { diffVersions, type ScenarioInput, type VersionInput } from '../checker/diff/diff-versions.js';
import { renderDiffJson } from '../counterexamples/diff-json.js';
import { renderDiffText } from '../counterexamples/diff-text.js';
import { EXIT, type CommandContext } from './context.js';
import { collect, loadOrReport } from './load.js';
import { positiveInt } from './check-command.js';
import { addShowOptions, outDirProblem } from './output.js';
import { counterexampleBaseName, writeNew } from '../counterexamples/out.js';
import { renderWitnessHtml } from '../counterexamples/html.js';
import type { ShowFlags } from '../counterexamples/visible.js';
import type { DiffReport } from '../checker/diff/diff-versions.js';

interface DiffFlags {
  const: string[];
  format: 'text' | 'json';
  verdicts: boolean;
  behaviour: boolean;
  deadlock: boolean;
  maxStates: number;
  maxPairs: number;
  vars?: string;
  showGhosts?: boolean;
  showAll?: boolean;
  scenario: string[];
  html?: string;
  raw?: boolean;
}

function parseFormat(v: string): 'text' | 'json' {
  if (v !== 'text' && v !== 'json') throw new InvalidArgumentError(`--format must be text or json, got '${v}'`);
  return v;
}

export function registerDiff(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('diff')
    .description('compare patch versions of a spec: structure, verdicts and behaviours (OLD NEW, or a series A B C ...)')
    .argument('<files...>', 'two or more .uffd specs, oldest first')
    .option('--const <NAME=VALUE>', 'override a constant in every version (repeatable)', collect, [])
    .addOption(new Option('--format <FORMAT>', 'text (72 columns) or json').default('text').argParser(parseFormat))
    .option('--no-verdicts', 'do not check the versions (structure and behaviours only)')
    .option('--no-behaviour', 'do not compare behaviours')
    .option('--no-deadlock', 'do not count deadlock as a property')
    .addOption(new Option('--max-states <N>', 'stop each check after N distinct states').default(1_000_000).argParser(positiveInt('--max-states')))
    .addOption(new Option('--max-pairs <N>', 'stop each behaviour comparison after N (state, state set) pairs').default(200_000).argParser(positiveInt('--max-pairs')))
    .option('--vars <A,B,...>', 'compare behaviours over these variables only (default: all shared ones)')
    .option('--raw', 'structure: compare the specs as loaded (constants as literals), not folded, and do not summarise the steps')
    .option('--html <DIR>', 'also write each behaviour witness as a self-contained HTML page in DIR (never overwrites)')
    .option('--scenario <NAME:A=1,B=2>', 'also check every version with these constants, as rows of the series table (repeatable)', collect, []);
  addShowOptions(cmd)
    .action((files: string[], flags: DiffFlags) => { ctx.setExit(runDiff(files, flags, ctx)); });
}

function labels(files: readonly string[]): string[] {
  const base = files.map((f) => basename(f).replace(/\.uffd$/, ''));
  return base.map((b, i) => (base.indexOf(b) !== i || base.lastIndexOf(b) !== i ? files[i] : b));
}

export function runDiff(files: readonly string[], flags: DiffFlags, { io }: CommandContext): number {
  if (files.length < 2) {
    io.err('<command line>:1:1: error: diff needs at least two spec files (OLD NEW, or a series A B C ...)');
    return EXIT.usage;
  }
  const names = labels(files);
  const versions: VersionInput[] = [];
  let bad = false;
  for (let i = 0; i < files.length; i++) {
    const spec = loadOrReport(files[i], flags.const, io);
    if (!spec) bad = true;
    else versions.push({ file: files[i], label: names[i], spec });
  }
  if (bad) return EXIT.usage;
  const only = flags.vars ? flags.vars.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
  if (only) {
    const unknown = only.filter((n) => !versions.every((v) => v.spec.vars.some((x) => x.name === n)));
    if (unknown.length) {
      io.err(`<command line>:1:1: error: --vars names ${unknown.map((u) => `'${u}'`).join(', ')}, not a variable of every version`);
      return EXIT.usage;
    }
  }
  // checked before the checks run, as check --out is
  const htmlProblem = flags.html !== undefined ? outDirProblem(flags.html) : null;
  if (htmlProblem) {
    io.err(`<command line>:1:1: error: --html ${flags.html}: ${htmlProblem}`);
    return EXIT.usage;
  }
  const scenarios = flags.verdicts ? loadScenarios(files, flags, io) : [];
  if (scenarios === null) return EXIT.usage;
  const report = diffVersions(versions, {
    verdicts: flags.verdicts, behaviour: flags.behaviour, deadlock: flags.deadlock,
    maxStates: flags.maxStates, maxPairs: flags.maxPairs, vars: only, constants: flags.const, scenarios, raw: flags.raw === true,
  });
  io.out(flags.format === 'json' ? renderDiffJson(report) : renderDiffText(report, { showGhosts: flags.showGhosts, showAll: flags.showAll }));
  if (flags.html !== undefined) writeWitnessPages(report, flags.html, { showGhosts: flags.showGhosts, showAll: flags.showAll }, io);
  if (report.different) return EXIT.violation;
  if (report.incomplete) return EXIT.limit;
  return EXIT.ok;
}

// Each --scenario NAME:A=1,B=2: every version loaded again with those
// constants added; null when one is malformed or a version rejects it.
function loadScenarios(files: readonly string[], flags: DiffFlags, io: CommandContext['io']): ScenarioInput[] | null {
  const out: ScenarioInput[] = [];
  for (const sc of flags.scenario) {
    const m = /^([A-Za-z_][\w-]*):(.+)$/.exec(sc.trim());
    if (!m) { io.err(`<command line>:1:1: error: --scenario must be NAME:A=1,B=2, got '${sc}'`); return null; }
    const consts = m[2].split(',').map((x) => x.trim()).filter(Boolean);
    const specs = [];
    for (const f of files) {
      const spec = loadOrReport(f, [...flags.const, ...consts], io);
      if (!spec) return null;
      specs.push(spec);
    }
    out.push({ name: m[1], consts, specs });
  }
  return out;
}

// --html DIR: each behaviour witness as its own page, OLD-NEW.NEW-only.html
// (or .OLD-only); a failed write is said and does not change the exit code.
function writeWitnessPages(report: DiffReport, dir: string, show: ShowFlags, io: CommandContext['io']): void {
  for (const p of report.pairs) {
    const sides = [[p.behaviour?.newNotOld, p.new.label, p.old.label, 'NEW-only'], [p.behaviour?.oldNotNew, p.old.label, p.new.label, 'OLD-only']] as const;
    for (const [inc, who, other, tag] of sides) {
      if (!inc?.witness) continue;
      try {
        const path = writeNew(dir, counterexampleBaseName(`${p.old.label}-${p.new.label}`, tag), 'html', renderWitnessHtml(inc.witness, inc.witnessVars, who, other, show));
        io.err(`Witness written to ${path}`);
      } catch (e) {
        io.err(`uffd-spec: could not write the ${tag} witness of ${p.old.label} -> ${p.new.label} to ${dir}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }
}
