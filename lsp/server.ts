// The language server (`uffd-spec lsp`): LSP over stdin/stdout with
// vscode-languageserver. Diagnostics are those of `uffd-spec check` (same
// front end, same messages and positions), published after each change;
// hover, definition, references, outline and completion use the names
// resolved from the AST (lsp/resolve.ts).
import { fileURLToPath } from 'node:url';
import {
  createConnection, DiagnosticSeverity, TextDocuments, TextDocumentSyncKind,
  type Connection, type Diagnostic as LspDiagnostic, type Location,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { ASpec } from '../dsl/ast.js';
import type { Diagnostic } from '../dsl/index.js';
import { grammarSource } from '../dsl/parse.js';
import { analyseText, parseOnly } from './analyse.js';
import { complete } from './completion.js';
import { hoverMarkdown } from './hover.js';
import { grammarKeywords } from './keywords.js';
import { outline } from './outline.js';
import { fromLsp, SourceText, toRange } from './positions.js';
import { indexSpec } from './resolve.js';
import { refAt, refsOf, type SpecIndex } from './symbols.js';

// A check of a 400-line spec takes a few hundred ms: wait until typing pauses.
const DEBOUNCE_MS = 150;

// The last text that parsed, with its names: kept while the text does not
// parse, so navigation still works (at the old positions) during an edit.
interface Analysis { readonly version: number; readonly ast: ASpec; readonly text: SourceText; readonly index: SpecIndex }

function fileOf(uri: string): string {
  return uri.startsWith('file:') ? fileURLToPath(uri) : uri;
}

export function toLspDiagnostic(d: Diagnostic): LspDiagnostic {
  return {
    range: toRange(d),
    severity: d.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    source: 'uffd-spec',
    message: d.message,
  };
}

export function startServer(connection: Connection = createConnection(process.stdin, process.stdout)): void {
  const documents = new TextDocuments(TextDocument);
  const analyses = new Map<string, Analysis>();
  const timers = new Map<string, NodeJS.Timeout>();
  let keywords: string[] | undefined;

  const parsedVersion = new Map<string, number>(); // parsed, whether or not it parsed: not again

  function remember(doc: TextDocument, text: string, ast: ASpec | null): Analysis | undefined {
    parsedVersion.set(doc.uri, doc.version);
    if (!ast) return analyses.get(doc.uri);
    try {
      const a: Analysis = { version: doc.version, ast, text: new SourceText(text), index: indexSpec(ast, text) };
      analyses.set(doc.uri, a);
      return a;
    } catch {
      return analyses.get(doc.uri); // a bug here must not take the diagnostics down
    }
  }

  // names of the current text, or of the last text that parsed
  function analysis(doc: TextDocument): Analysis | undefined {
    const old = analyses.get(doc.uri);
    if (parsedVersion.get(doc.uri) === doc.version) return old;
    const text = doc.getText();
    return remember(doc, text, parseOnly(text, fileOf(doc.uri)));
  }

  // every error and warning `check` prints for this text (without --const)
  function validate(doc: TextDocument): void {
    const text = doc.getText();
    const r = analyseText(text, fileOf(doc.uri));
    if (parsedVersion.get(doc.uri) !== doc.version) remember(doc, text, r.ast);
    void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics: r.diagnostics.map(toLspDiagnostic) });
  }

  function schedule(doc: TextDocument): void {
    clearTimeout(timers.get(doc.uri));
    timers.set(doc.uri, setTimeout(() => {
      timers.delete(doc.uri);
      const current = documents.get(doc.uri);
      if (current) validate(current);
    }, DEBOUNCE_MS));
  }

  connection.onInitialize(() => ({
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      definitionProvider: true,
      referencesProvider: true,
      documentSymbolProvider: true,
      completionProvider: { triggerCharacters: ['.'] },
    },
    serverInfo: { name: 'uffd-spec', version: '0.1.0' },
  }));

  documents.onDidChangeContent((e) => schedule(e.document));
  documents.onDidClose((e) => {
    clearTimeout(timers.get(e.document.uri));
    timers.delete(e.document.uri);
    analyses.delete(e.document.uri);
    parsedVersion.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  const at = (uri: string, position: { line: number; character: number }) => {
    const doc = documents.get(uri);
    const a = doc && analysis(doc);
    return a ? { a, ref: refAt(a.index, fromLsp(position)) } : undefined;
  };

  connection.onHover(({ textDocument, position }) => {
    const r = at(textDocument.uri, position);
    if (!r?.ref) return null;
    return { contents: { kind: 'markdown', value: hoverMarkdown(r.ref.sym) }, range: toRange(r.ref.span) };
  });

  connection.onDefinition(({ textDocument, position }): Location | null => {
    const r = at(textDocument.uri, position);
    return r?.ref ? { uri: textDocument.uri, range: toRange(r.ref.sym.nameSpan) } : null;
  });

  connection.onReferences(({ textDocument, position, context }): Location[] => {
    const r = at(textDocument.uri, position);
    if (!r?.ref) return [];
    return refsOf(r.a.index, r.ref.sym, context.includeDeclaration).map((x) => ({ uri: textDocument.uri, range: toRange(x.span) }));
  });

  connection.onDocumentSymbol(({ textDocument }) => {
    const doc = documents.get(textDocument.uri);
    const a = doc && analysis(doc);
    return a ? outline(a.ast) : [];
  });

  connection.onCompletion(({ textDocument, position }) => {
    const doc = documents.get(textDocument.uri);
    const a = doc && analysis(doc);
    if (!doc || !a) return [];
    keywords ??= grammarKeywords(grammarSource());
    // the cursor's line is read from the current text, the names from the last text that parsed
    return complete(a.index, new SourceText(doc.getText()), fromLsp(position), keywords);
  });

  documents.listen(connection);
  connection.listen();
}
