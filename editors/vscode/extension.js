// Starts `uffd-spec lsp` (by default `npx uffd-spec lsp` in the workspace)
// for .uffd files; the language client passes --stdio, which the server accepts.
const { workspace } = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client;

function activate() {
  const cfg = workspace.getConfiguration('uffd');
  const folder = workspace.workspaceFolders && workspace.workspaceFolders[0];
  const server = {
    command: cfg.get('server.command', 'npx'),
    args: cfg.get('server.args', ['uffd-spec', 'lsp']),
    transport: TransportKind.stdio,
    options: { cwd: folder ? folder.uri.fsPath : undefined, shell: process.platform === 'win32' },
  };
  client = new LanguageClient('uffd', 'uffd-spec', server, { documentSelector: [{ scheme: 'file', language: 'uffd' }] });
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
