import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { analyze, findingsOf } from '../../support/analyze';

const RULE = 'ban-drop-schema';

describe(RULE, () => {
  it('reports DROP SCHEMA … CASCADE with the data it destroys', () => {
    const text = 'DROP SCHEMA IF EXISTS reporting CASCADE;';
    const [f, ...rest] = findingsOf(analyze({ text }), RULE);
    assert.equal(rest.length, 0);
    assert.deepEqual(f.span, { start: 0, end: text.length - 1 });
    assert.match(f.message, /^DROP SCHEMA reporting CASCADE drops every table/);
  });

  it('reports DROP SCHEMA without CASCADE as breaking code', () => {
    const [f] = findingsOf(analyze({ text: 'DROP SCHEMA a, b;' }), RULE);
    assert.match(f.message, /^Dropping schema a, b breaks/);
  });

  it('accepts dropping a schema created earlier in the same script (any case)', () => {
    const text = 'CREATE SCHEMA Tmp;\nDROP SCHEMA tmp CASCADE;';
    assert.deepEqual(findingsOf(analyze({ text }), RULE), []);
  });

  it('accepts other DROP statements and down scripts', () => {
    assert.deepEqual(findingsOf(analyze({ text: 'DROP VIEW s;', down: 'DROP SCHEMA s CASCADE;' }), RULE), []);
  });

  it('is silenced by an ignore directive', () => {
    const text = `-- migration-guard-ignore ${RULE}: import schema\nDROP SCHEMA s CASCADE;`;
    assert.deepEqual(findingsOf(analyze({ text }), RULE), []);
  });
});
