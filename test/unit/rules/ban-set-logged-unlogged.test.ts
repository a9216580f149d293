import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { analyze, findingsOf } from '../../support/analyze';

const RULE = 'ban-set-logged-unlogged';

describe(RULE, () => {
  it('reports SET LOGGED and SET UNLOGGED on their commands', () => {
    const text = 'ALTER TABLE staging SET LOGGED;\nALTER TABLE cache SET UNLOGGED;';
    const findings = findingsOf(analyze({ text }), RULE);
    assert.equal(findings.length, 2);
    assert.deepEqual(findings[0].span, { start: text.indexOf('SET LOGGED'), end: text.indexOf(';') });
    assert.match(findings[0].message, /^SET LOGGED copies all of staging into a new file and writes every row to the WAL under an ACCESS EXCLUSIVE lock/);
    assert.match(findings[1].message, /^SET UNLOGGED copies all of cache/);
  });

  it('accepts a table created earlier in the script, and other commands', () => {
    assert.deepEqual(findingsOf(analyze({ text: 'CREATE UNLOGGED TABLE s (a int);\nALTER TABLE s SET LOGGED;' }), RULE), []);
    assert.deepEqual(findingsOf(analyze({ text: 'ALTER TABLE s SET (fillfactor = 90);' }), RULE), []);
  });

  it('is silenced by an ignore directive', () => {
    assert.deepEqual(findingsOf(analyze({ text: `-- migration-guard-ignore ${RULE}: empty\nALTER TABLE s SET LOGGED;` }), RULE), []);
  });
});
