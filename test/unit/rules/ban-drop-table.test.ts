import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { analyze, findingsOf } from '../../support/analyze';

const RULE = 'ban-drop-table';

describe(RULE, () => {
  it('reports DROP TABLE on the whole statement', () => {
    const text = 'DROP TABLE IF EXISTS app.sessions, tokens;';
    const [f, ...rest] = findingsOf(analyze({ text }), RULE);
    assert.equal(rest.length, 0);
    assert.deepEqual(f.span, { start: 0, end: text.length - 1 });
    assert.match(f.message, /^Dropping app\.sessions, tokens deletes its data for good/);
  });

  it('names only the tables that existed before the script', () => {
    const text = 'CREATE TABLE scratch (a int);\nDROP TABLE scratch, sessions;';
    const [f] = findingsOf(analyze({ text }), RULE);
    assert.match(f.message, /^Dropping sessions deletes/);
  });

  it('accepts dropping a table created earlier in the same script', () => {
    assert.deepEqual(findingsOf(analyze({ text: 'CREATE TABLE scratch (a int);\nDROP TABLE scratch;' }), RULE), []);
  });

  it('ignores other DROP statements and down scripts', () => {
    assert.deepEqual(findingsOf(analyze({ text: 'DROP INDEX i;\nDROP VIEW v;', down: 'DROP TABLE t;' }), RULE), []);
  });

  it('is silenced by an ignore directive', () => {
    const text = `-- migration-guard-ignore ${RULE}: replaced by events in 0042\nDROP TABLE sessions;`;
    assert.deepEqual(findingsOf(analyze({ text }), RULE), []);
  });
});
