import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { InlayHint } from 'vscode-languageserver/node';
import { LspClient, uriOf } from '../support/lspClient';
import { removeWorkspace, tempWorkspace } from '../support/tempWorkspace';

const INIT = 'CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);\n';
const CHANGE = [
  'CREATE TABLE audit (id bigint);',
  'CREATE INDEX audit_id ON audit (id);',
  'CREATE INDEX idx_users_email',
  '  ON users (email);',
  'ALTER TABLE users ADD COLUMN note text',
  '',
].join('\n');

describe('lock mode inlay hints', function () {
  this.timeout(30_000);
  let root: string;
  let client: LspClient;
  const file = () => path.join(root, 'db', 'migrations', '0002_change.up.sql');

  async function hintsWith(settings: Record<string, unknown>): Promise<InlayHint[]> {
    client.settings = settings;
    const init = await client.initialize(root);
    assert.equal(init.capabilities.inlayHintProvider, true);
    await client.open(file(), CHANGE);
    await client.waitFor(file(), (d) => d.some((x) => x.code === 'require-concurrent-index-creation'));
    return client.request<InlayHint[]>('textDocument/inlayHint', {
      textDocument: { uri: uriOf(file()) },
      range: { start: { line: 0, character: 0 }, end: { line: 6, character: 0 } },
    });
  }

  beforeEach(() => {
    root = tempWorkspace({ 'db/migrations/0001_init.up.sql': INIT, 'db/migrations/0002_change.up.sql': CHANGE });
    client = new LspClient();
  });

  afterEach(async () => {
    await client.close();
    removeWorkspace(root);
  });

  it('puts the strongest lock after each statement that locks an existing table, when the setting is on', async () => {
    const hints = await hintsWith({ debounceMs: 0, inlayHints: { lockMode: true } });
    // Nothing on CREATE TABLE, nor on the index of the table created just before it.
    assert.deepEqual(
      hints.map((h) => ({ position: h.position, label: h.label, paddingLeft: h.paddingLeft })),
      [
        { position: { line: 3, character: '  ON users (email);'.length }, label: '⟵ SHARE on users', paddingLeft: true },
        { position: { line: 4, character: 'ALTER TABLE users ADD COLUMN note text'.length }, label: '⟵ ACCESS EXCLUSIVE on users', paddingLeft: true },
      ],
    );
    assert.match(String(hints[0].tooltip), /^SHARE: /);
  });

  it('gives none when the setting is off, as it is by default', async () => {
    assert.deepEqual(await hintsWith({ debounceMs: 0 }), []);
  });
});
