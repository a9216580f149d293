import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Hover } from 'vscode-languageserver/node';
import { LspClient, uriOf } from '../support/lspClient';
import { removeWorkspace, tempWorkspace } from '../support/tempWorkspace';

const INDEX = 'CREATE INDEX idx_users_email ON users (email);\n';

// The server answers `initialize` before the rest of it has loaded (main.ts): what a client sends
// right behind `initialize`, without waiting for the answer, must still reach the handlers.
describe('language server start-up', function () {
  this.timeout(30_000);
  let root: string;
  let client: LspClient;

  beforeEach(() => {
    root = tempWorkspace({
      'db/migrations/0001_init.up.sql': 'CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);\n',
      'db/migrations/0001_init.down.sql': 'DROP TABLE users;\n',
      // On disk the migration is harmless: a finding in it can only come from the opened text.
      'db/migrations/0002_add_index.up.sql': 'SELECT 1;\n',
      'db/migrations/0002_add_index.down.sql': 'DROP INDEX idx_users_email;\n',
    });
    client = new LspClient();
  });

  afterEach(async () => {
    await client.close();
    removeWorkspace(root);
  });

  it('handles initialized, didOpen and a request sent back-to-back with initialize', async () => {
    const file = path.join(root, 'db', 'migrations', '0002_add_index.up.sql');
    client.settings = { debounceMs: 0, rules: { 'require-concurrent-index-creation': 'error' } };
    const registrations: string[] = [];
    client.connection.onRequest('client/registerCapability', (p: { registrations: { method: string }[] }) => {
      registrations.push(...p.registrations.map((r) => r.method));
      return null;
    });
    const init = client.connection.sendRequest<{ capabilities: { hoverProvider?: boolean } }>('initialize', client.initializeParams(root));
    void client.connection.sendNotification('initialized', {});
    void client.open(file, INDEX);
    const hover = client.request<Hover | null>('textDocument/hover', { textDocument: { uri: uriOf(file) }, position: { line: 0, character: 3 } });

    assert.equal((await init).capabilities.hoverProvider, true);
    // Version 1 is the opened text; the severity is the one the settings asked for.
    const diags = await client.forVersion(file, 1);
    assert.equal(diags.find((d) => d.code === 'require-concurrent-index-creation')?.severity, 1);
    // Answered (the analysis may not be ready for it yet), not refused as an unknown method.
    await assert.doesNotReject(hover);
    assert.deepEqual(registrations, ['workspace/didChangeWatchedFiles']);
  });

  it('exits on an exit sent before initialize', async () => {
    await client.connection.sendNotification('exit');
    await client.exit();
  });
});
