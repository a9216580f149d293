import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { analyze, findingsOf } from '../../support/analyze';

const RULE = 'identifier-too-long';
const LONG = 'index_customer_subscriptions_on_billing_account_id_and_created_at';

describe(RULE, () => {
  it('reports a name over 63 bytes on its first occurrence in the statement', () => {
    const text = `CREATE INDEX ${LONG} ON subs (a);\nALTER INDEX ${LONG} RENAME TO x;`;
    const findings = findingsOf(analyze({ text }), RULE);
    assert.equal(findings.length, 2);
    assert.deepEqual(findings[0].span, { start: 13, end: 13 + LONG.length });
    assert.match(findings[0].message, new RegExp(`^This identifier is ${LONG.length} bytes long; PostgreSQL silently cuts it to its first 63 bytes \\("${LONG.slice(0, 63)}"\\)`));
  });

  it('counts bytes, not characters, in quoted names, and cuts at a character boundary', () => {
    const name = 'é'.repeat(32);
    const [f] = findingsOf(analyze({ text: `CREATE TABLE "${name}" (id bigint);` }), RULE);
    assert.match(f.message, new RegExp(`64 bytes long.*\\("${'é'.repeat(31)}"\\)`));
  });

  it('accepts names of 63 bytes, long strings and comments', () => {
    const ok = 'a'.repeat(63);
    const text = `-- ${'x'.repeat(80)}\nCREATE TABLE ${ok} (note text DEFAULT '${'y'.repeat(80)}', "${'é'.repeat(31)}" int);`;
    assert.deepEqual(findingsOf(analyze({ text }), RULE), []);
  });

  it('ignores down scripts', () => {
    assert.deepEqual(findingsOf(analyze({ text: 'SELECT 1;', down: `DROP INDEX ${LONG};` }), RULE), []);
  });

  it('is silenced by an ignore directive', () => {
    const text = `-- migration-guard-ignore ${RULE}: name fixed by a tool\nCREATE INDEX ${LONG} ON subs (a);`;
    assert.deepEqual(findingsOf(analyze({ text }), RULE), []);
  });
});
