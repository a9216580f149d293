import { CodeActionKind, TextDocumentSyncKind, type InitializeResult } from 'vscode-languageserver/node';

/** The answer to `initialize`: the same whatever the client says, so the bootstrap can give it before the server is loaded. */
export const INITIALIZE_RESULT: InitializeResult = {
  capabilities: {
    textDocumentSync: TextDocumentSyncKind.Incremental,
    hoverProvider: true,
    inlayHintProvider: true,
    codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
    codeLensProvider: { resolveProvider: false },
  },
  serverInfo: { name: 'migration-guard' },
};
