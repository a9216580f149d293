import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { analyze, findingsOf } from '../../support/analyze';

const RULE = 'ban-alter-domain-with-add-constraint';

describe(RULE, () => {
  it('reports ADD CONSTRAINT without NOT VALID', () => {
    const text = 'ALTER DOMAIN app.amount ADD CONSTRAINT amount_positive CHECK (VALUE > 0);';
    const [f, ...rest] = findingsOf(analyze({ text }), RULE);
    assert.equal(rest.length, 0);
    assert.deepEqual(f.span, { start: 0, end: text.length - 1 });
    assert.match(f.message, /^Adding a constraint to domain app\.amount checks every row of every table/);
  });

  it('accepts NOT VALID, VALIDATE CONSTRAINT and other ALTER DOMAIN forms', () => {
    const text = 'ALTER DOMAIN amount ADD CONSTRAINT c CHECK (VALUE > 0) NOT VALID;\nALTER DOMAIN amount VALIDATE CONSTRAINT c;\nALTER DOMAIN amount SET DEFAULT 0;';
    assert.deepEqual(findingsOf(analyze({ text }), RULE), []);
  });

  it('accepts a domain created earlier in the script', () => {
    const text = 'CREATE DOMAIN amount AS numeric;\nALTER DOMAIN amount ADD CONSTRAINT c CHECK (VALUE > 0);';
    assert.deepEqual(findingsOf(analyze({ text }), RULE), []);
  });

  it('is silenced by an ignore directive', () => {
    const text = `-- migration-guard-ignore ${RULE}: unused domain\nALTER DOMAIN d ADD CONSTRAINT c CHECK (VALUE > 0);`;
    assert.deepEqual(findingsOf(analyze({ text }), RULE), []);
  });
});
