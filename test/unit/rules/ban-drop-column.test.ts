import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { analyze, findingsOf } from '../../support/analyze';

const RULE = 'ban-drop-column';

describe(RULE, () => {
  it('reports DROP COLUMN on the command', () => {
    const text = 'ALTER TABLE users DROP COLUMN IF EXISTS email;';
    const [f, ...rest] = findingsOf(analyze({ text }), RULE);
    assert.equal(rest.length, 0);
    assert.deepEqual(f.span, { start: text.indexOf('DROP'), end: text.length - 1 });
    assert.match(f.message, /^Dropping column email of users deletes its data/);
  });

  it('reports each dropped column of a multi-command ALTER TABLE', () => {
    const text = 'ALTER TABLE users ADD COLUMN x int, DROP COLUMN a, DROP b CASCADE;';
    const findings = findingsOf(analyze({ text }), RULE);
    assert.deepEqual(
      findings.map((f) => text.slice(f.span.start, f.span.end)),
      ['DROP COLUMN a', 'DROP b CASCADE'],
    );
  });

  it('accepts other ALTER TABLE commands', () => {
    assert.deepEqual(findingsOf(analyze({ text: 'ALTER TABLE users DROP CONSTRAINT c, ADD COLUMN b int;' }), RULE), []);
  });

  it('accepts dropping a column of a table created earlier in the same script', () => {
    const text = 'CREATE TABLE users (a int, b int);\nALTER TABLE users DROP COLUMN b;';
    assert.deepEqual(findingsOf(analyze({ text }), RULE), []);
  });

  it('ignores down scripts', () => {
    const spec = { text: 'ALTER TABLE users ADD COLUMN b int;', down: 'ALTER TABLE users DROP COLUMN b;' };
    assert.deepEqual(findingsOf(analyze(spec), RULE), []);
  });

  it('is silenced by an ignore directive', () => {
    const text = `/* migration-guard-ignore ${RULE}: unused since v2 */\nALTER TABLE users DROP COLUMN b;`;
    assert.deepEqual(findingsOf(analyze({ text }), RULE), []);
  });
});
