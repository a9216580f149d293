import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { analyze, findingsOf } from '../../support/analyze';
import { assertFixedTo, flaggedText } from '../../support/ruleChecks';

const RULE = 'prefer-bigint-over-smallint';

describe(RULE, () => {
  it('reports smallint keys and ids on their type', () => {
    const text = 'CREATE TABLE t (id smallserial, region_id int2, rank smallint);';
    assert.deepEqual(flaggedText({ text }, RULE), ['smallserial', 'int2']);
    const findings = findingsOf(analyze({ text }), RULE);
    assert.match(findings[1].message, /a 2-byte integer, which runs out at 32,767; use bigint/);
  });

  it('leaves integer keys to prefer-bigint-over-int', () => {
    assert.deepEqual(findingsOf(analyze({ text: 'CREATE TABLE t (id int);' }), RULE), []);
  });

  it('is silenced by an ignore directive', () => {
    const text = `-- migration-guard-ignore ${RULE}: twelve months\nCREATE TABLE months (id smallint PRIMARY KEY);`;
    assert.deepEqual(findingsOf(analyze({ text }), RULE), []);
  });

  it('fixes the type to bigint', () => {
    const spec = { text: 'ALTER TABLE t ADD COLUMN region_id smallint REFERENCES regions;' };
    assertFixedTo(spec, RULE, 'ALTER TABLE t ADD COLUMN region_id bigint REFERENCES regions;');
  });
});
