import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { analyze, findingsOf } from '../../support/analyze';
import { assertFixedTo } from '../../support/ruleChecks';

const RULE = 'prefer-jsonb';

describe(RULE, () => {
  it('reports json columns on the type, as info', () => {
    const text = 'CREATE TABLE t (a json, b jsonb);';
    const [f, ...rest] = findingsOf(analyze({ text }), RULE);
    assert.equal(rest.length, 0);
    assert.deepEqual(f.span, { start: text.indexOf('json'), end: text.indexOf('json') + 4 });
    assert.equal(f.severity, 'info');
  });

  it('accepts existing columns and down scripts', () => {
    const spec = { text: 'ALTER TABLE t ALTER a TYPE json;', down: 'ALTER TABLE t ADD COLUMN a json;' };
    assert.deepEqual(findingsOf(analyze(spec), RULE), []);
  });

  it('is silenced by an ignore directive', () => {
    const text = `-- migration-guard-ignore ${RULE}: exact body for signatures\nALTER TABLE w ADD COLUMN raw json;`;
    assert.deepEqual(findingsOf(analyze({ text }), RULE), []);
  });

  it('fixes the type to jsonb', () => {
    const spec = { text: "ALTER TABLE t ADD COLUMN payload JSON NOT NULL DEFAULT '{}';" };
    assertFixedTo(spec, RULE, "ALTER TABLE t ADD COLUMN payload jsonb NOT NULL DEFAULT '{}';");
  });
});
