import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import * as path from 'node:path';
import type { CodeLens } from 'vscode-languageserver/node';
import { STATE_WORDS } from '../../client/webview/appliedState';
import { APPLIED_STATE_REQUEST, DRY_RUN_REQUEST, type AppliedStatePayload, type DryRunPayload } from '../../client/webview/protocol';
import { DRIFT_REQUEST, PASSWORD_REQUEST, type DriftPayload, TEST_CONNECTION_REQUEST, type PasswordParams, type PasswordResult, WORKSPACE_TRUST_NOTIFICATION, type TestConnectionResult } from '../../server/src/lsp/databaseProtocol';
import { LspClient, messageOf, uriOf } from '../support/lspClient';
import { removeWorkspace, tempWorkspace } from '../support/tempWorkspace';
import { snapshot, testDb, type TestDb } from '../unit/db/dbTest';

const PASSWORD = 'Lsp-Only-In-Memory-9';

const MIGRATIONS = {
  'db/migrations/000001_users.up.sql': 'CREATE TABLE users (id int PRIMARY KEY, email text);\n',
  'db/migrations/000001_users.down.sql': 'DROP TABLE users;\n',
  'db/migrations/000002_seed.up.sql': "INSERT INTO users VALUES (1, NULL), (2, 'b@example.com');\n",
  'db/migrations/000002_seed.down.sql': 'DELETE FROM users;\n',
  'db/migrations/000003_email.up.sql': 'CREATE INDEX users_email ON users (email);\nALTER TABLE users ALTER COLUMN email SET NOT NULL;\n',
  'db/migrations/000003_email.down.sql': 'DROP INDEX users_email;\n',
};

/** The team configuration naming the test database as `local`, with no password in it. */
function config(url: string, extra: object = {}): string {
  const u = new URL(url);
  const environment = { host: u.hostname, port: Number(u.port), database: u.pathname.slice(1), user: u.username };
  return JSON.stringify({ environments: { local: environment }, ...extra });
}

