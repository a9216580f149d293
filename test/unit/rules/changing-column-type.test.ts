import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { analyze, findingsOf, type MigrationSpec } from '../../support/analyze';

const RULE = 'changing-column-type';
const TABLE: MigrationSpec = { text: 'CREATE TABLE t (a varchar(10), n numeric(10,2), i int, ts timestamp, c cidr, s text);' };

/** Findings for `change` run as the second migration, after TABLE. */
function check(change: string, pgVersion = 16) {
  return findingsOf(analyze([TABLE, { text: change }], { pgVersion }), RULE);
}

describe(RULE, () => {
  it('reports a change that rewrites the table, on the command, naming both types', () => {
    const text = 'ALTER TABLE t ADD COLUMN z int, ALTER COLUMN i TYPE bigint;';
    const [f, ...rest] = check(text);
    assert.equal(rest.length, 0);
    assert.deepEqual(f.span, { start: text.indexOf('ALTER COLUMN'), end: text.length - 1 });
    assert.match(f.message, /^Changing t\.i from int4 to int8 rewrites the table and rebuilds its indexes under an ACCESS EXCLUSIVE lock/);
  });

  it('accepts changes PostgreSQL makes without a rewrite', () => {
    for (const change of [
      'ALTER TABLE t ALTER a TYPE varchar(20)',
      'ALTER TABLE t ALTER a TYPE varchar',
      'ALTER TABLE t ALTER a TYPE text',
      'ALTER TABLE t ALTER n TYPE numeric(12,2)',
      'ALTER TABLE t ALTER n TYPE numeric',
      'ALTER TABLE t ALTER c TYPE inet',
      'ALTER TABLE t ALTER s TYPE varchar',
      'ALTER TABLE t ALTER i TYPE integer',
    ]) {
      assert.deepEqual(check(change), [], change);
    }
  });

  it('reports changes that shorten, re-scale or convert', () => {
    for (const change of [
      'ALTER TABLE t ALTER a TYPE varchar(5)',
      'ALTER TABLE t ALTER s TYPE varchar(10)',
      'ALTER TABLE t ALTER n TYPE numeric(12,3)',
      'ALTER TABLE t ALTER a TYPE text USING lower(a)',
    ]) {
      assert.equal(check(change).length, 1, change);
    }
  });

  it('follows the column through earlier changes and renames', () => {
    const specs = [TABLE, { text: 'ALTER TABLE t ALTER a TYPE varchar(50);\nALTER TABLE t RENAME a TO b;' }, { text: 'ALTER TABLE t ALTER b TYPE varchar(40);' }];
    assert.match(findingsOf(analyze(specs), RULE)[0].message, /from varchar\(50\) to varchar\(40\)/);
  });

  it('says timestamp to timestamptz is free only under TimeZone UTC, from PostgreSQL 12', () => {
    assert.match(check('ALTER TABLE t ALTER ts TYPE timestamptz')[0].message, /unless the migration's session runs with TimeZone set to UTC/);
    assert.doesNotMatch(check('ALTER TABLE t ALTER ts TYPE timestamptz', 11)[0].message, /UTC/);
  });

  it('reports a column whose type the earlier migrations do not show', () => {
    const [f] = findingsOf(analyze({ text: 'ALTER TABLE orders ALTER total TYPE numeric(12,2);' }), RULE);
    assert.match(f.message, /the earlier migrations do not show the current type/);
  });

  it('accepts a table created earlier in the same migration', () => {
    const text = 'CREATE TABLE u (i int);\nALTER TABLE u ALTER i TYPE bigint;';
    assert.deepEqual(findingsOf(analyze({ text }), RULE), []);
  });

  it('is silenced by an ignore directive', () => {
    assert.deepEqual(check(`-- migration-guard-ignore ${RULE}: 200 rows\nALTER TABLE t ALTER i TYPE bigint;`), []);
  });
});
