import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { analyze, findingsOf } from '../../support/analyze';

const RULE = 'ban-drop-default';

describe(RULE, () => {
  it('reports DROP DEFAULT on its command', () => {
    const text = 'ALTER TABLE users ALTER COLUMN plan DROP DEFAULT;';
    const [f, ...rest] = findingsOf(analyze({ text }), RULE);
    assert.equal(rest.length, 0);
    assert.equal(text.slice(f.span.start, f.span.end), 'ALTER COLUMN plan DROP DEFAULT');
    assert.match(f.message, /^Dropping the default of plan of users makes inserts/);
  });

  it('accepts SET DEFAULT', () => {
    assert.deepEqual(findingsOf(analyze({ text: "ALTER TABLE users ALTER plan SET DEFAULT 'free';" }), RULE), []);
  });

  it('accepts tables created earlier in the same script and down scripts', () => {
    const spec = {
      text: "CREATE TABLE t (plan text DEFAULT 'free');\nALTER TABLE t ALTER plan DROP DEFAULT;",
      down: 'ALTER TABLE users ALTER plan DROP DEFAULT;',
    };
    assert.deepEqual(findingsOf(analyze(spec), RULE), []);
  });

  it('is silenced by an ignore directive', () => {
    const text = `-- migration-guard-ignore ${RULE}: every insert sets plan\nALTER TABLE users ALTER plan DROP DEFAULT;`;
    assert.deepEqual(findingsOf(analyze({ text }), RULE), []);
  });
});
