// --format html: one self-contained page per counterexample. The structure is
// checked everywhere as text (lanes, one row per state, the highlighted
// variables against the decoded trace, locks, the lasso's cycle, the ending,
// no URL); the rendering in headless Chromium (puppeteer-core) only where a
// Chromium is installed (Debian: apt-get install chromium), else skipped.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { run } from './run-cli.js';
import { compileSource } from '../dsl/index.js';
import type { Spec } from '../dsl/ir.js';
import { check } from '../checker/check.js';
import { behaviourDiff } from '../checker/diff/behaviours.js';
import { decodeTrace } from '../counterexamples/decoded.js';
import { renderViolationHtml, renderWitnessHtml } from '../counterexamples/html.js';

const FORK = 'test/fixtures/counterexamples/fork_race.uffd';

function load(path: string, consts?: Record<string, string>): Spec {
  const r = compileSource(readFileSync(path, 'utf8'), path, consts ? { consts } : undefined);
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return r.spec;
}

// The page read back as text: lane headers, step rows, and per row the
// acting lane and the highlighted variables.
function parsePage(html: string) {
  const lanes = [...html.matchAll(/<th class="lane" data-lane="([^"]*)">/g)].map((m) => m[1]);
  const rows = [...html.matchAll(/<tr class="step[^"]*" data-step="(\d+)"(?: data-lane="([^"]*)")?>([\s\S]*?)<\/tr>/g)].map((m) => ({
    step: Number(m[1]),
    lane: m[2] ?? null,
    changed: [...m[3].matchAll(/<td class="var changed" data-var="([^"]*)">/g)].map((x) => x[1]),
    cycle: /^<tr class="step[^"]* cycle"/.test(m[0]),
    html: m[3],
  }));
  return { lanes, rows };
}

// the highlighted variables of each step as the decoded trace has them
function expectedChanged(v: { trace: Parameters<typeof decodeTrace>[0] }): string[][] {
  const t = decodeTrace(v.trace);
  return t.steps.map((s, i) => (i === 0 ? [] : s.changed.filter((k) => t.spec.vars[k].process === undefined).map((k) => t.spec.vars[k].name)));
}

