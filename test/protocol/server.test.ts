import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, Hover, TextEdit } from 'vscode-languageserver/node';
import { LspClient, messageOf, uriOf } from '../support/lspClient';
import { removeWorkspace, tempWorkspace } from '../support/tempWorkspace';

const INIT = 'CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);\n';
const INDEX = 'CREATE INDEX idx_users_email ON users (email);\n';
const codes = (d: Diagnostic[]) => d.map((x) => x.code);
const has = (rule: string) => (d: Diagnostic[]) => codes(d).includes(rule);
const lacks = (rule: string) => (d: Diagnostic[]) => !codes(d).includes(rule);

describe('language server over stdio', function () {
  this.timeout(30_000);
  let root: string;
  let client: LspClient;
  const mig = (name: string) => path.join(root, 'db', 'migrations', name);

  beforeEach(async () => {
    root = tempWorkspace({
      'db/migrations/0001_init.up.sql': INIT,
      'db/migrations/0001_init.down.sql': 'DROP TABLE users;\n',
      'db/migrations/0002_add_index.up.sql': INDEX,
      'db/migrations/0002_add_index.down.sql': 'DROP INDEX idx_users_email;\n',
      'notes/scratch.sql': 'DROP TABLE users;\n',
    });
    client = new LspClient();
    const init = await client.initialize(root);
    assert.equal(init.capabilities.hoverProvider, true);
  });

  const codeActions = (file: string, diags: Diagnostic[]) =>
    client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: uriOf(file) },
      range: diags[0].range,
      context: { diagnostics: diags },
    });

  afterEach(async () => {
    await client.close();
    removeWorkspace(root);
  });

  it('publishes a diagnostic with the exact range of the statement on didOpen', async () => {
    await client.open(mig('0002_add_index.up.sql'), INDEX);
    const diags = await client.waitFor(mig('0002_add_index.up.sql'), has('require-concurrent-index-creation'));
    const d = diags.find((x) => x.code === 'require-concurrent-index-creation')!;
    assert.deepEqual(d.range, { start: { line: 0, character: 0 }, end: { line: 0, character: INDEX.indexOf(';') } });
    assert.equal(d.source, 'migration-guard');
    assert.equal(d.severity, 2);
    assert.match(d.codeDescription!.href, /docs\/rules\/require-concurrent-index-creation\.md$/);
  });

  it('ignores SQL files that are not in a migration folder', async () => {
    const scratch = path.join(root, 'notes', 'scratch.sql');
    await client.open(scratch, 'DROP TABLE users;\n');
    await client.open(mig('0002_add_index.up.sql'), INDEX);
    await client.waitFor(mig('0002_add_index.up.sql'), has('require-concurrent-index-creation'));
    assert.equal(client.current(scratch), undefined);
  });

  it('updates diagnostics on didChange, re-checking the edited statement', async () => {
    const file = mig('0002_add_index.up.sql');
    await client.open(file, INDEX);
    await client.waitFor(file, has('require-concurrent-index-creation'));
    // Insert " CONCURRENTLY" after "CREATE INDEX" with an incremental change.
    await client.change(file, 2, [{ range: { start: { line: 0, character: 12 }, end: { line: 0, character: 12 } }, text: ' CONCURRENTLY' }]);
    const after = await client.waitFor(file, lacks('require-concurrent-index-creation'));
    assert.deepEqual(codes(after), []);
    // And back: a statement appended later in the file is found at its own line.
    await client.change(file, 3, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: 'UPDATE users SET email = lower(email);\n' }]);
    const again = await client.waitFor(file, has('update-or-delete-without-where'));
    assert.equal(again.find((x) => x.code === 'update-or-delete-without-where')!.range.start.line, 1);
  });

  it('reports a statement that does not parse at its own range and still checks the others', async () => {
    const file = mig('0002_add_index.up.sql');
    const text = 'SELEC 1;\n' + INDEX;
    await client.open(file, text);
    const diags = await client.waitFor(file, has('syntax-error'));
    const syntax = diags.find((x) => x.code === 'syntax-error')!;
    assert.deepEqual(syntax.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 5 } });
    assert.match(messageOf(syntax), /syntax error at or near "SELEC"/);
    assert.ok(has('require-concurrent-index-creation')(diags));
  });

  it('counts ranges in UTF-16 after multi-byte characters', async () => {
    const file = mig('0002_add_index.up.sql');
    const text = "-- 🚀 índices\nSELECT 'ü😀'; CREATE INDEX i ON users (email);\n";
    await client.open(file, text);
    const diags = await client.waitFor(file, has('require-concurrent-index-creation'));
    const d = diags.find((x) => x.code === 'require-concurrent-index-creation')!;
    const line = text.split('\n')[1];
    assert.deepEqual(d.range, {
      start: { line: 1, character: line.indexOf('CREATE') },
      end: { line: 1, character: line.lastIndexOf(';') },
    });
  });

  it('answers hover with the lock a statement takes', async () => {
    const file = mig('0002_add_index.up.sql');
    await client.open(file, INDEX);
    await client.waitFor(file, has('require-concurrent-index-creation'));
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: uriOf(file) }, position: { line: 0, character: 3 } });
    const value = (hover.contents as { value: string }).value;
    assert.match(value, /SHARE\b/);
    assert.match(value, /users/);
    assert.match(value, /require-concurrent-index-creation/);
    assert.match(value, /CONCURRENTLY/);
  });

  it('offers a preferred fix whose edit, applied, leaves the rule silent', async () => {
    const file = mig('0002_add_index.up.sql');
    await client.open(file, INDEX);
    const diags = await client.waitFor(file, has('require-concurrent-index-creation'));
    const actions = await codeActions(file, diags);
    const fix = actions.find((a) => a.isPreferred)!;
    assert.match(fix.title, /^Create the index concurrently/);
    const change = fix.edit!.documentChanges!.find((c: any) => c.textDocument?.uri === uriOf(file)) as { edits: TextEdit[] };
    const fixed = TextDocument.applyEdits(TextDocument.create(uriOf(file), 'sql', 1, INDEX), change.edits);
    assert.equal(fixed, 'CREATE INDEX CONCURRENTLY idx_users_email ON users (email);\n');
    await client.change(file, 2, [{ text: fixed }]);
    const after = await client.waitFor(file, lacks('require-concurrent-index-creation'));
    assert.deepEqual(codes(after), []);
  });

  it('offers "ignore this rule here", which writes a directive that silences it', async () => {
    const file = mig('0002_add_index.up.sql');
    await client.open(file, INDEX);
    const diags = await client.waitFor(file, has('require-concurrent-index-creation'));
    const actions = await codeActions(file, diags);
    const ignore = actions.find((a) => /^Ignore require-concurrent-index-creation/.test(a.title))!;
    const change = ignore.edit!.documentChanges![0] as { edits: TextEdit[] };
    const fixed = TextDocument.applyEdits(TextDocument.create(uriOf(file), 'sql', 1, INDEX), change.edits);
    assert.match(fixed, /^-- migration-guard-ignore require-concurrent-index-creation: .+\nCREATE INDEX/);
    await client.change(file, 2, [{ text: fixed }]);
    await client.waitFor(file, lacks('require-concurrent-index-creation'));
  });

  it('updates other files when a migration file is added on disk (duplicate version)', async () => {
    const file = mig('0002_add_index.up.sql');
    await client.open(file, INDEX);
    await client.waitFor(file, has('require-concurrent-index-creation'));
    const twin = mig('0002_other.up.sql');
    fs.writeFileSync(twin, 'SELECT 1;\n');
    fs.writeFileSync(mig('0002_other.down.sql'), 'SELECT 1;\n');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: uriOf(twin), type: 1 }, { uri: uriOf(mig('0002_other.down.sql')), type: 1 }],
    });
    const diags = await client.waitFor(file, has('duplicate-version'));
    assert.match(messageOf(diags.find((d) => d.code === 'duplicate-version')!), /0002_other\.up\.sql/);
    await client.waitFor(twin, has('duplicate-version'));
    fs.rmSync(twin);
    fs.rmSync(mig('0002_other.down.sql'));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: uriOf(twin), type: 3 }, { uri: uriOf(mig('0002_other.down.sql')), type: 3 }],
    });
    await client.waitFor(file, lacks('duplicate-version'));
    await client.waitFor(twin, (d) => d.length === 0);
  });

  it('reports a missing down migration and clears it when the down file appears', async () => {
    const up = mig('0003_more.up.sql');
    fs.writeFileSync(up, 'ALTER TABLE users ADD COLUMN name text;\n');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(up), type: 1 }] });
    await client.waitFor(up, has('missing-down-migration'));
    const down = mig('0003_more.down.sql');
    fs.writeFileSync(down, 'ALTER TABLE users DROP COLUMN name;\n');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(down), type: 1 }] });
    await client.waitFor(up, lacks('missing-down-migration'));
  });
});
