import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { readAppliedState, type AppliedRecord } from '../../../server/src/core/db/appliedState';
import { folderStatus } from '../../../server/src/core/db/appliedStatus';
import { flywayChecksum } from '../../../server/src/core/db/checksums';
import type { FormatId } from '../../../server/src/core/model';
import { analyze } from '../../support/analyze';
import { revisionFolder } from '../../support/revisions';
import { testDb, type TestDb } from './dbTest';

const migrations = (format: FormatId, ids: string[], text = (id: string) => `CREATE TABLE t${id} (id int);\n`) =>
  analyze(ids.map((id) => ({ format, id, text: format === 'goose' ? `-- +goose Up\n${text(id)}` : text(id) }))).units.map((u) => u.migration);

const record = (tool: AppliedRecord['tool'], version: string, extra: Partial<AppliedRecord> = {}): AppliedRecord => ({ tool, version, ok: true, ...extra });

describe('applied state against the files', () => {
  it('marks applied, current and pending, and a pending migration older than the newest applied as out of order', () => {
    const status = folderStatus(migrations('dbmate', ['20240101', '20240102', '20240103']), [record('dbmate', '20240101'), record('dbmate', '20240103')], 'staging');
    assert.deepEqual(Object.fromEntries(status.states), { '20240101': 'applied', '20240102': 'pending', '20240103': 'current' });
    assert.deepEqual(
      status.findings.map((f) => f.message),
      ['staging: pending, but older than 20240103, which is applied: most runners skip it or refuse to run (out of order)'],
    );
    assert.ok(status.findings[0].path.endsWith('20240102_change.sql'));
  });

  it('reports a Flyway file changed since it ran, and a failed Flyway entry, on their files', () => {
    const files = migrations('flyway', ['1', '2', '3']);
    const records = [
      record('flyway', '1', { checksum: String(flywayChecksum(files[0].up.text)) }),
      record('flyway', '2', { checksum: String(flywayChecksum('CREATE TABLE old (id int);')) }),
      record('flyway', '3', { checksum: String(flywayChecksum(files[2].up.text)), ok: false, problem: 'the migration failed' }),
    ];
    const status = folderStatus(files, records, 'prod');
    assert.deepEqual(Object.fromEntries(status.states), { '1': 'applied', '2': 'changed-after-applied', '3': 'failed' });
    assert.deepEqual(
      status.findings.map((f) => [f.path.replace(/.*\//, ''), f.message.split(' (')[0]]),
      [
        ['V2__change.sql', 'prod: this migration changed after it was applied'],
        ['V3__change.sql', 'prod: the migration failed'],
      ],
    );
  });

  it('reports versions the database has that no file holds, on the newest file', () => {
    const status = folderStatus(migrations('golang-migrate', ['1', '2']), [record('golang-migrate', '7')], 'local');
    assert.deepEqual(status.unknown, ['7']);
    assert.match(status.findings[0].message, /^local: the database records version 7, which no file of this folder holds/);
    assert.ok(status.findings[0].path.endsWith('2_change.up.sql'));
  });

  it('counts every ancestor of the revision alembic_version holds as applied, and never calls a branch out of order', () => {
    const { migrations: revisions } = revisionFolder([{ id: 'a' }, { id: 'b', parents: ['a'] }, { id: 'c', parents: ['a'] }, { id: 'd', parents: ['b'] }]);
    const status = folderStatus(revisions, [record('alembic', 'd')], 'local');
    assert.deepEqual(Object.fromEntries(status.states), { a: 'applied', b: 'applied', c: 'pending', d: 'current' });
    assert.deepEqual(status.findings, []);
  });

  it('ignores the records of another framework', () => {
    const status = folderStatus(migrations('goose', ['1', '2']), [record('dbmate', '5'), record('goose', '1')], 'local');
    assert.deepEqual(Object.fromEntries(status.states), { '1': 'current', '2': 'pending' });
    assert.deepEqual(status.findings, []);
  });
});

describe('goose and Supabase applied state on a real PostgreSQL', () => {
  let db: TestDb;
  beforeEach(async () => (db = await testDb()));
  afterEach(() => db.end());

  it('reads goose_db_version: a version’s latest row decides, rolled-back versions are not applied', async () => {
    await db.admin.query(`
      CREATE TABLE goose_db_version (id serial PRIMARY KEY, version_id bigint NOT NULL, is_applied boolean NOT NULL, tstamp timestamp DEFAULT now());
      INSERT INTO goose_db_version (version_id, is_applied) VALUES (0, true), (1, true), (2, true), (3, true), (3, false);`);
    const records = await readAppliedState(db.admin);
    assert.deepEqual(records.map((r) => `${r.tool} ${r.version}`), ['goose 1', 'goose 2']);
    const status = folderStatus(migrations('goose', ['00001', '00002', '00003']), records, 'local');
    assert.deepEqual(Object.fromEntries(status.states), { '00001': 'applied', '00002': 'current', '00003': 'pending' });
  });

  it('reads supabase_migrations.schema_migrations', async () => {
    await db.admin.query(`
      CREATE SCHEMA supabase_migrations;
      CREATE TABLE supabase_migrations.schema_migrations (version text PRIMARY KEY, statements text[], name text);
      INSERT INTO supabase_migrations.schema_migrations VALUES ('20240101000000', '{}', 'init');`);
    assert.deepEqual(await readAppliedState(db.admin), [{ tool: 'supabase', version: '20240101000000', ok: true }]);
  });
});