function noUrl(html: string): void {
  expect(html).not.toMatch(/https?:\/\//);
  expect(html).not.toMatch(/\b(src|href)\s*=|url\(|@import|<link|<script/i);
}

const forkRace = () => {
  const spec = load(FORK, { CHECK_MC: 'false' });
  const r = check(spec, { invariants: ['ChildSeesData'] });
  expect(r.violation?.kind).toBe('invariant');
  return r.violation!;
};

describe('--format html (the page as text)', () => {
  it('check --format html --out: one file, lanes per thread, one row per state, the changed variables highlighted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'uffd-html-'));
    const r = await run('check', FORK, '--const', 'CHECK_MC=false', '--invariant', 'ChildSeesData', '--format', 'html', '--out', dir);
    expect(r.code).toBe(1);
    expect(readdirSync(dir)).toEqual(['mmap_changing.ChildSeesData.html']);
    const html = readFileSync(join(dir, 'mmap_changing.ChildSeesData.html'), 'utf8');
    expect(r.out.trimEnd()).toBe(html.trimEnd()); // stdout has the same page
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('<h1>invariant ChildSeesData is violated after 15 steps</h1>');
    noUrl(html);
    const page = parsePage(html);
    expect(page.lanes).toEqual(['fork', 'monitor', 'child_fault']);
    expect(page.rows.map((x) => x.step)).toEqual([...Array(16).keys()]);
    const v = forkRace();
    expect(page.rows.map((x) => x.changed)).toEqual(expectedChanged(v));
    // facts of the race: fork.copy copies the page table, the monitor installs
    // into the parent, the child faults on the page and sees zero
    const rowOf = (label: string, lane: string) => page.rows.find((x) => x.lane === lane && x.html.includes(`<span class="label">${label}</span>`))!;
    expect(rowOf('copy', 'fork').html).toContain('<span class="doc">copy_page_range()</span>');
    expect(rowOf('install', 'monitor').changed).toContain('parent');
    expect(rowOf('copy', 'fork').step).toBeLessThan(rowOf('install', 'monitor').step);
    expect(page.rows[15]).toMatchObject({ lane: 'child_fault' });
    expect(page.rows[15].changed).toEqual(['child']);
    // locks: held or free in every row
    const lock = (row: number) => /<td class="var[^"]*" data-var="mmap_lock"><span class="lock (free|held)">([^<]*)</.exec(page.rows[row].html)!.slice(1);
    expect(lock(0)).toEqual(['free', 'free']);
    const locked = rowOf('lock', 'fork').step;
    expect(lock(locked)).toEqual(['held', 'write-locked']);
    for (const row of page.rows) expect(row.html).toMatch(/data-var="map_changing_lock"><span class="lock (free|held)">/);
    // the end: the invariant and the state that breaks it
    expect(html).toMatch(/<h2>Violated: invariant ChildSeesData<\/h2>\n<p>test\/fixtures\/counterexamples\/fork_race\.uffd:\d+<\/p>/);
    expect(html).toMatch(/<tr><td>child<\/td><td>= \[p1 \|-&gt; zero, p2 \|-&gt; (none|data|zero)\]<\/td><\/tr>/);
  });

  it('a lasso: the cycle marked above its first step, its rows flagged, the property and why at the end', async () => {
    const f = join(mkdtempSync(join(tmpdir(), 'uffd-html-')), 'lasso.uffd');
    writeFileSync(f, 'spec lasso\nvar x: 0..1\nvar z: 0..1\nvar y: bool\naction go when z == 0 { z = 1 }\naction a when z == 1 { x = 1 - x }\nproperty P: <>(y)\nfairness weak(go)\nfairness weak(a)\n');
    const r = await run('check', f, '--format', 'html');
    expect(r.code).toBe(1);
    const page = parsePage(r.out);
    expect(page.rows.map((x) => [x.step, x.lane, x.cycle])).toEqual([[0, null, false], [1, 'go', false], [2, 'a', true], [3, 'a', true]]);
    const marker = r.out.indexOf('the cycle starts here: after step 3 the behaviour is back at the state after step 1, and steps 2-3 repeat forever');
    expect(marker).toBeGreaterThan(r.out.indexOf('data-step="1"'));
    expect(marker).toBeLessThan(r.out.indexOf('data-step="2"'));
    expect(page.rows.map((x) => x.changed)).toEqual([[], ['z'], ['x'], ['x']]);
    expect(r.out).toContain('<h2>Violated: temporal property P</h2>');
    expect(r.out).toMatch(/<tr><td>y<\/td><td>= false<\/td><\/tr>/);
    noUrl(r.out);
  });

  it("the diff's behaviour witness", () => {
    const d = behaviourDiff(load('test/fixtures/diff/lock_v1.uffd'), load('test/fixtures/diff/lock_v2.uffd'));
    const w = d.oldNotNew.witness!;
    const html = renderWitnessHtml(w, d.oldNotNew.witnessVars, 'lock_v1', 'lock_v2');
    noUrl(html);
    expect(html).toContain('<h1>lock_v1 allows a behaviour lock_v2 does not (2 steps)</h1>');
    const page = parsePage(html);
    expect(page.lanes).toEqual(['enter']);
    expect(page.rows.map((x) => [x.step, x.lane, x.changed])).toEqual([[0, null, []], [1, 'enter', ['lk', 'cs']], [2, 'enter', ['cs']]]);
    expect(page.rows[2].html).toContain('data-var="lk"><span class="lock held">write-locked</span>');
    expect(html).toContain('<h2>lock_v2 cannot follow the last step</h2>');
    expect(html).toMatch(/<tr><td>cs<\/td><td>= \{1, 2\}<\/td><\/tr>/);
  });

  it('diff --html DIR writes each behaviour witness as a page, never over an existing one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'uffd-html-'));
    const args = ['diff', 'test/fixtures/diff/lock_v1.uffd', 'test/fixtures/diff/lock_v2.uffd', '--html', dir];
    expect((await run(...args)).code).toBe(1);
    expect(readdirSync(dir)).toEqual(['lock_v1-lock_v2.OLD-only.html']);
    const first = readFileSync(join(dir, 'lock_v1-lock_v2.OLD-only.html'), 'utf8');
    expect(first).toContain('<h1>lock_v1 allows a behaviour lock_v2 does not (2 steps)</h1>');
    noUrl(first);
    expect((await run(...args)).code).toBe(1);
    expect(readdirSync(dir).sort()).toEqual(['lock_v1-lock_v2.OLD-only-1.html', 'lock_v1-lock_v2.OLD-only.html']);
    expect(readFileSync(join(dir, 'lock_v1-lock_v2.OLD-only.html'), 'utf8')).toBe(first);
    const file = join(dir, 'lock_v1-lock_v2.OLD-only.html');
    const bad = await run('diff', 'test/fixtures/diff/lock_v1.uffd', 'test/fixtures/diff/lock_v2.uffd', '--html', file);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('is not a directory');
  });

  it('ghosts: no column and no change in a lane unless --show-ghosts; the ghost the property reads is in the ending', async () => {
    const ghosts = 'test/fixtures/counterexamples/fork_race_ghosts.uffd';
    const columns = (html: string) => [...html.matchAll(/<th class="var[^"]*" data-var="([^"]+)"/g)].map((m) => m[1]);
    const plain = await run('check', ghosts, '--const', 'CHECK_MC=false', '--format', 'html');
    expect(plain.code).toBe(1);
    for (const g of ['truth', 'ctruth', 'begun', 'rd']) {
      expect(columns(plain.out)).not.toContain(g);
      expect(plain.out).not.toMatch(new RegExp(`class="chg">${g}\\b`));
    }
    expect(plain.out).toMatch(/<tr><td>ctruth<\/td><td>= /);
    const shown = await run('check', ghosts, '--const', 'CHECK_MC=false', '--format', 'html', '--show-ghosts');
    // the ghosts the steps change; truth is never changed, so it needs --show-all as well
    expect(columns(shown.out).filter((c) => ['truth', 'ctruth', 'begun', 'rd'].includes(c))).toEqual(['ctruth', 'begun', 'rd']);
    expect(shown.out).toMatch(/class="chg">ctruth\b/);
    const all = await run('check', ghosts, '--const', 'CHECK_MC=false', '--format', 'html', '--show-ghosts', '--show-all');
    expect(columns(all.out)).toContain('truth');
  });

  it('text in the spec is escaped', () => {
    const spec = compileSource('spec esc\nvar x: 0..1\n// <b>x</b> & "q"\nprocess p { s: x = 1 }\ninvariant I: x == 0\n', 'esc.uffd');
    if (!spec.ok) throw new Error('esc.uffd does not compile');
    const r = check(spec.spec, {});
    const html = renderViolationHtml(r.violation!);
    expect(html).not.toContain('<b>');
    expect(html).toContain('&lt;b&gt;x&lt;/b&gt; &amp; &quot;q&quot;');
  });
});

