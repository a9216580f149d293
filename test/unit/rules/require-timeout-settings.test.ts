import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { analyze, applyFirstFix, assertClean, findingsOf, upPath } from '../../support/analyze';

const RULE = 'require-timeout-settings';

describe(RULE, () => {
  it('reports the first statement that takes a blocking lock, once per script', () => {
    const text = 'SELECT 1;\nALTER TABLE orders ADD COLUMN note text;\nCREATE INDEX i ON orders (note);\n';
    const [f, ...rest] = findingsOf(analyze({ text }), RULE);
    assert.equal(rest.length, 0);
    const start = text.indexOf('ALTER');
    assert.deepEqual(f.span, { start, end: text.indexOf(';', start) });
    assert.match(f.message, /^This statement waits for an ACCESS EXCLUSIVE lock on orders with no lock_timeout set/);
  });

  it('reports SHARE locks (CREATE INDEX) and a foreign key from a new table to an existing one', () => {
    assert.match(findingsOf(analyze({ text: 'CREATE INDEX i ON orders (a);' }), RULE)[0].message, /a SHARE lock on orders/);
    const fk = 'CREATE TABLE items (order_id int REFERENCES orders (id));';
    assert.match(findingsOf(analyze({ text: fk }), RULE)[0].message, /SHARE ROW EXCLUSIVE lock on orders/);
  });

  it('accepts a new table whose foreign key references the table itself', () => {
    // gitness/app/store/database/migrate/postgres/0067_create_ar_tables.up.sql
    assertClean(analyze({ text: 'create table if not exists manifests (manifest_id serial primary key, manifest_subject_id integer, constraint fk_subject foreign key (manifest_subject_id) references manifests (manifest_id));' }), RULE);
  });

  it('accepts lock_timeout set earlier by SET, SET LOCAL or set_config', () => {
    for (const set of ["SET lock_timeout = '5s';", "SET LOCAL lock_timeout TO '1s';", "SELECT set_config('lock_timeout', '2s', true);"]) {
      assert.deepEqual(findingsOf(analyze({ text: `${set}\nALTER TABLE orders ADD COLUMN a int;` }), RULE), [], set);
    }
  });

  it('still reports when lock_timeout is 0, reset, or set only after the statement', () => {
    for (const text of [
      'SET lock_timeout = 0;\nALTER TABLE t ADD COLUMN a int;',
      "SET lock_timeout = '5s';\nRESET lock_timeout;\nALTER TABLE t ADD COLUMN a int;",
      "ALTER TABLE t ADD COLUMN a int;\nSET lock_timeout = '5s';",
    ]) {
      assert.equal(findingsOf(analyze({ text }), RULE).length, 1, text);
    }
  });

  it('accepts non-blocking locks and tables created earlier in the script', () => {
    assert.deepEqual(findingsOf(analyze({ text: 'CREATE INDEX CONCURRENTLY i ON t (a);' }), RULE), []);
    assert.deepEqual(findingsOf(analyze({ text: 'UPDATE t SET a = 1 WHERE id = 2;\nSELECT 1;' }), RULE), []);
    assert.deepEqual(findingsOf(analyze({ text: 'CREATE TABLE t (a int);\nALTER TABLE t ADD COLUMN b int;' }), RULE), []);
  });

  it('is silenced by an ignore directive on its statement', () => {
    assert.deepEqual(findingsOf(analyze({ text: `-- migration-guard-ignore ${RULE}: set by the deploy tool\nALTER TABLE t ADD COLUMN a int;` }), RULE), []);
  });

  it('asks for statement_timeout too when the option names one', () => {
    const rules = { [RULE]: ['warning', { statementTimeout: '60s' }] as ['warning', Record<string, unknown>] };
    const text = "SET lock_timeout = '5s';\nALTER TABLE t ADD COLUMN a int;";
    const [f] = findingsOf(analyze({ text }, { rules }), RULE);
    assert.match(f.message, /no statement_timeout set/);
    assert.equal(f.fixes[0].title, 'Set statement_timeout to 60s at the start of the migration');
  });

  describe('fix', () => {
    it('inserts SET lock_timeout at the top of the script with the default value', () => {
      const spec = { text: 'ALTER TABLE t ADD COLUMN a int;\r\n' };
      const { fix, files, after } = applyFirstFix([spec], RULE);
      assert.equal(fix.title, 'Set lock_timeout to 5s at the start of the migration');
      assert.equal(files[upPath(spec)], "SET lock_timeout = '5s';\r\nALTER TABLE t ADD COLUMN a int;\r\n");
      assertClean(after, RULE);
    });

    it('uses the lockTimeout option and goes below the dbmate up marker', () => {
      const spec = { format: 'dbmate' as const, text: '-- migrate:up\nALTER TABLE t ADD COLUMN a int;\n-- migrate:down\nALTER TABLE t DROP COLUMN a;\n' };
      const options = { rules: { [RULE]: ['warning', { lockTimeout: "1s'" }] as ['warning', Record<string, unknown>] } };
      const { files, after } = applyFirstFix([spec], RULE, options);
      assert.equal(files[upPath(spec)], "-- migrate:up\nSET lock_timeout = '1s''';\nALTER TABLE t ADD COLUMN a int;\n-- migrate:down\nALTER TABLE t DROP COLUMN a;\n");
      assertClean(after, RULE);
    });

    it('offers no fix when one more statement would pull a non-transactional one into a transaction', () => {
      const [f] = findingsOf(analyze({ text: 'VACUUM FULL t;' }), RULE);
      assert.deepEqual(f.fixes, []);
    });
  });
});
