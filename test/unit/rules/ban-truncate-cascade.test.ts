import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { analyze, findingsOf } from '../../support/analyze';

const RULE = 'ban-truncate-cascade';

describe(RULE, () => {
  it('reports TRUNCATE … CASCADE as an error on the whole statement', () => {
    const text = 'TRUNCATE users CASCADE;';
    const [f, ...rest] = findingsOf(analyze({ text }), RULE);
    assert.equal(rest.length, 0);
    assert.deepEqual(f.span, { start: 0, end: text.length - 1 });
    assert.equal(f.severity, 'error');
    assert.match(f.message, /empties users and also every table with a foreign key to them/);
  });

  it('accepts TRUNCATE without CASCADE, and CASCADE on tables created in the same script', () => {
    const text = 'TRUNCATE users;\nCREATE TABLE t (id int);\nTRUNCATE t CASCADE;';
    assert.deepEqual(findingsOf(analyze({ text }), RULE), []);
  });

  it('is silenced by an ignore directive', () => {
    const text = `-- migration-guard-ignore ${RULE}: staging tables\nTRUNCATE import_batches CASCADE;`;
    assert.deepEqual(findingsOf(analyze({ text }), RULE), []);
  });
});
