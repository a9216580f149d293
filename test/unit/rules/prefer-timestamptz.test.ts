import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { analyze, findingsOf } from '../../support/analyze';
import { assertFixedTo, flaggedText } from '../../support/ruleChecks';

const RULE = 'prefer-timestamptz';

describe(RULE, () => {
  it('reports timestamp without time zone in its spellings, on the type', () => {
    const text = 'CREATE TABLE t (a timestamp, b timestamp(3) without time zone NOT NULL, c timestamptz, d timestamp with time zone);';
    assert.deepEqual(flaggedText({ text }, RULE), ['timestamp', 'timestamp(3) without time zone']);
    const findings = findingsOf(analyze({ text }), RULE);
    assert.match(findings[0].message, /^Column a of t is timestamp without time zone/);
  });

  it('accepts existing columns and down scripts', () => {
    const spec = { text: 'ALTER TABLE t ALTER a TYPE timestamp;', down: 'ALTER TABLE t ADD COLUMN a timestamp;' };
    assert.deepEqual(findingsOf(analyze(spec), RULE), []);
  });

  it('is silenced by an ignore directive', () => {
    const text = `-- migration-guard-ignore ${RULE}: local opening time\nALTER TABLE s ADD COLUMN opens_at timestamp;`;
    assert.deepEqual(findingsOf(analyze({ text }), RULE), []);
  });

  it('fixes the type to timestamptz, keeping its precision and array brackets', () => {
    const spec = { text: 'ALTER TABLE t ADD COLUMN at TIMESTAMP (6) WITHOUT TIME ZONE[] DEFAULT NULL;' };
    assert.equal(assertFixedTo(spec, RULE, 'ALTER TABLE t ADD COLUMN at timestamptz(6)[] DEFAULT NULL;').title, 'Use timestamptz(6)');
  });
});
