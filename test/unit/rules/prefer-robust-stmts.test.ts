import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { analyze, findingsOf } from '../../support/analyze';
import { assertFixedTo } from '../../support/ruleChecks';

const RULE = 'prefer-robust-stmts';
const goose = (body: string) => ({ format: 'goose' as const, text: `-- +goose NO TRANSACTION\n-- +goose Up\n${body}` });

describe(RULE, () => {
  it('reports unguarded statements of a non-transactional migration, except the last', () => {
    const body = 'CREATE INDEX CONCURRENTLY a_idx ON t (a);\nCREATE INDEX CONCURRENTLY b_idx ON t (b);\n';
    const spec = goose(body);
    const [f, ...rest] = findingsOf(analyze(spec), RULE);
    assert.equal(rest.length, 0);
    const start = spec.text.indexOf('CREATE');
    assert.deepEqual(f.span, { start, end: spec.text.indexOf(';') });
    assert.match(f.message, /^This migration runs outside a transaction, so if a later statement fails this one stays applied and a retry fails on it; add IF NOT EXISTS\./);
  });

  it('is silent when the migration runs in a transaction, explicit or implicit', () => {
    const body = 'CREATE TABLE a (id bigint);\nDROP TABLE b;\n';
    assert.deepEqual(findingsOf(analyze({ format: 'goose', text: `-- +goose Up\n${body}` }), RULE), []);
    assert.deepEqual(findingsOf(analyze({ text: body }), RULE), []);
    assert.deepEqual(findingsOf(analyze({ format: 'dbmate', text: `-- migrate:up transaction:false\n${body}` }), RULE), []);
    assert.deepEqual(findingsOf(analyze(goose(`BEGIN;\n${body}COMMIT;\n`)), RULE), []);
  });

  it('accepts guarded statements and statements that need no guard', () => {
    const body = 'CREATE TABLE IF NOT EXISTS a (id bigint);\nDROP INDEX CONCURRENTLY IF EXISTS i;\nALTER TABLE a ADD COLUMN IF NOT EXISTS b int, DROP COLUMN IF EXISTS c, ALTER d SET DEFAULT 1;\nUPDATE a SET b = 1 WHERE id = 1;\nSELECT 1;\n';
    assert.deepEqual(findingsOf(analyze(goose(body)), RULE), []);
  });

  it('reports an unnamed index without a fix', () => {
    const [f] = findingsOf(analyze(goose('CREATE INDEX CONCURRENTLY ON t (a);\nSELECT 1;\n')), RULE);
    assert.match(f.message, /a retry builds a second copy of it under a new name; name the index and add IF NOT EXISTS/);
    assert.deepEqual(f.fixes, []);
  });

  it('is silenced by an ignore directive', () => {
    const text = `-- migration-guard-ignore ${RULE}: retried from a snapshot\nCREATE TABLE a (id bigint);\nSELECT 1;\n`;
    assert.deepEqual(findingsOf(analyze(goose(text)), RULE), []);
  });

  it('names both guards when an ALTER TABLE needs both', () => {
    const [f] = findingsOf(analyze(goose('ALTER TABLE t ADD a int, DROP b;\nSELECT 1;\n')), RULE);
    assert.match(f.message, /add IF NOT EXISTS and IF EXISTS\.$/);
    assert.equal(f.fixes[0].title, 'Add IF NOT EXISTS and IF EXISTS');
  });

  describe('fix', () => {
    const cases: [string, string][] = [
      ['CREATE UNIQUE INDEX CONCURRENTLY "index" ON t (a);', 'CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS "index" ON t (a);'],
      ['create temp table t (id bigint);', 'create temp table IF NOT EXISTS t (id bigint);'],
      ['CREATE SCHEMA s;', 'CREATE SCHEMA IF NOT EXISTS s;'],
      ['CREATE EXTENSION pgcrypto;', 'CREATE EXTENSION IF NOT EXISTS pgcrypto;'],
      ['CREATE SEQUENCE seq;', 'CREATE SEQUENCE IF NOT EXISTS seq;'],
      ['DROP INDEX CONCURRENTLY i;', 'DROP INDEX CONCURRENTLY IF EXISTS i;'],
      ['DROP MATERIALIZED VIEW v CASCADE;', 'DROP MATERIALIZED VIEW IF EXISTS v CASCADE;'],
      ['DROP TRIGGER trg ON t;', 'DROP TRIGGER IF EXISTS trg ON t;'],
      [
        'ALTER TABLE add ADD COLUMN x int, ADD y int, DROP z, DROP COLUMN w, DROP CONSTRAINT c;',
        'ALTER TABLE add ADD COLUMN IF NOT EXISTS x int, ADD IF NOT EXISTS y int, DROP IF EXISTS z, DROP COLUMN IF EXISTS w, DROP CONSTRAINT IF EXISTS c;',
      ],
    ];
    for (const [before, after] of cases) {
      it(`guards ${before}`, () => {
        assertFixedTo(goose(`${before}\nSELECT 1;\n`), RULE, goose(`${after}\nSELECT 1;\n`).text);
      });
    }
  });
});
