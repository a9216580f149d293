import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { analyze, findingsOf } from '../../support/analyze';

const RULE = 'update-or-delete-without-where';

describe(RULE, () => {
  it('reports UPDATE without WHERE on the whole statement', () => {
    const text = "SELECT 1;\nUPDATE users SET plan = 'free';\n";
    const [f, ...rest] = findingsOf(analyze({ text }), RULE);
    assert.equal(rest.length, 0);
    assert.deepEqual(f.span, { start: text.indexOf('UPDATE'), end: text.lastIndexOf(';') });
    assert.match(f.message, /^This UPDATE has no WHERE clause, so it rewrites every row of users/);
  });

  it('reports DELETE without WHERE, in down scripts too', () => {
    const findings = findingsOf(analyze({ text: 'SELECT 1;', down: 'DELETE FROM audit.events USING users;' }), RULE);
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, /^This DELETE has no WHERE clause, so it deletes every row of audit\.events/);
  });

  it('accepts statements with a WHERE clause', () => {
    const text = "UPDATE users SET plan = 'free' WHERE plan IS NULL;\nDELETE FROM users WHERE id = 1;";
    assert.deepEqual(findingsOf(analyze({ text }), RULE), []);
  });

  it('accepts a backfill of a table created earlier in the same script', () => {
    const text = "CREATE TABLE plans (name text, price int);\nUPDATE plans SET price = 0;";
    assert.deepEqual(findingsOf(analyze({ text }), RULE), []);
  });

  it('leaves data-modifying WITH queries alone', () => {
    const text = 'WITH gone AS (DELETE FROM users RETURNING id) SELECT count(*) FROM gone;';
    assert.deepEqual(findingsOf(analyze({ text }), RULE), []);
  });

  it('is silenced by an ignore directive', () => {
    const text = `-- migration-guard-ignore ${RULE}: ten rows\nUPDATE users SET plan = 'free';`;
    assert.deepEqual(findingsOf(analyze({ text }), RULE), []);
  });
});
