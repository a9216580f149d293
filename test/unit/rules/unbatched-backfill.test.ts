import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { analyze, findingsOf } from '../../support/analyze';

const RULE = 'unbatched-backfill';

describe(RULE, () => {
  it('reports an UPDATE whose WHERE only tests NULL-ness, on the whole statement', () => {
    const text = "UPDATE users SET plan = 'free' WHERE plan IS NULL;";
    const [f, ...rest] = findingsOf(analyze({ text }), RULE);
    assert.equal(rest.length, 0);
    assert.deepEqual(f.span, { start: 0, end: text.length - 1 });
    assert.match(f.message, /^This UPDATE's WHERE clause only tests NULLs or constants, so it reaches most rows of users/);
  });

  it('reports DELETE and combinations of NULL, truth-value and constant tests', () => {
    const text = 'DELETE FROM events WHERE (payload IS NULL OR NOT (archived IS TRUE)) AND true;';
    assert.equal(findingsOf(analyze({ text }), RULE).length, 1);
  });

  it('reads tautologies written as comparisons of constants, and accepts a WHERE that is never true', () => {
    for (const where of ['1=1', "'a' = 'a'", '1 <> 2', 'NOT (1 = 2)', 'NULL IS NULL']) {
      assert.equal(findingsOf(analyze({ text: `DELETE FROM audit_log WHERE ${where};` }), RULE).length, 1, where);
    }
    for (const where of ['NULL IS NOT NULL', '1 = 0', 'FALSE', 'NULL = NULL', 'NOT TRUE']) {
      assert.deepEqual(findingsOf(analyze({ text: `DELETE FROM audit_log WHERE ${where};` }), RULE), [], where);
    }
  });

  it('accepts a WHERE that compares a column with a value', () => {
    const text = [
      "UPDATE users SET plan = 'free' WHERE plan IS NULL AND id < 10000;",
      "UPDATE users SET plan = 'free' WHERE id IN (SELECT id FROM users WHERE plan IS NULL LIMIT 5000);",
      "DELETE FROM users WHERE status = 'spam';",
    ].join('\n');
    assert.deepEqual(findingsOf(analyze({ text }), RULE), []);
  });

  it('leaves a missing WHERE to update-or-delete-without-where', () => {
    assert.deepEqual(findingsOf(analyze({ text: "UPDATE users SET plan = 'free';" }), RULE), []);
  });

  it('accepts backfilling a table created earlier in the same script', () => {
    const text = 'CREATE TABLE t (a int, b int);\nUPDATE t SET b = 0 WHERE b IS NULL;';
    assert.deepEqual(findingsOf(analyze({ text }), RULE), []);
  });

  it('is silenced by an ignore directive', () => {
    const text = `-- migration-guard-ignore ${RULE}: four rows\nUPDATE plans SET currency = 'EUR' WHERE currency IS NULL;`;
    assert.deepEqual(findingsOf(analyze({ text }), RULE), []);
  });
});
