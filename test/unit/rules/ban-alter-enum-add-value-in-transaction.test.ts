import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { analyze, applyFirstFix, assertClean, findingsOf, upPath } from '../../support/analyze';

const RULE = 'ban-alter-enum-add-value-in-transaction';
const PG11 = { pgVersion: 11 };

describe(RULE, () => {
  it('reports ADD VALUE inside a transaction before PostgreSQL 12', () => {
    const text = "ALTER TYPE mood ADD VALUE 'meh';\nSELECT 1;";
    const [f, ...rest] = findingsOf(analyze({ text }, PG11), RULE);
    assert.equal(rest.length, 0);
    assert.deepEqual(f.span, { start: 0, end: text.indexOf(';') });
    assert.match(f.message, /one transaction, where ALTER TYPE … ADD VALUE \(before PostgreSQL 12\) fails/);
  });

  it('is silent from PostgreSQL 12, outside a transaction, and for RENAME VALUE', () => {
    assert.deepEqual(findingsOf(analyze({ text: "ALTER TYPE mood ADD VALUE 'meh';\nSELECT 1;" }, { pgVersion: 12 }), RULE), []);
    assert.deepEqual(findingsOf(analyze({ text: "ALTER TYPE mood ADD VALUE 'meh';" }, PG11), RULE), []);
    assert.deepEqual(findingsOf(analyze({ text: "ALTER TYPE mood RENAME VALUE 'a' TO 'b';\nSELECT 1;" }, PG11), RULE), []);
  });

  it('is silenced by an ignore directive', () => {
    const text = `-- migration-guard-ignore ${RULE}: run with psql\nALTER TYPE mood ADD VALUE 'meh';\nSELECT 1;`;
    assert.deepEqual(findingsOf(analyze({ text }, PG11), RULE), []);
  });

  it('fix: turns off the goose transaction', () => {
    const spec = { format: 'goose' as const, text: "-- +goose Up\nALTER TYPE mood ADD VALUE 'meh';\n" };
    const { files, after } = applyFirstFix([spec], RULE, PG11);
    assert.ok(files[upPath(spec)].startsWith('-- +goose NO TRANSACTION\n'));
    assertClean(after, RULE);
  });
});
