import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { analyze, findingsOf } from '../../support/analyze';

const RULE = 'trigger-change-on-existing-table';
const CREATE = 'CREATE TRIGGER audit AFTER UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION audit();';

describe(RULE, () => {
  it('reports CREATE TRIGGER, DROP TRIGGER and ENABLE/DISABLE TRIGGER with their locks', () => {
    const text = `${CREATE}\nDROP TRIGGER audit ON app.orders;\nALTER TABLE orders DISABLE TRIGGER ALL;`;
    const findings = findingsOf(analyze({ text }), RULE);
    assert.equal(findings.length, 3);
    assert.deepEqual(findings[0].span, { start: 0, end: CREATE.length - 1 });
    assert.match(findings[0].message, /^CREATE TRIGGER takes a SHARE ROW EXCLUSIVE lock on orders, which blocks its writes;/);
    assert.match(findings[1].message, /^DROP TRIGGER takes an ACCESS EXCLUSIVE lock on app\.orders, which blocks its writes and reads/);
    assert.match(findings[2].message, /^Enabling or disabling a trigger/);
  });

  it('accepts a table created earlier in the script', () => {
    assert.deepEqual(findingsOf(analyze({ text: `CREATE TABLE orders (id int);\n${CREATE}` }), RULE), []);
  });

  it('accepts a script that sets lock_timeout first, and is quiet again after RESET', () => {
    assert.deepEqual(findingsOf(analyze({ text: `SET lock_timeout = '2s';\n${CREATE}` }), RULE), []);
    assert.equal(findingsOf(analyze({ text: `SET lock_timeout = '2s';\nRESET lock_timeout;\n${CREATE}` }), RULE).length, 1);
  });

  it('is silenced by an ignore directive', () => {
    assert.deepEqual(findingsOf(analyze({ text: `-- migration-guard-ignore ${RULE}: quiet hours\n${CREATE}` }), RULE), []);
  });
});
