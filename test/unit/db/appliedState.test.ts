import * as assert from 'node:assert/strict';
import { appliedIds, changedSinceApplied, readAppliedState } from '../../../server/src/core/db/appliedState';
import { flywayChecksum, prismaChecksum, prismaChecksumMatches } from '../../../server/src/core/db/checksums';
import { analyze } from '../../support/analyze';
import { testDb, type TestDb } from './dbTest';

describe('checksums as the frameworks store them', () => {
  // Flyway's ChecksumCalculator feeds CRC-32 each line without its terminator. So a file whose
  // lines are "123" and "456789" has the CRC-32 of "123456789": the CRC catalogue's check value
  // 0xCBF43926, which Flyway stores as the signed int -873187034.
  it('Flyway: CRC-32 over the lines, line endings and BOM ignored, signed', () => {
    assert.equal(flywayChecksum('123\n456789\n'), -873187034);
    assert.equal(flywayChecksum('\uFEFF123\r\n456789\r\n'), -873187034);
    assert.equal(flywayChecksum('123\r456789'), -873187034);
    assert.notEqual(flywayChecksum('123\n456788\n'), -873187034);
  });

  it('Prisma: SHA-256 hex of the file, matching across LF and CRLF', () => {
    assert.equal(prismaChecksum('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    assert.ok(prismaChecksumMatches('SELECT 1;\r\nSELECT 2;\r\n', prismaChecksum('SELECT 1;\nSELECT 2;\n')));
    assert.ok(!prismaChecksumMatches('SELECT 1;\n', prismaChecksum('SELECT 2;\n')));
  });
});

describe('applied state read from each framework’s table', () => {
  let db: TestDb;
  beforeEach(async () => (db = await testDb()));
  afterEach(() => db.end());

  it('is empty, not an error, when no framework table exists', async () => {
    assert.deepEqual(await readAppliedState(db.admin), []);
  });

  it('reads Alembic, Django, Flyway, golang-migrate and Prisma', async () => {
    await db.admin.query(`
      CREATE TABLE alembic_version (version_num varchar(32) PRIMARY KEY);
      INSERT INTO alembic_version VALUES ('ae1027a6acf');
      CREATE TABLE django_migrations (id serial, app varchar(255), name varchar(255), applied timestamptz);
      INSERT INTO django_migrations (app, name, applied) VALUES ('shop', '0001_initial', now());
      CREATE TABLE flyway_schema_history (installed_rank int, version varchar(50), description varchar(200), type varchar(20),
        script varchar(1000), checksum int, installed_by varchar(100), installed_on timestamp, execution_time int, success bool);
      INSERT INTO flyway_schema_history VALUES (1, '1', 'create', 'SQL', 'V1__create.sql', 12, 'me', now(), 1, true),
                                               (2, '1.1', 'broken', 'SQL', 'V1_1__broken.sql', 13, 'me', now(), 1, false);
      CREATE TABLE schema_migrations (version bigint PRIMARY KEY, dirty boolean NOT NULL);
      INSERT INTO schema_migrations VALUES (3, true);
      CREATE TABLE _prisma_migrations (id varchar(36), checksum varchar(64), finished_at timestamptz, migration_name varchar(255),
        logs text, rolled_back_at timestamptz, started_at timestamptz DEFAULT now(), applied_steps_count int DEFAULT 0);
      INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name) VALUES ('a', 'x', NULL, '20240101_init');`);
    const records = await readAppliedState(db.admin);
    const brief = records.map((r) => `${r.tool} ${r.version} ${r.ok ? 'ok' : r.problem}`);
    assert.deepEqual(brief, [
      'alembic ae1027a6acf ok',
      'django shop.0001_initial ok',
      'flyway 1 ok',
      'flyway 1.1 the migration failed',
      'golang-migrate 3 dirty: the migration failed part-way and needs fixing by hand',
      'prisma 20240101_init started but never finished',
    ]);
    const units = analyze([{ text: 'SELECT 1;' }, { text: 'SELECT 2;' }, { text: 'SELECT 3;' }, { text: 'SELECT 4;' }]).units;
    assert.deepEqual([...appliedIds(units.map((u) => u.migration), records)], ['1', '2', '3'], 'golang-migrate records only the last version');
  });

  it('reads dbmate’s schema_migrations (no dirty column)', async () => {
    await db.admin.query(`CREATE TABLE schema_migrations (version varchar(128) PRIMARY KEY); INSERT INTO schema_migrations VALUES ('20240101000000');`);
    assert.deepEqual(await readAppliedState(db.admin), [{ tool: 'dbmate', version: '20240101000000', ok: true }]);
  });

  it('tells Flyway and Prisma migrations whose file changed since they were applied', async () => {
    const v1 = 'CREATE TABLE a (id int);\n';
    const v2 = 'CREATE TABLE b (id int);\n';
    const flyway = analyze([
      { format: 'flyway', id: '1', text: v1 },
      { format: 'flyway', id: '2', text: v2 },
    ]).units.map((u) => u.migration);
    const prisma = analyze([
      { format: 'prisma', id: '20240101_a', text: v1 },
      { format: 'prisma', id: '20240102_b', text: v2 },
    ]).units.map((u) => u.migration);
    await db.admin.query(`
      CREATE TABLE flyway_schema_history (installed_rank int, version varchar(50), description varchar(200), type varchar(20), checksum int, success bool);
      INSERT INTO flyway_schema_history VALUES (1, '1', 'a', 'SQL', ${flywayChecksum(v1)}, true), (2, '2', 'b', 'SQL', ${flywayChecksum('CREATE TABLE b (id bigint);')}, true);
      CREATE TABLE _prisma_migrations (id varchar(36), checksum varchar(64), finished_at timestamptz, migration_name varchar(255),
        rolled_back_at timestamptz, started_at timestamptz DEFAULT now());
      INSERT INTO _prisma_migrations VALUES ('1', '${prismaChecksum(v1.replace(/\n/g, '\r\n'))}', now(), '20240101_a_change', NULL),
                                            ('2', '${prismaChecksum('CREATE TABLE b (id bigint);\n')}', now(), '20240102_b_change', NULL);`);
    const records = await readAppliedState(db.admin);
    const changed = changedSinceApplied(records, [...flyway, ...prisma]).map((c) => `${c.record.tool} ${c.record.version}`);
    assert.deepEqual(changed, ['flyway 2', 'prisma 20240102_b_change']);
  });
});
