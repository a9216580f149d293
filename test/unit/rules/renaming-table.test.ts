import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { analyze, findingsOf } from '../../support/analyze';

const RULE = 'renaming-table';

describe(RULE, () => {
  it('reports ALTER TABLE … RENAME TO on the whole statement', () => {
    const text = 'ALTER TABLE IF EXISTS users RENAME TO accounts;';
    const [f, ...rest] = findingsOf(analyze({ text }), RULE);
    assert.equal(rest.length, 0);
    assert.deepEqual(f.span, { start: 0, end: text.length - 1 });
    assert.match(f.message, /^Renaming users to accounts breaks every running instance/);
  });

  it('accepts renaming a table created earlier in the same script', () => {
    assert.deepEqual(findingsOf(analyze({ text: 'CREATE TABLE t (id int);\nALTER TABLE t RENAME TO u;' }), RULE), []);
  });

  it('accepts column renames, other renames and down scripts', () => {
    const spec = { text: 'ALTER TABLE t RENAME COLUMN a TO b;\nALTER INDEX i RENAME TO j;', down: 'ALTER TABLE u RENAME TO t;' };
    assert.deepEqual(findingsOf(analyze(spec), RULE), []);
  });

  it('is silenced by an ignore directive', () => {
    const text = `-- migration-guard-ignore ${RULE}: deployed together with the only reader\nALTER TABLE t RENAME TO u;`;
    assert.deepEqual(findingsOf(analyze({ text }), RULE), []);
  });
});
