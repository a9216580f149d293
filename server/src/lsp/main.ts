import { createConnection, ProposedFeatures, type InitializeParams } from 'vscode-languageserver/node';
import { INITIALIZE_RESULT } from './capabilities';
import { DeferredStart } from './deferredStart';

// The server's entry (dist/server.js) is a bootstrap: it answers `initialize` with only the
// protocol library loaded, then loads the rest of the server, a second bundle
// (dist/server-core.js, see esbuild.mjs) that is most of the code and so most of the start-up.
// That bundle uses this one's copy of the library, re-exported here, as one connection needs.
export * from 'vscode-languageserver/node';

let initializeParams: InitializeParams;
// The transport (--stdio, --node-ipc, --socket=N) is read from the command line.
const connection = createConnection(ProposedFeatures.all, {
  // require, not import(): Node's ESM loader would first scan the whole bundle for its exports.
  messageStrategy: new DeferredStart(async () => {
    const { startServer }: typeof import('./server.js') = require('./server.js');
    startServer(connection, initializeParams);
  }),
});
connection.onInitialize((params) => {
  initializeParams = params;
  return INITIALIZE_RESULT;
});
connection.listen();
