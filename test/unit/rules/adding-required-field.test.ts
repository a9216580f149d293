import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { analyze, findingsOf } from '../../support/analyze';

const RULE = 'adding-required-field';
const check = (text: string) => findingsOf(analyze({ text }), RULE);

describe(RULE, () => {
  it('reports a NOT NULL column without a default, on the command', () => {
    const text = 'ALTER TABLE users ADD COLUMN tenant_id bigint NOT NULL;';
    const [f, ...rest] = check(text);
    assert.equal(rest.length, 0);
    assert.deepEqual(f.span, { start: text.indexOf('ADD'), end: text.length - 1 });
    assert.match(f.message, /^Adding users\.tenant_id as NOT NULL without a default fails as soon as users has a row/);
  });

  it('reports a primary key column without a default', () => {
    assert.equal(check('ALTER TABLE t ADD COLUMN k int PRIMARY KEY;').length, 1);
  });

  it('accepts a default, a nullable column, and columns that fill themselves', () => {
    for (const text of [
      "ALTER TABLE t ADD COLUMN x text NOT NULL DEFAULT '';",
      'ALTER TABLE t ADD COLUMN x text;',
      'ALTER TABLE t ADD COLUMN x bigserial NOT NULL;',
      'ALTER TABLE t ADD COLUMN x int NOT NULL GENERATED ALWAYS AS IDENTITY;',
      'ALTER TABLE t ADD COLUMN x int NOT NULL GENERATED ALWAYS AS (a + 1) STORED;',
    ]) {
      assert.deepEqual(check(text), [], text);
    }
  });

  it('accepts a table created earlier in the same migration', () => {
    assert.deepEqual(check('CREATE TABLE t (a int);\nALTER TABLE t ADD COLUMN x text NOT NULL;'), []);
  });

  it('is silenced by an ignore directive', () => {
    assert.deepEqual(check(`-- migration-guard-ignore ${RULE}: table is empty\nALTER TABLE t ADD COLUMN x text NOT NULL;`), []);
  });
});
