import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { analyze, downPath, findingsOf, type MigrationSpec } from '../../support/analyze';
import { analyzeRevisions, revision, revisionPath } from '../alembic/support';

const RULE = 'down-does-not-undo-up';
const messages = (spec: MigrationSpec | MigrationSpec[]) => findingsOf(analyze(spec), RULE).map((f) => f.message);

describe(RULE, () => {
  it('reports what the up created and the down leaves, on the first statement of the down', () => {
    const spec = {
      text: 'ALTER TABLE orders ADD COLUMN status text;\nCREATE INDEX orders_status_idx ON orders (status);',
      down: '\nDROP INDEX orders_status_idx;\n',
    };
    const [f, ...rest] = findingsOf(analyze(spec), RULE);
    assert.equal(rest.length, 0);
    assert.equal(f.path, downPath(spec));
    assert.equal(f.severity, 'warning');
    assert.deepEqual(f.span, { start: 1, end: 29 });
    assert.equal(
      f.message,
      'This down does not undo its up: rolling it back leaves in place what the up created (column orders.status). Add the statements that undo them, so that running the up again after a rollback works.',
    );
  });

  it('names each kind of object left behind, a relation once rather than with its parts', () => {
    const up = [
      'CREATE TABLE users (id int);',
      'CREATE INDEX users_id_idx ON users (id);',
      "CREATE TYPE mood AS ENUM ('ok');",
      'CREATE VIEW v AS SELECT 1;',
      'ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total > 0);',
    ].join('\n');
    const [m] = messages({ text: up, down: 'SELECT 1;' });
    assert.match(m, /rolling it back leaves in place what the up created \(table users, type mood, view v, constraint orders\.orders_total_check\)\. /);
    const [more] = messages({ text: [1, 2, 3, 4, 5, 6].map((i) => `CREATE TABLE t${i} (id int);`).join('\n'), down: 'DROP TABLE t1;' });
    assert.match(more, /\(table t2, table t3, table t4, table t5 and 1 more\)/);
  });

  it('says that a column the up dropped is lost whatever the down does', () => {
    const [m] = messages({ text: 'ALTER TABLE orders DROP COLUMN legacy;', down: 'SELECT 1;' });
    assert.match(m, /rolling it back does not restore what the up dropped \(column orders\.legacy: the data of orders\.legacy is lost by the up already, whatever the down does\)\./);
  });

  it('reports a default the up changed on an existing column and the down leaves different', () => {
    const table: MigrationSpec = { text: "CREATE TABLE orders (id int, status text DEFAULT 'new', total int);" };
    const up = "ALTER TABLE orders ALTER COLUMN status SET DEFAULT 'open', ALTER COLUMN total SET DEFAULT 0;";
    const [message] = messages([table, { text: up, down: 'ALTER TABLE orders ALTER COLUMN total DROP DEFAULT;' }]);
    assert.match(message, /rolling it back does not restore the default of orders\.status \(was 'new'\)\./);
    assert.match(messages([table, { text: up, down: 'SELECT 1;' }])[0], /the default of orders\.status \(was 'new'\), orders\.total \(was none\)/);
    const undone = "ALTER TABLE orders ALTER COLUMN total DROP DEFAULT, ALTER COLUMN status SET DEFAULT  'new';";
    assert.deepEqual(messages([table, { text: up, down: undone }]), []);
  });

  it('reports a rename that is not renamed back', () => {
    const [m] = messages({ text: 'ALTER TABLE orders RENAME COLUMN total TO amount;', down: 'SELECT 1;' });
    assert.match(m, /rolling it back does not rename back column orders\.total \(now amount\)\./);
  });

  it('accepts a down that undoes everything, in any order and with or without schemas', () => {
    const up = 'CREATE TABLE app.users (id int);\nCREATE INDEX users_id_idx ON app.users (id);\nALTER TABLE orders ADD COLUMN note text, ADD CHECK (total > 0);\nALTER TABLE orders RENAME COLUMN a TO b;\nALTER TABLE orders DROP COLUMN legacy;';
    const down = 'ALTER TABLE orders ADD COLUMN legacy text;\nALTER TABLE orders RENAME COLUMN b TO a;\nALTER TABLE orders DROP CONSTRAINT orders_total_check, DROP COLUMN note;\nDROP TABLE users;';
    assert.deepEqual(messages({ text: up, down }), []);
  });

  it('accepts what the up creates and drops again, and a dropped table taking its indexes with it', () => {
    assert.deepEqual(messages({ text: 'CREATE TABLE tmp (id int);\nDROP TABLE tmp;\nCREATE TABLE t (id int);\nCREATE INDEX t_idx ON t (id);', down: 'DROP TABLE t;' }), []);
  });

  it('counts the indexes and constraints on a column the down drops as dropped with it', () => {
    // netbox/ipam/migrations/0087_add_asn_role.py: Django's AddField of a ForeignKey, as rendered;
    // its reverse drops the constraint and the column, and PostgreSQL drops the index with the column.
    const up = [
      'ALTER TABLE "ipam_asn" ADD COLUMN "role_id" bigint NULL CONSTRAINT "ipam_asn_role_id_86d8acd4_fk_ipam_role_id" REFERENCES "ipam_role"("id") DEFERRABLE INITIALLY DEFERRED;',
      'CREATE INDEX "ipam_asn_role_id_86d8acd4" ON "ipam_asn" ("role_id");',
    ].join('\n');
    const down = 'ALTER TABLE "ipam_asn" DROP CONSTRAINT "ipam_asn_role_id_86d8acd4_fk_ipam_role_id";\nALTER TABLE "ipam_asn" DROP COLUMN "role_id" CASCADE;';
    assert.deepEqual(messages({ text: up, down }), []);
    const multi = 'ALTER TABLE t ADD COLUMN a int, ADD COLUMN b int;\nCREATE INDEX t_ab_idx ON t (a, b);\nALTER TABLE t ADD CONSTRAINT t_b_check CHECK (b > 0);';
    assert.deepEqual(messages({ text: multi, down: 'ALTER TABLE t DROP COLUMN a, DROP COLUMN b;' }), []);
    // An index on another column stays.
    const [m] = messages({ text: `${multi}\nCREATE INDEX t_c_idx ON t (c);`, down: 'ALTER TABLE t DROP COLUMN a, DROP COLUMN b;' });
    assert.match(m, /leaves in place what the up created \(index t_c_idx\)\. /);
  });

  it('matches a constraint the down adds within ADD COLUMN to the one the up dropped', () => {
    // netbox/tenancy/migrations/0018_contact_groups.py: RemoveField of a ForeignKey, whose reverse
    // adds the column with its constraint written inline.
    const fk = 'tenancy_contact_group_id_76e0267c_fk_tenancy_contactgroup_id';
    const up = `ALTER TABLE "tenancy_contact" DROP CONSTRAINT "${fk}";\nALTER TABLE "tenancy_contact" DROP COLUMN "group_id" CASCADE;`;
    const down = `ALTER TABLE "tenancy_contact" ADD COLUMN "group_id" bigint NULL CONSTRAINT "${fk}" REFERENCES "tenancy_contactgroup"("id") DEFERRABLE INITIALLY DEFERRED;`;
    assert.deepEqual(messages({ text: up, down }), []);
    const [m] = messages({ text: up, down: 'ALTER TABLE "tenancy_contact" ADD COLUMN "group_id" bigint NULL REFERENCES "tenancy_contactgroup"("id");' });
    assert.match(m, new RegExp(`does not restore what the up dropped \\(constraint tenancy_contact\\.${fk}\\)`));
  });

  it('drops what the up itself built on a column it drops later', () => {
    assert.deepEqual(messages({ text: 'ALTER TABLE t ADD COLUMN a int;\nCREATE INDEX t_a_idx ON t (a);\nALTER TABLE t DROP COLUMN a;', down: 'SELECT 1;' }), []);
  });

  it('follows an index taken over by a constraint (ADD CONSTRAINT … USING INDEX)', () => {
    const up = 'CREATE UNIQUE INDEX CONCURRENTLY orders_email_idx ON orders (email);\nALTER TABLE orders ADD CONSTRAINT orders_email_key UNIQUE USING INDEX orders_email_idx;';
    assert.deepEqual(messages({ text: up, down: 'ALTER TABLE orders DROP CONSTRAINT orders_email_key;' }), []);
  });

  it('leaves missing, empty and opaque downs alone', () => {
    assert.deepEqual(messages({ text: 'CREATE TABLE t (id int);' }), []);
    assert.deepEqual(messages({ text: 'CREATE TABLE t (id int);', down: '-- nothing\n' }), []);
    assert.deepEqual(messages({ text: 'CREATE TABLE t (id int);', down: "DO $$ BEGIN EXECUTE 'DROP TABLE t'; END $$;" }), []);
  });

  it('works on dbmate sections', () => {
    const text = '-- migrate:up\nCREATE TABLE t (id int);\nCREATE TABLE u (id int);\n-- migrate:down\nDROP TABLE u;\n';
    assert.match(messages({ format: 'dbmate', text })[0], /leaves in place what the up created \(table t\)\./);
  });

  it('works on Alembic revisions, on the first call of downgrade()', () => {
    const file = revisionPath('ab12_change.py');
    const text = revision('ab12', null, ['op.create_table("users", sa.Column("id", sa.Integer()))', 'op.add_column("orders", sa.Column("note", sa.Text()))']).replace(
      /def downgrade\(\):\n {4}pass/,
      'def downgrade():\n    op.drop_table("users")',
    );
    const [f] = analyzeRevisions({ [file]: text }).findings.filter((x) => x.ruleId === RULE);
    assert.deepEqual(f.span, { start: text.indexOf('op.drop_table'), end: text.indexOf('op.drop_table') + 'op.drop_table("users")'.length });
    assert.match(f.message, /leaves in place what the up created \(column orders\.note\)\./);
  });

  it('is silenced by an ignore comment above the first statement of the down', () => {
    const down = `-- migration-guard-ignore ${RULE}: the index stays\nSELECT 1;`;
    assert.deepEqual(messages({ text: 'CREATE INDEX i ON orders (a);', down }), []);
  });
});
