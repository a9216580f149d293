import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver/node';
import { LspClient, messageOf, uriOf } from '../support/lspClient';
import { removeWorkspace, tempWorkspace } from '../support/tempWorkspace';

const RULE = 'require-concurrent-index-creation';
const INDEX = 'CREATE INDEX idx_users_email ON users (email);\n';
const configText = (severity: string) => JSON.stringify({ rules: { [RULE]: severity } }, null, 2) + '\n';
const severityOf = (d: Diagnostic[]) => d.find((x) => x.code === RULE)?.severity;
const bySeverity = (severity: number) => (d: Diagnostic[]) => severityOf(d) === severity;
const ERROR = 1;
const INFO = 3;
const HINT = 4;

describe('team configuration in the language server', function () {
  this.timeout(30_000);
  let root: string;
  let client: LspClient;
  let config: string;
  const migration = () => path.join(root, 'db', 'migrations', '0002_add_index.up.sql');

  /** Writes the configuration file and tells the server, as a file watcher would. */
  const writeConfig = async (text: string) => {
    fs.writeFileSync(config, text);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(config), type: 2 }] });
  };

  beforeEach(async () => {
    root = tempWorkspace({
      '.migration-guard.json': configText('error'),
      'db/migrations/0001_init.up.sql': 'CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);\n',
      'db/migrations/0001_init.down.sql': 'DROP TABLE users;\n',
      'db/migrations/0002_add_index.up.sql': INDEX,
      'db/migrations/0002_add_index.down.sql': 'DROP INDEX idx_users_email;\n',
    });
    config = path.join(root, '.migration-guard.json');
    client = new LspClient();
    await client.initialize(root);
    await client.open(migration(), INDEX);
    await client.waitFor(migration(), bySeverity(ERROR));
  });

  afterEach(async () => {
    await client.close();
    removeWorkspace(root);
  });

  it('changes severities when the file changes on disk', async () => {
    await writeConfig(configText('info'));
    await client.waitFor(migration(), bySeverity(INFO));
    await client.waitFor(config, (d) => d.length === 0);
  });

  it('reports a broken file at the offending range in the file, and keeps checking with the last good configuration', async () => {
    const broken = '{\n  "rules": { "require-concurrent-index-creation": "hint" },\n  "pgVersion": "sixteen"\n}\n';
    await writeConfig(broken);
    const [problem] = await client.waitFor(config, (d) => d.length > 0);
    assert.equal(problem.severity, ERROR);
    assert.equal(problem.source, 'migration-guard');
    assert.equal(messageOf(problem), 'pgVersion must be integer.');
    assert.deepEqual(problem.range, { start: { line: 2, character: 15 }, end: { line: 2, character: 24 } });

    // Still checking, still with the rules of the last good file (error, not the broken file's hint).
    await client.change(migration(), 2, [{ text: INDEX + 'UPDATE users SET email = lower(email);\n' }]);
    const after = await client.waitFor(migration(), (d) => d.some((x) => x.code === 'update-or-delete-without-where'));
    assert.equal(severityOf(after), ERROR);

    await writeConfig(configText('hint'));
    await client.waitFor(migration(), bySeverity(HINT));
    await client.waitFor(config, (d) => d.length === 0);
  });

  it('warns about an unknown rule id in the file, and applies the rest', async () => {
    const text = '{ "rules": { "require-concurrent-index-creation": "info", "no-such-rule": "error" } }\n';
    await writeConfig(text);
    await client.waitFor(migration(), bySeverity(INFO));
    const [warning] = await client.waitFor(config, (d) => d.length > 0);
    assert.equal(warning.severity, 2);
    assert.match(messageOf(warning), /Unknown rule "no-such-rule"/);
    assert.deepEqual(warning.range, { start: { line: 0, character: 58 }, end: { line: 0, character: 72 } });
  });

  it('applies unsaved edits of an open configuration file, and the saved file once it closes', async () => {
    await client.open(config, configText('error'), 'json');
    await client.change(config, 2, [{ text: configText('hint') }]);
    await client.waitFor(migration(), bySeverity(HINT));
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: uriOf(config) } });
    await client.waitFor(migration(), bySeverity(ERROR));
  });

  it('reports an ignore that silences nothing, and its quick fix removes it', async () => {
    const text = '-- migration-guard-ignore ban-drop-table: reviewed\n' + INDEX;
    await client.change(migration(), 2, [{ text }]);
    const diags = await client.waitFor(migration(), (d) => d.some((x) => x.code === 'unused-ignore'));
    const unused = diags.find((x) => x.code === 'unused-ignore')!;
    assert.equal(unused.severity, 2);
    assert.deepEqual(unused.range, { start: { line: 0, character: 0 }, end: { line: 0, character: text.indexOf('\n') } });
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: uriOf(migration()) },
      range: unused.range,
      context: { diagnostics: [unused] },
    });
    const remove = actions.find((a) => a.title === 'Remove unused ignore')!;
    assert.equal(remove.isPreferred, true);
    const edits = (remove.edit!.documentChanges![0] as { edits: TextEdit[] }).edits;
    const fixed = TextDocument.applyEdits(TextDocument.create(uriOf(migration()), 'sql', 2, text), edits);
    assert.equal(fixed, INDEX);
    await client.change(migration(), 3, [{ text: fixed }]);
    await client.waitFor(migration(), (d) => !d.some((x) => x.code === 'unused-ignore') && severityOf(d) === ERROR);
  });
});
