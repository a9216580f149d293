import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { analyze, findingsOf } from '../../support/analyze';

const RULE = 'ban-drop-not-null';

describe(RULE, () => {
  it('reports DROP NOT NULL on its command', () => {
    const text = 'ALTER TABLE ONLY app.orders ADD COLUMN x int, ALTER COLUMN shipped_at DROP NOT NULL;';
    const [f, ...rest] = findingsOf(analyze({ text }), RULE);
    assert.equal(rest.length, 0);
    assert.equal(text.slice(f.span.start, f.span.end), 'ALTER COLUMN shipped_at DROP NOT NULL');
    assert.match(f.message, /^Dropping NOT NULL on shipped_at of app\.orders/);
  });

  it('points at the command when it is the first one', () => {
    const text = 'ALTER TABLE IF EXISTS orders ALTER shipped_at DROP NOT NULL, ALTER paid_at DROP NOT NULL;';
    const spans = findingsOf(analyze({ text }), RULE).map((f) => text.slice(f.span.start, f.span.end));
    assert.deepEqual(spans, ['ALTER shipped_at DROP NOT NULL', 'ALTER paid_at DROP NOT NULL']);
  });

  it('accepts SET NOT NULL, tables created earlier in the same script, and down scripts', () => {
    const spec = {
      text: 'ALTER TABLE a ALTER x SET NOT NULL;\nCREATE TABLE b (x int NOT NULL);\nALTER TABLE b ALTER x DROP NOT NULL;',
      down: 'ALTER TABLE a ALTER x DROP NOT NULL;',
    };
    assert.deepEqual(findingsOf(analyze(spec), RULE), []);
  });

  it('is silenced by an ignore directive', () => {
    const text = `-- migration-guard-ignore ${RULE}: readers handle NULL\nALTER TABLE a ALTER x DROP NOT NULL;`;
    assert.deepEqual(findingsOf(analyze({ text }), RULE), []);
  });
});
