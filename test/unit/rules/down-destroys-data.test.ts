import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { analyze, downPath, findingsOf, type MigrationSpec } from '../../support/analyze';
import { analyzeRevisions, revision, revisionPath } from '../alembic/support';

const RULE = 'down-destroys-data';
const messages = (spec: MigrationSpec | MigrationSpec[]) => findingsOf(analyze(spec), RULE).map((f) => f.message);

describe(RULE, () => {
  it('reports a down that drops a table the up did not create, on the DROP', () => {
    const spec = { text: 'ALTER TABLE users ADD COLUMN note text;', down: 'ALTER TABLE users DROP COLUMN note;\nDROP TABLE users;' };
    const [f, ...rest] = findingsOf(analyze(spec), RULE);
    assert.equal(rest.length, 0);
    assert.equal(f.path, downPath(spec));
    assert.equal(f.severity, 'warning');
    assert.deepEqual(f.span, { start: spec.down.indexOf('DROP TABLE'), end: spec.down.length - 1 });
    assert.equal(
      f.message,
      'Rolling back drops table users and every value in it: the up did not create it, so it holds data production wrote before and since: restore what the up changed without dropping it, or make the migration forward-only.',
    );
  });

  it('says to rename back a column the up renamed', () => {
    const [m] = messages({ text: 'ALTER TABLE t RENAME COLUMN a TO b;', down: 'ALTER TABLE t DROP COLUMN b;' });
    assert.equal(m, 'Rolling back drops column t.b and every value in it: it holds the data of column t.a, which the up renamed: rename it back instead.');
    assert.equal(messages({ text: 'ALTER TABLE t RENAME TO u;', down: 'DROP TABLE u;' }).length, 1);
  });

  it('accepts dropping what the up created: a table, a column, a column of a new table', () => {
    const up = 'CREATE TABLE app.audit (id int, at timestamptz);\nALTER TABLE orders ADD COLUMN note text;\nCREATE TABLE copy AS SELECT 1 AS x;';
    const down = 'ALTER TABLE audit DROP COLUMN at;\nDROP TABLE IF EXISTS app.audit, copy;\nALTER TABLE orders DROP COLUMN IF EXISTS note;';
    assert.deepEqual(messages({ text: up, down }), []);
  });

  it('accepts a table created earlier in the down itself, and drops of what holds no data', () => {
    const down = 'CREATE TABLE scratch (id int);\nDROP TABLE scratch;\nDROP INDEX orders_idx;\nDROP VIEW v;\nALTER TABLE orders DROP CONSTRAINT c;';
    assert.deepEqual(messages({ text: 'SELECT 1;', down }), []);
  });

  it('accepts dropping what the up dropped and created anew, and a table rebuilt in the down from a copy', () => {
    assert.deepEqual(messages({ text: 'DROP TABLE IF EXISTS templates;\nCREATE TABLE templates (id int);', down: 'DROP TABLE templates;' }), []);
    const rebuild = 'CREATE TABLE items_new (id int);\nINSERT INTO items_new SELECT id FROM images;\nDROP TABLE items;\nALTER TABLE items_new RENAME TO items;';
    assert.deepEqual(messages({ text: 'SELECT 1;', down: rebuild }), []);
    assert.deepEqual(messages({ text: 'SELECT 1;', down: 'ALTER TABLE q ADD COLUMN old text;\nALTER TABLE q DROP COLUMN old;' }), []);
  });

  it('does not guess when the up holds SQL it cannot read', () => {
    assert.deepEqual(messages({ text: "DO $$ BEGIN EXECUTE 'CREATE TABLE t (id int)'; END $$;", down: 'DROP TABLE t;' }), []);
    assert.equal(messages({ text: 'CREATE TABLE note (id int);', down: 'ALTER TABLE orders DROP COLUMN note;' }).length, 1);
  });

  it('leaves ups alone (ban-drop-table and ban-drop-column cover those)', () => {
    assert.deepEqual(messages({ text: 'DROP TABLE users;', down: 'SELECT 1;' }), []);
  });

  it('works on dbmate sections and on Alembic downgrade()', () => {
    assert.equal(messages({ format: 'dbmate', text: '-- migrate:up\nSELECT 1;\n-- migrate:down\nDROP TABLE users;\n' }).length, 1);
    const file = revisionPath('ab12_change.py');
    const text = revision('ab12', null, ['op.alter_column("orders", "ref", new_column_name="reference")']).replace(
      /def downgrade\(\):\n {4}pass/,
      'def downgrade():\n    op.drop_column("orders", "reference")',
    );
    const [f] = analyzeRevisions({ [file]: text }).findings.filter((x) => x.ruleId === RULE);
    assert.deepEqual(f.span, { start: text.indexOf('op.drop_column'), end: text.indexOf('op.drop_column') + 'op.drop_column("orders", "reference")'.length });
    assert.match(f.message, /holds the data of column orders\.ref, which the up renamed/);
  });

  it('is silenced by an ignore comment', () => {
    const down = `-- migration-guard-ignore ${RULE}: scratch table\nDROP TABLE progress;`;
    assert.deepEqual(messages({ text: 'SELECT 1;', down }), []);
  });
});
