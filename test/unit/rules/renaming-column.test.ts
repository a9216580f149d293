import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { analyze, findingsOf } from '../../support/analyze';

const RULE = 'renaming-column';

describe(RULE, () => {
  it('reports ALTER TABLE … RENAME COLUMN on the whole statement', () => {
    const text = 'ALTER TABLE users RENAME name TO full_name;';
    const [f, ...rest] = findingsOf(analyze({ text }), RULE);
    assert.equal(rest.length, 0);
    assert.deepEqual(f.span, { start: 0, end: text.length - 1 });
    assert.match(f.message, /^Renaming name of users to full_name breaks/);
  });

  it('accepts renaming a column of a table created earlier in the same script', () => {
    const text = 'CREATE TABLE users (nme text);\nALTER TABLE users RENAME COLUMN nme TO name;';
    assert.deepEqual(findingsOf(analyze({ text }), RULE), []);
  });

  it('accepts table renames and down scripts', () => {
    const spec = { text: 'ALTER TABLE t RENAME TO u;', down: 'ALTER TABLE u RENAME COLUMN b TO a;' };
    assert.deepEqual(findingsOf(analyze(spec), RULE), []);
  });

  it('is silenced by an ignore directive', () => {
    const text = `-- migration-guard-ignore ${RULE}: column unused so far\nALTER TABLE t RENAME COLUMN a TO b;`;
    assert.deepEqual(findingsOf(analyze({ text }), RULE), []);
  });
});
