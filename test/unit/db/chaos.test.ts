import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import type { Client } from 'pg';
import { connect as openConnection } from '../../../server/src/core/db/connection';
import { dryRun } from '../../../server/src/core/db/dryRun';
import { analyze } from '../../support/analyze';
import { repoRoot } from '../../support/paths';
import { connect, startServer } from '../../support/postgres';
import { removeWorkspace, tempWorkspace } from '../../support/tempWorkspace';
import { snapshot, testDb, waitForQuery } from './dbTest';

// A dry run that dies half way must leave the database as it found it, whoever dies: the
// process running it (here), the database (here), or the connection between them
// (dryRun.test.ts, 'commits nothing when its connection is killed mid-statement').

const SLEEP = 'SELECT pg_sleep(5)';
/** Schema and data changes, then a statement long enough to be interrupted in. */
const MIGRATION = `CREATE TABLE made_by_dry_run (id int);\nALTER TABLE users ADD COLUMN note text;\nINSERT INTO users VALUES (7);\n${SLEEP};\n`;
const SEED = 'CREATE TABLE users (id int PRIMARY KEY); INSERT INTO users VALUES (1), (2);';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Until no other session is connected to this database (a dead client's backend ends once it notices). */
async function othersGone(admin: Client, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { rows } = await admin.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
    if (rows[0].n === 0) return;
    await sleep(100);
  }
  throw new Error('the dry run’s session is still there');
}

describe('dry runs under chaos', function () {
  this.timeout(120_000);

  it('commits nothing when the CLI running it is killed mid-statement', async () => {
    const db = await testDb();
    const root = tempWorkspace({ 'db/migrations/0001_chaos.up.sql': MIGRATION, 'db/migrations/0001_chaos.down.sql': 'SELECT 1;\n' });
    try {
      await db.admin.query(SEED);
      const before = await snapshot(db.admin);
      const cli = spawn(process.execPath, [path.join(repoRoot, 'bin', 'migration-guard.js'), 'dry-run', path.join(root, 'db', 'migrations'), '--database-url', db.url], {
        stdio: 'ignore',
      });
      const exited = new Promise((r) => cli.once('exit', r));
      await waitForQuery(db.admin, SLEEP);
      cli.kill('SIGKILL');
      await exited;
      // The backend learns its client is gone only when the sleep ends and it answers; then it rolls back.
      await othersGone(db.admin);
      assert.equal(await snapshot(db.admin), before);
    } finally {
      removeWorkspace(root);
      await db.end();
    }
  });

  it('commits nothing when the database stops mid-run, and starts again clean', async () => {
    const server = await startServer();
    const admin = () => {
      const c = connect(server.port);
      // A halted server drops this session too; that is the point, not a failure.
      c.on('error', () => undefined);
      return c;
    };
    try {
      const setup = admin();
      await setup.connect();
      await setup.query(SEED);
      const before = await snapshot(setup);

      const running = dryRun(await openConnection({ url: server.url() }), analyze([{ text: MIGRATION }]).units, { pgVersion: 15 });
      await waitForQuery(setup, SLEEP);
      await setup.end();
      await server.halt();
      const result = await running;
      assert.equal(result.stopped?.reason, 'connection-lost');

      await server.resume();
      const check = admin();
      await check.connect();
      try {
        assert.equal(await snapshot(check), before);
      } finally {
        await check.end();
      }
    } finally {
      await server.stop();
    }
  });
});
