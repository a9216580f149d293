import * as assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { run } from '../../../server/src/cli/run';
import { diffSchemas } from '../../../server/src/core/db/drift';
import type { SchemaSnapshot } from '../../../server/src/core/db/schemaSnapshot';
import { removeWorkspace, tempWorkspace } from '../../support/tempWorkspace';
import { testDb, type TestDb } from './dbTest';

const PASSWORD = 'Drift-Secret-77';

function sink(): Writable & { text: string } {
  const s = new Writable({ write: (chunk, _enc, done) => ((s.text += String(chunk)), done()) }) as Writable & { text: string };
  s.text = '';
  return s;
}

const snapshot = (tables: string[], columns: Record<string, string>): SchemaSnapshot => ({
  table: new Map(tables.map((t) => [t, ''])),
  column: new Map(Object.entries(columns)),
  index: new Map(),
  constraint: new Map(),
});

describe('schema differences', () => {
  it('name a missing or extra table once, not each of its columns', () => {
    const expected = snapshot(['users', 'orders'], { 'users.id': 'integer', 'orders.id': 'integer' });
    const actual = snapshot(['users', 'audit'], { 'users.id': 'bigint', 'audit.at': 'timestamp' });
    assert.deepEqual(
      diffSchemas(expected, actual).map((d) => `${d.change} ${d.kind} ${d.name}`),
      ['missing table orders', 'extra table audit', 'changed column users.id'],
    );
  });
});

describe('migration-guard drift on a real PostgreSQL', function () {
  this.timeout(60_000);
  let db: TestDb;
  let dir: string;
  beforeEach(async () => {
    db = await testDb(PASSWORD);
    dir = tempWorkspace({
      'db/migrations/000001_users.up.sql': 'CREATE TABLE users (id bigint PRIMARY KEY, email text);\n',
      'db/migrations/000002_index.up.sql': 'CREATE INDEX users_email ON users (email);\n',
      'db/migrations/000003_pending.up.sql': 'CREATE TABLE later (id int);\n',
    });
    // As golang-migrate would have left it: the first two applied.
    await db.admin.query(`CREATE TABLE users (id bigint PRIMARY KEY, email text); CREATE INDEX users_email ON users (email);
      CREATE TABLE schema_migrations (version bigint PRIMARY KEY, dirty boolean NOT NULL); INSERT INTO schema_migrations VALUES (2, false);`);
  });
  afterEach(async () => {
    removeWorkspace(dir);
    await db.end();
  });

  const drift = async () => {
    const io = { cwd: dir, out: sink(), err: sink(), color: false };
    const code = await run(['drift', 'db/migrations', '--database-url', db.url], io);
    for (const text of [io.out.text, io.err.text]) assert.ok(!text.includes(PASSWORD), text);
    return { code, out: io.out.text, err: io.err.text };
  };

  it('finds none when the database is what its applied migrations make (pending ones do not count)', async () => {
    const { code, out, err } = await drift();
    assert.equal(err, '');
    assert.match(out, /^db\/migrations: postgres:\/\/dry_runner_\w+:\*\*\*@127\.0\.0\.1:\d+\/case_\d+ against 2 applied migration\(s\): no drift\n$/);
    assert.equal(code, 0);
  });

  it('finds a manual ALTER TABLE, a dropped index and a table made by hand', async () => {
    await db.admin.query(`ALTER TABLE users ALTER COLUMN email SET NOT NULL, ADD COLUMN nickname varchar(20) DEFAULT 'x';
      DROP INDEX users_email; CREATE TABLE hotfix (id int);`);
    const { code, out } = await drift();
    assert.equal(code, 1);
    const lines = out.split('\n').slice(1).filter(Boolean).map((l) => l.trim());
    assert.deepEqual(lines.sort(), [
      "column users.nickname is in the database only (character varying(20) DEFAULT 'x'::character varying)",
      'column users.email: text in the migrations, text NOT NULL in the database',
      'index users.users_email is missing from the database (migrations: CREATE INDEX users_email ON public.users USING btree (email))',
      'table hotfix is in the database only',
    ].sort());
  });
});
