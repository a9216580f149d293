import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { analyze, findingsOf } from '../../support/analyze';

const RULE = 'ban-add-exclusion-constraint';
const ADD = 'ALTER TABLE bookings ADD CONSTRAINT no_overlap EXCLUDE USING gist (room WITH =, during WITH &&);';

describe(RULE, () => {
  it('reports an exclusion constraint added to an existing table, on its command', () => {
    const [f, ...rest] = findingsOf(analyze({ text: ADD }), RULE);
    assert.equal(rest.length, 0);
    assert.deepEqual(f.span, { start: ADD.indexOf('ADD'), end: ADD.length - 1 });
    assert.match(f.message, /^Adding exclusion constraint no_overlap builds its index and checks every row of bookings/);
  });

  it('accepts a table created earlier in the script, and other constraints', () => {
    assert.deepEqual(findingsOf(analyze({ text: `CREATE TABLE bookings (room int, during tstzrange);\n${ADD}` }), RULE), []);
    assert.deepEqual(findingsOf(analyze({ text: 'ALTER TABLE bookings ADD CONSTRAINT u UNIQUE USING INDEX i;' }), RULE), []);
  });

  it('is silenced by an ignore directive', () => {
    assert.deepEqual(findingsOf(analyze({ text: `-- migration-guard-ignore ${RULE}: small\n${ADD}` }), RULE), []);
  });
});
