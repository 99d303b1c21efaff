// Golden files: the fork vs UFFDIO_COPY race (a frozen copy of the first
// mmap_changing spec, CHECK_MC=false) in every output format, reviewed by
// eye and frozen. A renderer change that alters any byte fails here; rerun
// with UPDATE_GOLDEN=1 only after reading the new output.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { main } from '../cli/main.js';

const SPEC = 'test/fixtures/counterexamples/fork_race.uffd';
// the same race with its bookkeeping as ghost variables and two steps that
// share mfill_atomic() with their own phrases
const GHOSTS = 'test/fixtures/counterexamples/fork_race_ghosts.uffd';

async function render(format: string, spec = SPEC, ...extra: string[]): Promise<string> {
  const out: string[] = [];
  const code = await main(['node', 'uffd-spec', 'check', spec, '--const', 'CHECK_MC=false', '--format', format, ...extra], { out: (s) => out.push(s), err: () => {} });
  expect(code).toBe(1);
  // the only run-dependent part of any format: the time in the text summary
  return `${out.join('\n').replace(/, [\d.]+ s \([\d,]+ distinct states\/s\)/, ', <time>')}\n`;
}

describe('golden counterexamples of the fork race', () => {
  for (const [format, file] of [['text', 'fork_race.txt'], ['lkml', 'fork_race.lkml.txt'], ['json', 'fork_race.json'], ['itf', 'fork_race.itf.json']] as const) {
    it(`--format ${format} matches test/golden/${file}`, async () => {
      const got = await render(format);
      const path = `test/golden/${file}`;
      if (process.env.UPDATE_GOLDEN || !existsSync(path)) writeFileSync(path, got);
      expect(got).toBe(readFileSync(path, 'utf8'));
    });
  }
});

describe('golden counterexamples with ghost variables', () => {
  for (const [format, file, extra] of [
    ['text', 'fork_race_ghosts.txt', []],
    ['text', 'fork_race_ghosts.show-ghosts.txt', ['--show-ghosts', '--show-all']],
    ['lkml', 'fork_race_ghosts.lkml.txt', []],
    ['json', 'fork_race_ghosts.json', []],
  ] as const) {
    it(`--format ${format} ${extra.join(' ')} matches test/golden/${file}`, async () => {
      const got = await render(format, GHOSTS, ...extra);
      const path = `test/golden/${file}`;
      if (process.env.UPDATE_GOLDEN || !existsSync(path)) writeFileSync(path, got);
      expect(got).toBe(readFileSync(path, 'utf8'));
    });
  }
});

// `uffd-spec diff` of two patch versions, structure only: the folded steps,
// each named by its kernel function, what it no longer / now takes, then the
// folded code; --raw is the diff of the specs as loaded.
describe('golden structure diffs of the mmap_changing series', () => {
  for (const [file, args] of [
    ['diff_v2_v7.txt', ['specs/versions/v2.uffd', 'specs/versions/v7.uffd']],
    ['diff_v2_v7.json', ['specs/versions/v2.uffd', 'specs/versions/v7.uffd', '--format', 'json']],
    ['diff_v2_v7.raw.txt', ['specs/versions/v2.uffd', 'specs/versions/v7.uffd', '--raw']],
    ['diff_base_v1.txt', ['specs/versions/base.uffd', 'specs/versions/v1.uffd']],
    ['diff_v1_v2.hugetlb.txt', ['specs/versions/v1.uffd', 'specs/versions/v2.uffd', '--const', 'HUGETLB=true']],
  ] as const) {
    it(`diff ${args.join(' ')} matches test/golden/${file}`, async () => {
      const out: string[] = [];
      const code = await main(['node', 'uffd-spec', 'diff', ...args, '--no-verdicts', '--no-behaviour'], { out: (s) => out.push(s), err: () => {} });
      expect(code).toBe(1);
      const got = `${out.join('\n')}\n`;
      const path = `test/golden/${file}`;
      if (process.env.UPDATE_GOLDEN || !existsSync(path)) writeFileSync(path, got);
      expect(got).toBe(readFileSync(path, 'utf8'));
    }, 60_000);
  }
});
