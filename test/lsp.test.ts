// `uffd-spec lsp` driven as an editor drives it: the real server process,
// spoken to over stdio by vscode-jsonrpc (initialize, didOpen, didChange,
// requests, shutdown, exit). Runs bin/uffd-spec.mjs, i.e. dist/ as built by
// `npm ci` / `npm run build`, like the other CLI tests.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';

interface LPos { line: number; character: number }
interface LRange { start: LPos; end: LPos }
interface LDiag { range: LRange; severity: number; message: string }
interface PublishParams { uri: string; version?: number; diagnostics: LDiag[] }
interface Location { uri: string; range: LRange }
interface DocSymbol { name: string; kind: number; range: LRange; selectionRange: LRange; children?: DocSymbol[] }
interface CompletionItem { label: string; kind?: number; sortText?: string }

const DEMO = readFileSync('test/fixtures/lsp/demo.uffd', 'utf8');
if (!existsSync('dist/lsp/server.js')) throw new Error('dist/lsp/ is not built: run `npm run build` (npm ci runs it)');

// position of the `nth` occurrence of `needle`, `at` characters into it
function posOf(text: string, needle: string, nth = 0, at = 0): LPos {
  let i = -1;
  for (let k = 0; k <= nth; k++) {
    i = text.indexOf(needle, i + 1);
    if (i < 0) throw new Error(`'${needle}' #${nth} not in the text`);
  }
  const before = text.slice(0, i + at);
  const line = before.split('\n').length - 1;
  return { line, character: before.length - before.lastIndexOf('\n') - 1 };
}

function lineOf(text: string, needle: string): number {
  return posOf(text, needle).line;
}

class Client {
  readonly published: PublishParams[] = [];
  private waiters: (() => void)[] = [];
  readonly exited: Promise<number | null>;
  stderr = '';

  private constructor(readonly child: ChildProcessWithoutNullStreams, readonly conn: MessageConnection) {
    this.exited = new Promise((res) => child.on('exit', (code) => res(code)));
    child.stderr.on('data', (d) => { this.stderr += d; });
    conn.onNotification('textDocument/publishDiagnostics', (p: PublishParams) => {
      this.published.push(p);
      for (const w of this.waiters.splice(0)) w();
    });
    conn.listen();
  }

  static start(): Client {
    const child = spawn(process.execPath, ['bin/uffd-spec.mjs', 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    return new Client(child, createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin)));
  }

  // the first diagnostics published for `uri` at `version`
  async diagnostics(uri: string, version: number): Promise<PublishParams> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const got = this.published.find((p) => p.uri === uri && p.version === version);
      if (got) return got;
      if (Date.now() > deadline) throw new Error(`no diagnostics for ${uri} v${version}; got ${JSON.stringify(this.published)}; stderr: ${this.stderr}`);
      await new Promise<void>((res) => { this.waiters.push(res); setTimeout(res, 500); });
    }
  }

  request<T>(method: string, params: unknown): Promise<T> {
    return this.conn.sendRequest(method, params) as Promise<T>;
  }

  notify(method: string, params: unknown): Promise<void> {
    return this.conn.sendNotification(method, params);
  }

  open(uri: string, text: string, version = 1): Promise<void> {
    return this.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'uffd', version, text } });
  }

  change(uri: string, text: string, version: number): Promise<void> {
    return this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }
}

// what `uffd-spec check FILE` prints for these errors: [line, col, severity, message]
function checkDiagnostics(file: string): [number, number, string, string][] {
  const r = spawnSync(process.execPath, ['bin/uffd-spec.mjs', 'check', file], { encoding: 'utf8' });
  expect(r.status).toBe(2);
  const out: [number, number, string, string][] = [];
  for (const l of r.stderr.split('\n')) {
    const m = /^(.*):(\d+):(\d+): (error|warning): (.*)$/.exec(l);
    if (m && m[1] === file) out.push([Number(m[2]), Number(m[3]), m[4], m[5]]);
  }
  return out;
}

