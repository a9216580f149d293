import * as assert from 'node:assert/strict';
import { dryRun, dryRunFindings, type DryRunResult, type Outcome } from '../../../server/src/core/db/dryRun';
import { analyze } from '../../support/analyze';
import { snapshot, testDb, waitForQuery, type TestDb } from './dbTest';

const PG = 15;

/** Units of golang-migrate migrations, one per SQL text. */
const unitsOf = (...texts: string[]) => analyze(texts.map((text) => ({ text }))).units;
const outcomes = (r: DryRunResult, migration = 0): Outcome[] => r.migrations[migration].statements.map((s) => s.outcome);

describe('dry run on a real PostgreSQL', () => {
  let db: TestDb;
  beforeEach(async () => {
    db = await testDb();
    await db.admin.query(`
      CREATE TABLE users (id int PRIMARY KEY);
      CREATE TABLE orders (id int PRIMARY KEY, user_id int, total int);
      INSERT INTO users VALUES (1), (2);
      INSERT INTO orders VALUES (1, 1, 10), (2, 2, 20), (3, 99, 30);`);
  });
  afterEach(() => db.end());

  it('maps a failing FK to its statement, goes on with the next migration, and changes nothing', async () => {
    const before = await snapshot(db.admin);
    const fk = 'ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id)';
    const units = unitsOf(
      'ALTER TABLE orders ADD COLUMN note text;\nALTER TABLE orders ALTER COLUMN total TYPE bigint;',
      `CREATE INDEX orders_total ON orders (total);\n${fk};\nALTER TABLE orders ADD COLUMN x int;`,
      "UPDATE orders SET total = total + 1;\nCREATE INDEX CONCURRENTLY orders_user ON orders (user_id);\nCOMMIT;",
    );
    const result = await dryRun(await db.open(), units, { pgVersion: PG });

    const [addColumn, alterType] = outcomes(result, 0);
    assert.equal(addColumn.status, 'ok');
    assert.deepEqual(addColumn.status === 'ok' && addColumn.acquired, [{ relation: 'orders', mode: 'ACCESS EXCLUSIVE' }]);
    assert.deepEqual(addColumn.status === 'ok' && addColumn.rewritten, []);
    assert.deepEqual(alterType.status === 'ok' && alterType.rewritten, ['orders'], 'int → bigint rewrites the table');

    const [index, failed, after] = outcomes(result, 1);
    assert.equal(index.status, 'ok');
    assert.equal(failed.status, 'error');
    assert.equal(failed.status === 'error' && failed.code, '23503');
    const text = units[1].up.script.text;
    assert.deepEqual(failed.status === 'error' && failed.span, { start: text.indexOf(fk), end: text.indexOf(fk) + fk.length });
    assert.equal(after.status, 'not-run');
    const [finding] = dryRunFindings(result);
    assert.equal(finding.path, units[1].up.script.path);
    assert.match(finding.message, /violates foreign key constraint/);

    const [update, concurrently, commit] = outcomes(result, 2);
    assert.equal(update.status === 'ok' && update.rows, 3, 'the savepoint lets the next migration run');
    assert.equal(concurrently.status, 'skipped');
    assert.deepEqual(concurrently.status === 'skipped' && concurrently.staticLocks.map((l) => l.mode), ['SHARE UPDATE EXCLUSIVE']);
    assert.equal(commit.status, 'skipped', 'a COMMIT in the script must never end the dry run’s transaction');

    assert.equal(await snapshot(db.admin), before);
  });

  it('places an error with a position on the word the server names', async () => {
    const units = unitsOf('SELECT id FROM nowhere;');
    const [outcome] = outcomes(await dryRun(await db.open(), units, { pgVersion: PG }));
    const text = units[0].up.script.text;
    assert.deepEqual(outcome.status === 'error' && outcome.span, { start: text.indexOf('nowhere'), end: text.indexOf('nowhere') + 'nowhere'.length });
  });

  it('leaves a succeeding migration’s changes uncommitted', async () => {
    const before = await snapshot(db.admin);
    const result = await dryRun(await db.open(), unitsOf('CREATE TABLE coupons (id int);\nINSERT INTO users VALUES (3);\nDELETE FROM orders;'), { pgVersion: PG });
    assert.deepEqual(outcomes(result).map((o) => o.status), ['ok', 'ok', 'ok']);
    assert.equal(await snapshot(db.admin), before);
  });

  it('commits nothing when its connection is killed mid-statement', async () => {
    const before = await snapshot(db.admin);
    const connection = await db.open();
    const running = dryRun(connection, unitsOf('CREATE TABLE made_by_dry_run (id int);\nINSERT INTO users VALUES (7);\nSELECT pg_sleep(30);'), { pgVersion: PG });
    await waitForQuery(db.admin, 'SELECT pg_sleep(30)');
    await db.admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(30)'`);
    const result = await running;
    assert.equal(result.stopped?.reason, 'connection-lost');
    assert.equal(await snapshot(db.admin), before);
  });

  it('stops at once when cancelled, and rolls back', async () => {
    const before = await snapshot(db.admin);
    const controller = new AbortController();
    const started = Date.now();
    const running = dryRun(await db.open(), unitsOf('INSERT INTO users VALUES (8);\nSELECT pg_sleep(30);', 'INSERT INTO users VALUES (9);'), {
      pgVersion: PG,
      signal: controller.signal,
    });
    await waitForQuery(db.admin, 'SELECT pg_sleep(30)');
    controller.abort();
    const result = await running;
    assert.equal(result.stopped?.reason, 'cancelled');
    assert.ok(Date.now() - started < 10_000);
    assert.deepEqual(outcomes(result, 1).map((o) => o.status), ['not-run']);
    assert.equal(await snapshot(db.admin), before);
  });

  it('blocks another session only while it runs', async () => {
    const other = await db.open();
    await other.client.query(`SET lock_timeout = '200ms'`);
    const running = dryRun(await db.open(), unitsOf('ALTER TABLE orders ADD COLUMN y int;\nSELECT pg_sleep(1.5);'), { pgVersion: PG });
    await waitForQuery(db.admin, 'SELECT pg_sleep(1.5)');
    await assert.rejects(other.client.query('SELECT count(*) FROM orders'), (e: { code?: string }) => e.code === '55P03');
    await running;
    assert.equal((await other.client.query('SELECT count(*) FROM orders')).rows[0].count, '3');
  });

  it('gives up on a lock after its lock_timeout', async () => {
    const holder = await db.open();
    await holder.client.query('BEGIN; LOCK orders IN ACCESS SHARE MODE');
    const started = Date.now();
    const result = await dryRun(await db.open(), unitsOf('ALTER TABLE orders ADD COLUMN z int;'), { pgVersion: PG, lockTimeoutMs: 300 });
    const [outcome] = outcomes(result);
    assert.equal(outcome.status === 'error' && outcome.code, '55P03');
    assert.ok(Date.now() - started < 5_000);
    await holder.client.query('ROLLBACK');
  });

  it('does not let a migration lift its timeouts', async () => {
    const [set, reset] = outcomes(await dryRun(await db.open(), unitsOf('SET lock_timeout = 0;\nRESET ALL;'), { pgVersion: PG }));
    assert.equal(set.status, 'skipped');
    assert.equal(reset.status, 'skipped');
  });
});
