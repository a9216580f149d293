import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { analyze, findingsOf } from '../../support/analyze';

const RULE = 'ban-vacuum-full-and-cluster';

describe(RULE, () => {
  it('reports VACUUM FULL and CLUSTER', () => {
    const text = 'VACUUM (FULL, ANALYZE) orders;\nCLUSTER orders USING orders_pkey;\nVACUUM FULL;\nCLUSTER;';
    const findings = findingsOf(analyze({ text }), RULE);
    assert.equal(findings.length, 4);
    assert.deepEqual(findings[0].span, { start: 0, end: text.indexOf(';') });
    assert.match(findings[0].message, /^VACUUM FULL rewrites orders under an ACCESS EXCLUSIVE lock/);
    assert.match(findings[1].message, /^CLUSTER rewrites orders/);
    assert.match(findings[2].message, /every table of the database/);
    assert.match(findings[3].message, /every table clustered before/);
  });

  it('accepts plain VACUUM and ANALYZE, and tables created earlier in the script', () => {
    assert.deepEqual(findingsOf(analyze({ text: 'VACUUM ANALYZE orders;' }), RULE), []);
    assert.deepEqual(findingsOf(analyze({ text: 'ANALYZE orders;' }), RULE), []);
    assert.deepEqual(findingsOf(analyze({ text: 'CREATE TABLE t (a int);\nVACUUM FULL t;' }), RULE), []);
  });

  it('still reports a list that names an existing table', () => {
    assert.equal(findingsOf(analyze({ text: 'CREATE TABLE t (a int);\nVACUUM FULL t, orders;' }), RULE).length, 1);
  });

  it('is silenced by an ignore directive', () => {
    assert.deepEqual(findingsOf(analyze({ text: `-- migration-guard-ignore ${RULE}: window\nVACUUM FULL t;` }), RULE), []);
  });
});