function asCheck(ds: LDiag[]): [number, number, string, string][] {
  return ds.map((d) => [d.range.start.line + 1, d.range.start.character + 1, d.severity === 1 ? 'error' : 'warning', d.message]);
}

describe('uffd-spec lsp over stdio', () => {
  let client: Client;
  let tmp: string;
  const demoUri = pathToFileURL(resolve('test/fixtures/lsp/demo.uffd')).href;

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'uffd-lsp-'));
    client = Client.start();
    const init = await client.request<{ capabilities: Record<string, unknown>; serverInfo?: { name: string } }>('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
    expect(init.serverInfo?.name).toBe('uffd-spec');
    expect(init.capabilities).toMatchObject({ hoverProvider: true, definitionProvider: true, referencesProvider: true, documentSymbolProvider: true });
    await client.notify('initialized', {});
    await client.open(demoUri, DEMO);
  });

  afterAll(() => {
    if (client.child.exitCode === null) client.child.kill('SIGKILL');
    rmSync(tmp, { recursive: true, force: true });
  });

  it('publishes the errors `check` prints, at the same line:col, and none once fixed', async () => {
    const file = join(tmp, 'broken.uffd');
    const uri = pathToFileURL(file).href;
    // two type errors: an unknown name and a number assigned to a bool
    const broken = DEMO.replace('pte[i] = data', 'pte[i] = dta').replace('seen[t] = true', 'seen[t] = 3');
    writeFileSync(file, broken);
    await client.open(uri, broken);
    const d1 = await client.diagnostics(uri, 1);
    const expected = checkDiagnostics(file);
    expect(expected.length).toBe(2);
    expect(asCheck(d1.diagnostics)).toEqual(expected);
    const at = posOf(broken, 'dta');
    expect(d1.diagnostics[0].range.start).toEqual(at);
    expect(d1.diagnostics[0].range.end).toEqual({ line: at.line, character: at.character + 3 });
    expect(d1.diagnostics[0].message).toContain("'dta'");

    // a syntax error: the parser's message and position, as `check` prints them
    const syntax = DEMO.replace('var lk: rwsem<2>', 'var lk rwsem<2>');
    writeFileSync(file, syntax);
    await client.change(uri, syntax, 2);
    const d2 = await client.diagnostics(uri, 2);
    expect(d2.diagnostics.length).toBeGreaterThan(0);
    expect(asCheck(d2.diagnostics)).toEqual(checkDiagnostics(file));
    expect(d2.diagnostics[0].range.start.line).toBe(lineOf(syntax, 'var lk rwsem'));

    await client.change(uri, DEMO, 3);
    expect((await client.diagnostics(uri, 3)).diagnostics).toEqual([]);
    await client.notify('textDocument/didClose', { textDocument: { uri } });
  });

  it('the demo spec itself has no diagnostics', async () => {
    expect((await client.diagnostics(demoUri, 1)).diagnostics).toEqual([]);
  });

  it('hover: a variable shows its type as written and its comment; an action and a step their kernel function', async () => {
    type Hover = { contents: { kind: string; value: string }; range: LRange } | null;
    const v = await client.request<Hover>('textDocument/hover', { textDocument: { uri: demoUri }, position: posOf(DEMO, 'pte[i] = data', 0, 1) });
    expect(v?.contents.value).toContain('var pte: [1..N -> Pte]');
    expect(v?.contents.value).toContain('state variable');
    expect(v?.contents.value).toContain('the page table');
    expect(v?.range.start).toEqual(posOf(DEMO, 'pte[i] = data'));

    const a = await client.request<Hover>('textDocument/hover', { textDocument: { uri: demoUri }, position: posOf(DEMO, 'action copy', 0, 8) });
    expect(a?.contents.value).toContain('action copy(i: 1..N)');
    expect(a?.contents.value).toContain('mm/userfaultfd.c mfill_atomic_copy()');

    const step = await client.request<Hover>('textDocument/hover', { textDocument: { uri: demoUri }, position: posOf(DEMO, 'goto unlock', 0, 6) });
    expect(step?.contents.value).toContain('fork.unlock');
    expect(step?.contents.value).toContain('mmap_write_unlock()');

    const p = await client.request<Hover>('textDocument/hover', { textDocument: { uri: demoUri }, position: posOf(DEMO, 'faulter[t].done', 0, 2) });
    expect(p?.contents.value).toContain('process faulter(t: THREADS)');
    expect(p?.contents.value).toContain('handle_mm_fault()');

    const none = await client.request<Hover>('textDocument/hover', { textDocument: { uri: demoUri }, position: posOf(DEMO, 'spec lsp_demo', 0, 1) });
    expect(none).toBeNull();
  });

  it('definition and references of a label used in a goto and in a `process.label` test', async () => {
    const def = await client.request<Location>('textDocument/definition', { textDocument: { uri: demoUri }, position: posOf(DEMO, 'goto lock', 0, 6) });
    expect(def.uri).toBe(demoUri);
    expect(def.range.start).toEqual(posOf(DEMO, 'lock:   down_write'));

    const refs = await client.request<Location[]>('textDocument/references', { textDocument: { uri: demoUri }, position: posOf(DEMO, 'lock:   down_write'), context: { includeDeclaration: true } });
    expect(refs.map((r) => r.range.start)).toEqual([posOf(DEMO, 'lock:   down_write'), posOf(DEMO, 'goto lock', 0, 5), posOf(DEMO, '~> fork.lock', 0, 8)]);
    const noDecl = await client.request<Location[]>('textDocument/references', { textDocument: { uri: demoUri }, position: posOf(DEMO, 'goto lock', 0, 5), context: { includeDeclaration: false } });
    expect(noDecl.length).toBe(2);

    // `fork.copy` is the step, not the action of the same name
    const step = await client.request<Location>('textDocument/definition', { textDocument: { uri: demoUri }, position: posOf(DEMO, 'fork.copy =>', 0, 6) });
    expect(step.range.start).toEqual(posOf(DEMO, 'copy:   if'));
    const action = await client.request<Location[]>('textDocument/references', { textDocument: { uri: demoUri }, position: posOf(DEMO, 'action copy', 0, 7), context: { includeDeclaration: true } });
    expect(action.map((r) => r.range.start)).toEqual([posOf(DEMO, 'action copy', 0, 7)]);
  });

  it('definition follows scopes: an action parameter, a `with` binder, a let, a global', async () => {
    const go = (p: LPos) => client.request<Location>('textDocument/definition', { textDocument: { uri: demoUri }, position: p });
    expect((await go(posOf(DEMO, 'pte[i] = data', 0, 4))).range.start).toEqual(posOf(DEMO, 'i: 1..N'));
    expect((await go(posOf(DEMO, 'await pte[i]', 0, 10))).range.start).toEqual(posOf(DEMO, 'i in 1..N {'));
    expect((await go(posOf(DEMO, 'seen[t] = true', 0, 5))).range.start).toEqual(posOf(DEMO, 't: THREADS'));
    expect((await go(posOf(DEMO, '=> seen[t]', 0, 8))).range.start).toEqual(posOf(DEMO, 't in THREADS: faulter', 0, 0));
    expect((await go(posOf(DEMO, 'lk == -1'))).range.start).toEqual(posOf(DEMO, 'lk: rwsem'));
    expect((await go(posOf(DEMO, '== none &&', 0, 3))).range.start).toEqual(posOf(DEMO, 'none, data'));
    const n = await client.request<Location[]>('textDocument/references', { textDocument: { uri: demoUri }, position: posOf(DEMO, 'const N', 0, 6), context: { includeDeclaration: false } });
    expect(n.length).toBe(DEMO.match(/\.\.N\b/g)!.length);
  });

  it('outline of specs/mmap_changing.uffd: processes with their steps, actions, invariants, properties', async () => {
    const text = readFileSync('specs/mmap_changing.uffd', 'utf8');
    const uri = pathToFileURL(resolve('specs/mmap_changing.uffd')).href;
    await client.open(uri, text);
    const syms = await client.request<DocSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    const names = (kind: number) => syms.filter((s) => s.kind === kind).map((s) => s.name);
    const declared = (word: string) => [...text.matchAll(new RegExp(`^${word} (\\w+)`, 'gm'))].map((m) => m[1]);
    expect(names(5)).toEqual(declared('process')); // SymbolKind.Class
    expect(names(12)).toEqual([...declared('def'), ...declared('action')]); // SymbolKind.Function
    expect(names(17)).toEqual(declared('invariant')); // SymbolKind.Boolean
    expect(names(7)).toEqual(declared('property')); // SymbolKind.Property
    const fork = syms.find((s) => s.name === 'fork')!;
    expect(fork.children!.map((c) => c.name)).toEqual(['lock', 'prep', 'copy', 'unlock', 'notify', 'wait']);
    expect(fork.selectionRange.start).toEqual(posOf(text, 'process fork {', 0, 8));
    expect(fork.children![0].selectionRange.start).toEqual(posOf(text, 'lock:   if !FORK'));
    expect(syms.find((s) => s.name === 'monitor')!.children!.length).toBeGreaterThan(5);
    await client.notify('textDocument/didClose', { textDocument: { uri } });
  });

  it('completion: names in scope inside an action body, keywords; the steps after `proc.`', async () => {
    const items = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: demoUri }, position: posOf(DEMO, 'pte[i] = data') });
    const labels = items.map((i) => i.label);
    for (const n of ['i', 'old', 'pte', 'lk', 'seen', 'data', 'none', 'N', 'THREADS', 't1', 'await', 'with', 'len', 'down_read']) expect(labels).toContain(n);
    expect(labels).not.toContain('t'); // faulter's parameter: not in scope here
    const byLabel = new Map(items.map((i) => [i.label, i]));
    expect(byLabel.get('i')!.sortText! < byLabel.get('pte')!.sortText!).toBe(true); // locals first

    const before = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: demoUri }, position: posOf(DEMO, 'let old') });
    expect(before.map((i) => i.label)).not.toContain('old'); // a let is visible after it, not before

    const steps = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: demoUri }, position: posOf(DEMO, 'fork.copy =>', 0, 5) });
    expect(steps.map((i) => i.label)).toEqual(['lock', 'copy', 'unlock', 'done']);
  });

  it('shutdown and exit end the server with status 0', async () => {
    await client.request('shutdown', null);
    await client.notify('exit', null);
    expect(await client.exited).toBe(0);
  });
});

describe('the lsp code is loaded only by the lsp command', () => {
  const probe = (extra: string) => spawnSync(process.execPath, ['--input-type=module', '-e', `
    import { createRequire } from 'node:module';
    import { main } from './dist/cli/main.js';
    const io = { out() {}, err() {} };
    const code = await main(['node', 'uffd-spec', 'check', 'test/fixtures/lsp/demo.uffd', '--no-temporal'], io);
    ${extra}
    const loaded = Object.keys(createRequire(import.meta.url).cache).some((k) => k.includes('vscode-languageserver'));
    console.log(JSON.stringify({ code, loaded }));`], { encoding: 'utf8' });

  it('check does not load vscode-languageserver (and the probe sees it when it is loaded)', () => {
    expect(JSON.parse(probe('').stdout)).toEqual({ code: 0, loaded: false });
    expect(JSON.parse(probe("await import('./dist/lsp/server.js');").stdout)).toEqual({ code: 0, loaded: true });
  });
});
