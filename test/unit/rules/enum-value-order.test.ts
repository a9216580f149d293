import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { analyze, findingsOf } from '../../support/analyze';

const RULE = 'enum-value-order';

describe(RULE, () => {
  it('reports a value appended without BEFORE or AFTER, as info', () => {
    const text = "ALTER TYPE app.priority ADD VALUE IF NOT EXISTS 'medium';";
    const [f, ...rest] = findingsOf(analyze({ text }), RULE);
    assert.equal(rest.length, 0);
    assert.deepEqual(f.span, { start: 0, end: text.length - 1 });
    assert.equal(f.severity, 'info');
    assert.match(f.message, /^'medium' goes last in app\.priority/);
  });

  it('accepts values placed with BEFORE or AFTER, renamed values and down scripts', () => {
    const spec = {
      text: "ALTER TYPE p ADD VALUE 'medium' BEFORE 'high';\nALTER TYPE p ADD VALUE 'x' AFTER 'w';\nALTER TYPE p RENAME VALUE 'a' TO 'b';",
      down: "ALTER TYPE p ADD VALUE 'old';",
    };
    assert.deepEqual(findingsOf(analyze(spec), RULE), []);
  });

  it('is silenced by an ignore directive', () => {
    const text = `-- migration-guard-ignore ${RULE}: kinds have no order\nALTER TYPE kind ADD VALUE 'refund';`;
    assert.deepEqual(findingsOf(analyze({ text }), RULE), []);
  });
});