// ---------------------------------------------------------------- browser
// UFFD_CHROMIUM names the browser (and only it: a wrong path skips the test)
const CHROMIUM = (process.env.UFFD_CHROMIUM ? [process.env.UFFD_CHROMIUM] : ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']).find((p) => existsSync(p));
const SKIP = 'skipped: no Chromium found (set UFFD_CHROMIUM, or on Debian: apt-get install chromium); the page structure is still checked above';
const SHOT_DIR = 'out/test-output';
if (!CHROMIUM) console.warn(`test/html.test.ts: the browser rendering test is ${SKIP}`);

describe.skipIf(!CHROMIUM)(CHROMIUM ? `--format html in headless Chromium (${CHROMIUM})` : `--format html in headless Chromium: ${SKIP}`, () => {
  it('renders offline: lanes left to right, steps down the page, highlighted cells coloured; a screenshot', async () => {
    const { launch } = await import('puppeteer-core');
    const v = forkRace();
    const file = resolve(mkdtempSync(join(tmpdir(), 'uffd-html-')), 'race.html');
    writeFileSync(file, renderViolationHtml(v));
    const browser = await launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
    try {
      const page = await browser.newPage();
      await page.setViewport({ width: 1600, height: 1000 });
      const other: string[] = [];
      await page.setRequestInterception(true);
      page.on('request', (req) => {
        if (req.url() === pathToFileURL(file).href) void req.continue();
        else { other.push(req.url()); void req.abort(); }
      });
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      expect(other).toEqual([]); // nothing but the page itself is loaded
      const lanes = await page.$$eval('th.lane', (ths) => ths.map((th) => ({ name: th.textContent, x: th.getBoundingClientRect().left, w: th.getBoundingClientRect().width })));
      expect(lanes.map((l) => l.name)).toEqual(['fork', 'monitor', 'child_fault']);
      for (let i = 1; i < lanes.length; i++) expect(lanes[i].x).toBeGreaterThan(lanes[i - 1].x + lanes[i - 1].w - 1);
      const rows = await page.$$eval('tr.step', (trs) => trs.map((tr) => ({
        y: tr.getBoundingClientRect().top,
        h: tr.getBoundingClientRect().height,
        lane: tr.getAttribute('data-lane'),
        actX: tr.querySelector('td.act')?.getBoundingClientRect().left ?? null,
        changed: [...tr.querySelectorAll('td.var.changed')].map((td) => td.getAttribute('data-var')),
        changedBg: [...tr.querySelectorAll('td.var.changed')].map((td) => getComputedStyle(td).backgroundColor),
        plainBg: [...tr.querySelectorAll('td.var:not(.changed)')].map((td) => getComputedStyle(td).backgroundColor),
      })));
      expect(rows).toHaveLength(v.trace.steps.length);
      for (let i = 1; i < rows.length; i++) expect(rows[i].y).toBeGreaterThanOrEqual(rows[i - 1].y + rows[i - 1].h - 1);
      expect(rows.map((r) => r.changed)).toEqual(expectedChanged(v));
      // the acting cell sits in its lane's column
      for (const r of rows.slice(1)) expect(r.actX).toBeCloseTo(lanes.find((l) => l.name === r.lane)!.x, 0);
      // a highlighted cell is painted differently from the others
      const highlight = rows[1].changedBg[0];
      expect(highlight).toBeDefined();
      for (const r of rows.slice(1)) {
        for (const bg of r.changedBg) expect(bg).toBe(highlight);
        for (const bg of r.plainBg) expect(bg).not.toBe(highlight);
      }
      const held = await page.$$eval('span.lock.held', (ss) => ss.length ? getComputedStyle(ss[0]).color : null);
      const free = await page.$$eval('span.lock.free', (ss) => ss.length ? getComputedStyle(ss[0]).color : null);
      expect(held).not.toBeNull();
      expect(held).not.toBe(free);
      mkdirSync(SHOT_DIR, { recursive: true });
      const shot = join(SHOT_DIR, 'html-counterexample.png');
      await page.screenshot({ path: shot, fullPage: true });
      expect(statSync(shot).size).toBeGreaterThan(10_000);
    } finally {
      await browser.close();
    }
  });
});
