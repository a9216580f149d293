import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { analyze, findingsOf } from '../../support/analyze';

const RULE = 'ban-lock-table';

describe(RULE, () => {
  it('reports write-blocking modes, naming the mode', () => {
    const text = 'LOCK TABLE orders;\nLOCK TABLE orders IN SHARE MODE;\nSELECT 1;';
    const findings = findingsOf(analyze({ text }), RULE);
    assert.equal(findings.length, 2);
    assert.equal(findings[0].severity, 'info');
    assert.deepEqual(findings[0].span, { start: 0, end: text.indexOf(';') });
    assert.match(findings[0].message, /^LOCK TABLE orders IN ACCESS EXCLUSIVE MODE blocks every read and write/);
    assert.match(findings[1].message, /^LOCK TABLE orders IN SHARE MODE blocks INSERT, UPDATE and DELETE/);
  });

  it('accepts modes that let writes go on, and tables created earlier in the script', () => {
    assert.deepEqual(findingsOf(analyze({ text: 'LOCK TABLE orders IN ROW EXCLUSIVE MODE;\nSELECT 1;' }), RULE), []);
    assert.deepEqual(findingsOf(analyze({ text: 'CREATE TABLE t (a int);\nLOCK TABLE t;' }), RULE), []);
  });

  it('says LOCK TABLE fails when it runs outside a transaction block', () => {
    const [f] = findingsOf(analyze({ text: 'LOCK TABLE orders;' }), RULE);
    assert.match(f.message, /outside any transaction block, where PostgreSQL refuses it/);
  });

  it('is silenced by an ignore directive', () => {
    assert.deepEqual(findingsOf(analyze({ text: `-- migration-guard-ignore ${RULE}: lock order\nLOCK TABLE t;\nSELECT 1;` }), RULE), []);
  });
});
