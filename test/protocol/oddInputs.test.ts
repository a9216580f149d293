import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FileChangeType, type Diagnostic, type Hover } from 'vscode-languageserver/node';
import { LspClient, uriOf } from '../support/lspClient';
import { removeWorkspace, tempWorkspace } from '../support/tempWorkspace';

const INDEX = 'CREATE INDEX idx_users_email ON users (email);\n';
const DROP = 'DROP TABLE users;\n';
const has = (rule: string) => (d: Diagnostic[]) => d.some((x) => x.code === rule);
const none = (d: Diagnostic[]) => d.length === 0;

/** Generous bounds: they catch a server that hangs or balloons, not one that is a little slow. */
const ANSWER_WITHIN_MS = 30_000;
const RSS_BOUND_MB = 600;

/** Rejects when `promise` has not settled within `ms`. */
function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** Large and odd workspaces: the server keeps answering, its diagnostics stay right, its memory bounded. */
describe('language server on large and odd inputs', function () {
  this.timeout(180_000);
  let root: string;
  let client: LspClient;
  const mig = (name: string) => path.join(root, 'db', 'migrations', name);
  let open: string;

  beforeEach(async () => {
    root = tempWorkspace({
      'db/migrations/0001_init.up.sql': 'CREATE TABLE users (id bigint PRIMARY KEY, email text);\n',
      'db/migrations/0001_init.down.sql': DROP,
      'db/migrations/0002_index.up.sql': INDEX,
      'db/migrations/0002_index.down.sql': 'DROP INDEX idx_users_email;\n',
    });
    open = mig('0002_index.up.sql');
    client = new LspClient();
    await client.initialize(root);
    await client.open(open, INDEX);
    await client.waitFor(open, has('require-concurrent-index-creation'));
  });

  afterEach(async () => {
    assert.equal(client.exited, false, `server exited; stderr: ${client.stderr}`);
    await client.close();
    removeWorkspace(root);
  });

  async function hoverAnswers(): Promise<void> {
    const hover = await within(
      ANSWER_WITHIN_MS,
      'hover',
      client.request<Hover>('textDocument/hover', { textDocument: { uri: uriOf(open) }, position: { line: 0, character: 2 } }),
    );
    assert.match((hover.contents as { value: string }).value, /SHARE/);
  }

  /** Files written (or deleted) on disk, then reported in one watcher notification, as after a `git checkout`. */
  function notify(files: string[], type: FileChangeType): Promise<void> {
    return client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: files.map((f) => ({ uri: uriOf(f), type })) });
  }

  function write(files: Record<string, string>): string[] {
    for (const [file, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
    }
    return Object.keys(files);
  }

  it('checks a 1 MB single-line statement and keeps answering', async () => {
    const rows = Array.from({ length: 36_000 }, (_, i) => `(${i}, 'user${i}@example.com')`).join(', ');
    const text = `INSERT INTO users (id, email) VALUES ${rows};`;
    assert.ok(text.length > 1024 * 1024 && !text.includes('\n'));
    const file = mig('0003_bulk.up.sql');
    write({ [file]: text, [mig('0003_bulk.down.sql')]: 'DELETE FROM users;\n' });
    await client.open(file, text);
    // The statement is valid: whatever the rules say about it, it is no syntax error.
    const diags = await client.waitFor(file, () => true, ANSWER_WITHIN_MS);
    assert.equal(has('syntax-error')(diags), false, JSON.stringify(diags.slice(0, 3)));
    await hoverAnswers();
  });

  it('takes 2,000 files changing at once, like a git checkout', async () => {
    const rssBefore = client.rssMb();
    const files: Record<string, string> = {};
    for (let v = 1000; v < 1999; v++) {
      files[mig(`${v}_step.up.sql`)] = `ALTER TABLE users ADD COLUMN c${v} text;\n`;
      files[mig(`${v}_step.down.sql`)] = `ALTER TABLE users DROP COLUMN c${v};\n`;
    }
    // One of them takes the open file's version, so its diagnostics must change.
    files[mig('0002_clash.up.sql')] = 'SELECT 1;\n';
    files[mig('0002_clash.down.sql')] = 'SELECT 1;\n';
    const written = write(files);
    assert.equal(written.length, 2000);

    await notify(written, FileChangeType.Created);
    await hoverAnswers();
    const diags = await client.waitFor(open, has('duplicate-version'), ANSWER_WITHIN_MS);
    assert.ok(has('require-concurrent-index-creation')(diags), JSON.stringify(diags));
    const rssAfter = client.rssMb();
    assert.ok(rssAfter < RSS_BOUND_MB, `server RSS ${rssAfter.toFixed(0)} MB (before: ${rssBefore.toFixed(0)} MB)`);
  });

  it('keeps checking a file deleted while open, and clears it once closed', async () => {
    const file = mig('0003_drop.up.sql');
    write({ [file]: DROP, [mig('0003_drop.down.sql')]: 'SELECT 1;\n' });
    await client.open(file, DROP);
    await client.waitFor(file, has('ban-drop-table'));

    fs.rmSync(file);
    await notify([file], FileChangeType.Deleted);
    await hoverAnswers();
    // The editor still shows the text, so the findings in it still stand.
    await client.waitFor(file, has('ban-drop-table'));

    await client.closeDocument(file);
    await client.waitFor(file, none);
    await hoverAnswers();
  });

  it('clears the diagnostics of a migration folder deleted entirely', async () => {
    const other = path.join(root, 'other', 'migrations');
    const files = write({
      [path.join(other, '0001_a.up.sql')]: DROP,
      [path.join(other, '0001_a.down.sql')]: 'SELECT 1;\n',
      [path.join(other, '0002_b.up.sql')]: INDEX,
      [path.join(other, '0002_b.down.sql')]: 'SELECT 1;\n',
    });
    await notify(files, FileChangeType.Created);
    await client.waitFor(files[0], has('ban-drop-table'));
    await client.waitFor(files[2], has('require-concurrent-index-creation'));

    fs.rmSync(path.join(root, 'other'), { recursive: true });
    await notify(files, FileChangeType.Deleted);
    await client.waitFor(files[0], none);
    await client.waitFor(files[2], none);
    await hoverAnswers();
  });
});

/** An editor that crashes leaves no language server behind, and the next one starts clean. */
describe('language server when its client vanishes', function () {
  this.timeout(60_000);
  let root: string;

  before(() => {
    root = tempWorkspace({ 'db/migrations/0001_index.up.sql': INDEX, 'db/migrations/0001_index.down.sql': 'SELECT 1;\n' });
  });
  after(() => removeWorkspace(root));

  it('exits by itself when its streams close, and a new client gets a working server', async () => {
    const file = path.join(root, 'db/migrations/0001_index.up.sql');
    const first = new LspClient();
    await first.initialize(root);
    await first.open(file, INDEX);
    await first.waitFor(file, has('require-concurrent-index-creation'));
    const pid = first.pid;

    first.abandon();
    await within(5_000, 'server exit after its client vanished', first.exit());
    assert.equal(fs.existsSync(`/proc/${pid}`), false, 'the server process is gone, not a zombie or orphan');

    const second = new LspClient();
    try {
      await second.initialize(root);
      await second.open(file, INDEX);
      await second.waitFor(file, has('require-concurrent-index-creation'));
    } finally {
      await second.close();
    }
  });
});
