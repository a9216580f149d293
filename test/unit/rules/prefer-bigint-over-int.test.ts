import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { analyze, applyFirstFix, findingsOf, upPath } from '../../support/analyze';
import { assertFixedTo, flaggedText } from '../../support/ruleChecks';

const RULE = 'prefer-bigint-over-int';

describe(RULE, () => {
  it('reports integer keys and ids on their type', () => {
    const text = 'CREATE TABLE orders (id int4 PRIMARY KEY, customer_id integer, n int, ref int REFERENCES refs, a int, PRIMARY KEY (a));';
    assert.deepEqual(flaggedText({ text }, RULE), ['int4', 'integer', 'int', 'int']);
    const findings = findingsOf(analyze({ text }), RULE);
    assert.match(findings[0].message, /^Column id of orders is a key or id and a 4-byte integer, which runs out at 2,147,483,647; use bigint/);
  });

  it('reports serial keys and added columns', () => {
    const text = 'CREATE TABLE t (id serial);\nALTER TABLE u ADD COLUMN IF NOT EXISTS owner_id pg_catalog.int4, ADD CONSTRAINT u_pk PRIMARY KEY (code), ADD code int;';
    assert.deepEqual(flaggedText({ text }, RULE), ['serial', 'pg_catalog.int4', 'int']);
  });

  it('accepts bigint keys, integer columns that are not keys, and existing columns', () => {
    const text = 'CREATE TABLE t (id bigint, votes int, user_id int8);\nALTER TABLE t ALTER COLUMN votes TYPE int, DROP COLUMN old_id;';
    assert.deepEqual(findingsOf(analyze({ text }), RULE), []);
  });

  it('ignores down scripts', () => {
    assert.deepEqual(findingsOf(analyze({ text: 'DROP TABLE t;', down: 'CREATE TABLE t (id serial PRIMARY KEY);' }), RULE), []);
  });

  it('is silenced by an ignore directive', () => {
    const text = `-- migration-guard-ignore ${RULE}: fewer than 100 raters\nALTER TABLE ratings ADD COLUMN rater_id int;`;
    assert.deepEqual(findingsOf(analyze({ text }), RULE), []);
  });

  it('fixes the type to bigint or bigserial, keeping array brackets and constraints', () => {
    const first = applyFirstFix([{ text: 'CREATE TABLE t (id SERIAL PRIMARY KEY, related_id integer[] NOT NULL);' }], RULE);
    assert.equal(first.fix.title, 'Use bigserial');
    const text = 'CREATE TABLE t (id bigserial PRIMARY KEY, related_id integer[] NOT NULL);';
    assert.equal(first.files[upPath({ text })], text);
    assertFixedTo({ text }, RULE, 'CREATE TABLE t (id bigserial PRIMARY KEY, related_id bigint[] NOT NULL);');
  });
});
