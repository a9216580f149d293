import * as path from 'node:path';
import { createConnection, ProposedFeatures, type InitializeParams } from 'vscode-languageserver/node';
import { INITIALIZE_RESULT } from './capabilities';
import { DeferredStart } from './deferredStart';

// The bootstrap (dist/server-boot.js, run by launch.ts): it answers `initialize` with only the
// protocol library loaded, then loads the rest of the server, a second bundle
// (dist/server-core.js, see esbuild.mjs) that is most of the code and so most of the start-up.
// That bundle uses this one's copy of the library, re-exported here, as one connection needs.
export * from 'vscode-languageserver/node';

let initializeParams: InitializeParams;
let onStarted: () => void;
/** Settles once the server's handlers are registered. */
export const started = new Promise<void>((resolve) => (onStarted = resolve));

// The transport (--stdio, --node-ipc, --socket=N) is read from the command line.
const connection = createConnection(ProposedFeatures.all, {
  // Not from the code cache (launch.ts) as this bundle is: the rest imports modules, which vm's scripts cannot.
  messageStrategy: new DeferredStart(async () => {
    const { startServer }: typeof import('./server.js') = require(path.join(__dirname, 'server-core.js'));
    startServer(connection, initializeParams);
    onStarted();
  }),
});
connection.onInitialize((params) => {
  initializeParams = params;
  return INITIALIZE_RESULT;
});
connection.listen();
