import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { analyze, findingsOf } from '../../support/analyze';

const RULE = 'ban-enum-value-use-in-same-transaction';

describe(RULE, () => {
  it('reports a statement using the new value in the same transaction', () => {
    const text = "ALTER TYPE app.status ADD VALUE 'refunded';\nUPDATE orders SET status = 'refunded' WHERE id = 1;";
    const [f, ...rest] = findingsOf(analyze({ text }), RULE);
    assert.equal(rest.length, 0);
    assert.deepEqual(f.span, { start: text.indexOf('UPDATE'), end: text.length - 1 });
    assert.equal(f.severity, 'error');
    assert.match(f.message, /^'refunded' was added to app\.status earlier in the same transaction/);
  });

  it('accepts other values, other transactions and other migrations', () => {
    const other = "ALTER TYPE status ADD VALUE 'refunded';\nUPDATE orders SET status = 'paid' WHERE id = 1;";
    assert.deepEqual(findingsOf(analyze({ text: other }), RULE), []);
    const committed = "BEGIN;\nALTER TYPE status ADD VALUE 'refunded';\nCOMMIT;\nUPDATE orders SET status = 'refunded';";
    assert.deepEqual(findingsOf(analyze({ format: 'goose', transaction: 'none', text: committed }), RULE), []);
    assert.deepEqual(findingsOf(analyze([{ text: "ALTER TYPE s ADD VALUE 'x';" }, { text: "UPDATE t SET s = 'x';" }]), RULE), []);
  });

  it('accepts another ADD VALUE placed next to the new value', () => {
    const text = "ALTER TYPE s ADD VALUE 'b';\nALTER TYPE s ADD VALUE 'c' AFTER 'b';";
    assert.deepEqual(findingsOf(analyze({ text }), RULE), []);
  });

  it('does not apply before PostgreSQL 12, where the ADD VALUE itself fails', () => {
    const text = "ALTER TYPE s ADD VALUE 'x';\nUPDATE t SET s = 'x';";
    assert.deepEqual(findingsOf(analyze({ text }, { pgVersion: 11 }), RULE), []);
  });

  it('is silenced by an ignore directive', () => {
    const text = `ALTER TYPE s ADD VALUE 'x';\n-- migration-guard-ignore ${RULE}: a log message\nINSERT INTO log VALUES ('x');`;
    assert.deepEqual(findingsOf(analyze({ text }), RULE), []);
  });
});
