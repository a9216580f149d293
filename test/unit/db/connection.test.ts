import * as assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { run } from '../../../server/src/cli/run';
import { connect, DatabaseError, redactUrl } from '../../../server/src/core/db/connection';
import { removeWorkspace, tempWorkspace } from '../../support/tempWorkspace';
import { testDb, type TestDb } from './dbTest';

const PASSWORD = 'Hunter2-Very-Secret';

function sink(): Writable & { text: string } {
  const s = new Writable({ write: (chunk, _enc, done) => ((s.text += String(chunk)), done()) }) as Writable & { text: string };
  s.text = '';
  return s;
}

describe('passwords never appear in messages', () => {
  let db: TestDb;
  beforeEach(async () => (db = await testDb(PASSWORD)));
  afterEach(() => db.end());

  it('redacts URLs', () => {
    assert.equal(redactUrl(`postgres://u:${PASSWORD}@h:5432/d`), 'postgres://u:***@h:5432/d');
    assert.equal(redactUrl(`postgres://u@h/d?password=${PASSWORD}`), 'postgres://u@h/d?password=***');
  });

  it('when the server is not there, or refuses the password, with a clear error', async () => {
    const dead = db.url.replace(/:(\d+)\//, ':1/');
    await assert.rejects(connect({ url: dead, connectTimeoutMs: 2000 }), (e: Error) => {
      assert.ok(e instanceof DatabaseError);
      assert.match(e.message, /^Cannot connect to postgres:\/\/dry_runner_\w+:\*\*\*@127\.0\.0\.1:1\//);
      assert.ok(!e.message.includes(PASSWORD));
      return true;
    });
    const wrong = db.url.replace(encodeURIComponent(PASSWORD), 'not-it');
    await assert.rejects(connect({ url: wrong }), (e: Error) => /password authentication failed/.test(e.message) && !e.message.includes('not-it'));
  });

  it('for a named environment whose password is held in memory', async () => {
    const u = new URL(db.url);
    const environment = { host: u.hostname, port: Number(u.port), database: u.pathname.slice(1), user: u.username };
    const c = await connect({ environment: { ...environment, password: PASSWORD }, env: {} });
    assert.equal(c.display, `postgres://${u.username}@127.0.0.1:${u.port}/${environment.database}`);
    assert.equal(c.redact(`failed for ${PASSWORD}`), 'failed for ***');
    await c.client.end();
    await assert.rejects(connect({ environment: { ...environment, password: `${PASSWORD}-wrong` }, env: {} }), (e: Error) => {
      assert.match(e.message, /^Cannot connect to postgres:\/\/dry_runner_\w+@127\.0\.0\.1:\d+\/case_\d+: password authentication failed/);
      assert.ok(!e.message.includes(PASSWORD), e.message);
      return true;
    });
  });

  it('in the dry-run command’s output, on success and on failure', async () => {
    const dir = tempWorkspace({
      'db/migrations/000001_users.up.sql': 'CREATE TABLE users (id int PRIMARY KEY);\n',
      'db/migrations/000002_orders.up.sql': 'CREATE TABLE orders (id int);\nALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (id) REFERENCES missing (id);\n',
    });
    try {
      const logged: string[] = [];
      const original = console.error;
      console.error = (...args: unknown[]) => void logged.push(args.join(' '));
      const io = { cwd: dir, out: sink(), err: sink(), color: false };
      const code = await run(['dry-run', 'db/migrations', '--database-url', db.url], io).finally(() => (console.error = original));
      assert.equal(code, 1);
      assert.match(io.out.text, /db\/migrations\/000002_orders\.up\.sql:2:1 {2}error .*relation "missing" does not exist/);
      assert.match(io.out.text, /dry run on postgres:\/\/dry_runner_\w+:\*\*\*@/);
      for (const text of [io.out.text, io.err.text, ...logged]) assert.ok(!text.includes(PASSWORD), text);

      const unreachable = { cwd: dir, out: sink(), err: sink(), color: false };
      assert.equal(await run(['dry-run', 'db/migrations', '--database-url', db.url.replace(/:(\d+)\//, ':1/')], unreachable), 2);
      assert.match(unreachable.err.text, /Cannot connect/);
      assert.ok(!unreachable.err.text.includes(PASSWORD) && !unreachable.out.text.includes(PASSWORD));
    } finally {
      removeWorkspace(dir);
    }
  });
});