describe('database requests over stdio', function () {
  this.timeout(60_000);
  let db: TestDb;
  let root: string;
  let client: LspClient;
  let passwordAsked = 0;
  const file = (name: string) => path.join(root, 'db', 'migrations', name);

  interface StartOptions {
    trusted?: boolean;
    environment?: string;
    configUrl?: string;
    config?: object;
    files?: Record<string, string>;
  }

  async function start(options: StartOptions): Promise<void> {
    root = tempWorkspace({ ...MIGRATIONS, ...options.files, '.migration-guard.json': config(options.configUrl ?? db.url, options.config) });
    client = new LspClient();
    client.settings = { debounceMs: 0, environment: options.environment };
    client.connection.onRequest(PASSWORD_REQUEST, (p: PasswordParams): PasswordResult => {
      passwordAsked++;
      return p.environment === 'local' ? { password: PASSWORD } : {};
    });
    await client.initialize(root, true, options.trusted === undefined ? undefined : { workspaceTrusted: options.trusted });
    await client.open(file('000003_email.up.sql'), MIGRATIONS['db/migrations/000003_email.up.sql']);
    await client.waitFor(file('000003_email.up.sql'), () => true);
  }

  beforeEach(async () => {
    passwordAsked = 0;
    db = await testDb(PASSWORD);
  });

  afterEach(async () => {
    await client.close();
    for (const text of [client.stderr, ...client.logs]) assert.ok(!text.includes(PASSWORD), `the password leaked: ${text}`);
    removeWorkspace(root);
    await db.end();
  });

  /** Sessions of the test database other than the test's own. */
  async function otherSessions(): Promise<number> {
    const { rows } = await db.admin.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`);
    return rows[0].n;
  }

  it('opens no connection in an untrusted workspace, until trust is granted', async () => {
    await start({ trusted: false, environment: 'local' });
    const applied = await client.request<AppliedStatePayload>(APPLIED_STATE_REQUEST, {});
    assert.match(applied.error ?? '', /not trusted/);
    const dry = await client.request<DryRunPayload>(DRY_RUN_REQUEST, { uri: uriOf(file('000003_email.up.sql')), scope: 'this' });
    assert.match(dry.error ?? '', /not trusted/);
    assert.deepEqual(dry.statements, []);
    const test = await client.request<TestConnectionResult>(TEST_CONNECTION_REQUEST, {});
    assert.equal(test.ok, false);
    assert.equal(passwordAsked, 0, 'the password is never asked for');
    assert.equal(await otherSessions(), 0);

    await client.connection.sendNotification(WORKSPACE_TRUST_NOTIFICATION, { trusted: true });
    const trusted = await client.request<TestConnectionResult>(TEST_CONNECTION_REQUEST, {});
    assert.ok(trusted.ok, trusted.message);
    assert.ok(passwordAsked > 0);
  });

  it('tests the connection with the password from the client, and names the server without it', async () => {
    await start({ environment: 'local' });
    const result = await client.request<TestConnectionResult>(TEST_CONNECTION_REQUEST, {});
    assert.ok(result.ok, result.message);
    assert.match(result.message, /^Connected to local \(postgres:\/\/dry_runner_\w+@127\.0\.0\.1:\d+\/case_\d+\), PostgreSQL 15\./);
    const unknown = await client.request<TestConnectionResult>(TEST_CONNECTION_REQUEST, { environment: 'staging' });
    assert.equal(unknown.ok, false);
    assert.match(unknown.message, /no environment "staging"/);
  });

  it('reads the applied state and shows a dirty migration as a diagnostic', async () => {
    await db.admin.query(`CREATE TABLE schema_migrations (version bigint PRIMARY KEY, dirty boolean NOT NULL); INSERT INTO schema_migrations VALUES (2, true);`);
    await start({ environment: 'local' });
    const applied = await client.request<AppliedStatePayload>(APPLIED_STATE_REQUEST, {});
    assert.equal(applied.error, undefined);
    assert.equal(applied.environment, 'local');
    assert.deepEqual(applied.folders, [{ path: path.join(root, 'db', 'migrations'), states: { '000001': 'applied', '000002': 'dirty', '000003': 'pending' }, unknown: [] }]);
    const diagnostics = await client.waitFor(file('000002_seed.up.sql'), (d) => d.some((x) => x.code === 'applied-state'));
    assert.match(messageOf(diagnostics.find((d) => d.code === 'applied-state')!), /^local: dirty: the migration failed part-way/);
  });

  it('puts the applied state it read above each migration, as code lenses', async () => {
    await db.admin.query(`CREATE TABLE schema_migrations (version bigint PRIMARY KEY, dirty boolean NOT NULL); INSERT INTO schema_migrations VALUES (2, false);`);
    await start({ environment: 'local' });
    await client.request<AppliedStatePayload>(APPLIED_STATE_REQUEST, {});
    const lensTitles = async (name: string) =>
      (await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: uriOf(file(name)) } })).map((l) => l.command?.title);
    assert.ok((await lensTitles('000001_users.up.sql')).includes(`${STATE_WORDS.applied} on local`));
    assert.ok((await lensTitles('000002_seed.up.sql')).includes(`${STATE_WORDS.current} on local`));
    assert.ok((await lensTitles('000003_email.up.sql')).includes(`${STATE_WORDS.pending} on local`));
  });

  it('dry-runs the migration on the environment, maps the error to its statement, and changes nothing', async () => {
    await db.admin.query(`CREATE TABLE users (id int PRIMARY KEY, email text); INSERT INTO users VALUES (1, NULL);
      CREATE TABLE schema_migrations (version bigint PRIMARY KEY, dirty boolean NOT NULL); INSERT INTO schema_migrations VALUES (2, false);`);
    const before = await snapshot(db.admin);
    await start({ environment: 'local' });
    const payload = await client.request<DryRunPayload>(DRY_RUN_REQUEST, { uri: uriOf(file('000003_email.up.sql')), scope: 'this' });
    assert.equal(payload.environment, 'local');
    assert.deepEqual(
      payload.statements.map((s) => [s.range.start.line, s.outcome.status]),
      [
        [0, 'ok'],
        [1, 'error'],
      ],
    );
    const failed = payload.statements[1].outcome;
    assert.ok(failed.status === 'error' && /column "email" of relation "users" contains null values/.test(failed.message));
    const ok = payload.statements[0].outcome;
    assert.ok(ok.status === 'ok' && ok.locks.some((l) => l.relation === 'users' && l.mode === 'SHARE'));
    assert.equal(await snapshot(db.admin), before);

    const applied = await client.request<DryRunPayload>(DRY_RUN_REQUEST, { uri: uriOf(file('000002_seed.up.sql')), scope: 'this' });
    assert.match(applied.error ?? '', /already applied on local/);
  });

  it('hovers with the last dry run’s locks beside the prediction, where they disagree, and the table’s size', async () => {
    await db.admin.query(`
      CREATE TABLE users (id int PRIMARY KEY, email text); INSERT INTO users VALUES (1, NULL), (2, 'b');
      CREATE TABLE audit (at timestamptz DEFAULT now());
      CREATE FUNCTION audit_users() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO audit DEFAULT VALUES; RETURN NEW; END $$;
      CREATE TRIGGER users_audit AFTER UPDATE ON users FOR EACH ROW EXECUTE FUNCTION audit_users();
      ANALYZE users;
      CREATE TABLE schema_migrations (version bigint PRIMARY KEY, dirty boolean NOT NULL); INSERT INTO schema_migrations VALUES (3, false);`);
    const text = "UPDATE users SET email = 'a' WHERE id = 1;\n";
    await start({ environment: 'local', files: { 'db/migrations/000004_touch.up.sql': text } });
    const touch = file('000004_touch.up.sql');
    await client.open(touch, text);
    const payload = await client.request<DryRunPayload>(DRY_RUN_REQUEST, { uri: uriOf(touch), scope: 'this' });
    assert.deepEqual(payload.statements.map((s) => s.outcome.status), ['ok']);
    const hover = await client.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri: uriOf(touch) }, position: { line: 0, character: 3 } });
    const value = hover.contents.value;
    assert.match(value, /\*\*ROW EXCLUSIVE\*\* lock on `users`/);
    assert.match(value, /\*\*On local\*\*: users: 2 rows, \d+ kB\./);
    assert.match(value, /\*\*Last dry run on local\*\*: took ROW EXCLUSIVE on audit, ROW EXCLUSIVE on users in [\d.]+ ms\./);
    assert.match(value, /disagrees with the static analysis\*\*: took ROW EXCLUSIVE on audit, which was not predicted\./);
  });

  it('raises a lock rule on a table over the team’s tableSizeThresholds, naming its size', async () => {
    await db.admin.query(`CREATE TABLE users (id int PRIMARY KEY, email text); INSERT INTO users SELECT g, 'e' FROM generate_series(1, 50) g; ANALYZE users;`);
    await start({ environment: 'local', config: { tableSizeThresholds: { errorRows: 40 } } });
    const diagnostics = await client.waitFor(file('000003_email.up.sql'), (d) => d.some((x) => x.code === 'require-concurrent-index-creation' && x.severity === 1));
    const raised = diagnostics.find((d) => d.code === 'require-concurrent-index-creation')!;
    assert.match(messageOf(raised), /\(users: 50 rows, \d+ kB on local\)$/);
  });

  it('lists the drift of the environment after a manual ALTER TABLE', async () => {
    await db.admin.query(`CREATE TABLE users (id int PRIMARY KEY, email text);
      CREATE TABLE schema_migrations (version bigint PRIMARY KEY, dirty boolean NOT NULL); INSERT INTO schema_migrations VALUES (1, false);
      ALTER TABLE users ADD COLUMN nickname text;`);
    await start({ environment: 'local' });
    const payload = await client.request<DriftPayload>(DRIFT_REQUEST, {});
    assert.equal(payload.error, undefined);
    assert.deepEqual(
      payload.folders.map((f) => [f.replayed, f.differences.map((d) => d.message)]),
      [[1, ['column users.nickname is in the database only (text)']]],
    );
  });

  it('dry-runs on the embedded database with no environment, replaying the earlier migrations first', async () => {
    await start({});
    const payload = await client.request<DryRunPayload>(DRY_RUN_REQUEST, { uri: uriOf(file('000003_email.up.sql')), scope: 'this' });
    assert.equal(payload.environment, 'embedded');
    assert.deepEqual(payload.statements.map((s) => s.outcome.status), ['ok', 'error']);
    assert.equal(payload.statements[1].uri, uriOf(file('000003_email.up.sql')));
    assert.equal(await otherSessions(), 0, 'the configured database is not touched');
  });

  it('dry-runs a down where the migration is applied, and says there is nothing to roll back where it is not', async () => {
    await db.admin.query(`CREATE TABLE users (id int PRIMARY KEY, email text); INSERT INTO users VALUES (1, 'a'), (2, 'b'), (3, 'c');
      CREATE TABLE schema_migrations (version bigint PRIMARY KEY, dirty boolean NOT NULL); INSERT INTO schema_migrations VALUES (2, false);`);
    const before = await snapshot(db.admin);
    await start({ environment: 'local' });
    const payload = await client.request<DryRunPayload>(DRY_RUN_REQUEST, { uri: uriOf(file('000002_seed.up.sql')), scope: 'this', direction: 'down' });
    assert.equal(payload.error, undefined);
    assert.deepEqual(payload.statements.map((s) => [s.uri, s.outcome.status]), [[uriOf(file('000002_seed.down.sql')), 'ok']]);
    const deleted = payload.statements[0].outcome;
    assert.ok(deleted.status === 'ok' && deleted.rows === 3 && deleted.locks.some((l) => l.relation === 'users' && l.mode === 'ROW EXCLUSIVE'));
    assert.equal(await snapshot(db.admin), before, 'rolled back');
    const pending = await client.request<DryRunPayload>(DRY_RUN_REQUEST, { uri: uriOf(file('000003_email.up.sql')), scope: 'this', direction: 'down' });
    assert.match(pending.error ?? '', /^Nothing to roll back: 000003 is not applied on local\.$/);
  });

  it('dry-runs a down on the embedded database after replaying up to and including the migration', async () => {
    await start({});
    const payload = await client.request<DryRunPayload>(DRY_RUN_REQUEST, { uri: uriOf(file('000002_seed.up.sql')), scope: 'this', direction: 'down' });
    assert.equal(payload.environment, 'embedded');
    assert.equal(payload.error, undefined);
    // The seed's two rows were replayed, so its down deletes them.
    assert.deepEqual(payload.statements.map((s) => [s.uri, s.outcome.status, s.outcome.status === 'ok' && s.outcome.rows]), [[uriOf(file('000002_seed.down.sql')), 'ok', 2]]);
  });

  it('answers with a clear message when the server never answers, while checks go on', async () => {
    const sockets: net.Socket[] = [];
    // Accepts connections and never says a word, like a server behind a dead network path.
    const silent = net.createServer((s) => void sockets.push(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const { port } = silent.address() as net.AddressInfo;
    try {
      await start({ environment: 'local', configUrl: `postgres://someone@127.0.0.1:${port}/nowhere` });
      const started = Date.now();
      const pending = client.request<TestConnectionResult>(TEST_CONNECTION_REQUEST, {});
      const target = file('000001_users.up.sql');
      await client.open(target, 'ALTER TABLE users DROP COLUMN email;\n');
      const diagnostics = await client.waitFor(target, (d) => d.some((x) => x.code === 'ban-drop-column'));
      assert.ok(diagnostics.length > 0);
      assert.ok(Date.now() - started < 3_000, 'the check did not wait for the database');
      const result = await pending;
      assert.equal(result.ok, false);
      assert.match(result.message, /^Cannot connect to postgres:\/\/someone@127\.0\.0\.1:\d+\/nowhere: .*timeout/i);
    } finally {
      sockets.forEach((s) => s.destroy());
      silent.close();
    }
  });
});
