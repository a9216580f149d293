import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { analyze, findingsOf } from '../../support/analyze';

const RULE = 'ban-drop-database';

describe(RULE, () => {
  it('reports DROP DATABASE on the whole statement, as an error', () => {
    const text = 'DROP DATABASE IF EXISTS analytics;\n';
    const [f, ...rest] = findingsOf(analyze({ text }), RULE);
    assert.equal(rest.length, 0);
    assert.deepEqual(f.span, { start: 0, end: text.indexOf(';') });
    assert.equal(f.severity, 'error');
    assert.match(f.message, /^Dropping database analytics destroys every table/);
  });

  it('accepts DROP TABLE and CREATE DATABASE', () => {
    assert.deepEqual(findingsOf(analyze({ text: 'CREATE DATABASE x;' }), RULE), []);
  });

  it('ignores down scripts', () => {
    assert.deepEqual(findingsOf(analyze({ text: 'SELECT 1;', down: 'DROP DATABASE x;' }), RULE), []);
  });

  it('is silenced by an ignore directive', () => {
    const text = `-- migration-guard-ignore ${RULE}: CI scratch databases\nDROP DATABASE x;`;
    assert.deepEqual(findingsOf(analyze({ text }), RULE), []);
  });
});
