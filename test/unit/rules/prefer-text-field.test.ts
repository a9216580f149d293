import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { analyze, findingsOf } from '../../support/analyze';
import { assertFixedTo, flaggedText } from '../../support/ruleChecks';

const RULE = 'prefer-text-field';

describe(RULE, () => {
  it('reports varchar(n) in both spellings on the type with its length', () => {
    const text = 'CREATE TABLE t (a varchar(255) NOT NULL, b character varying (20), c varchar, d text);';
    assert.deepEqual(flaggedText({ text }, RULE), ['varchar(255)', 'character varying (20)']);
    const findings = findingsOf(analyze({ text }), RULE);
    assert.match(findings[0].message, /^Column a of t is varchar\(255\)/);
  });

  it('reports added columns, without a fix on an existing table (a CHECK there scans it)', () => {
    const [f] = findingsOf(analyze({ text: 'ALTER TABLE users ADD COLUMN email varchar(320);' }), RULE);
    assert.deepEqual(f.fixes, []);
  });

  it('accepts changing the type of an existing column (another rule) and down scripts', () => {
    const spec = { text: 'ALTER TABLE t ALTER COLUMN a TYPE varchar(300);', down: 'CREATE TABLE t (a varchar(10));' };
    assert.deepEqual(findingsOf(analyze(spec), RULE), []);
  });

  it('is silenced by an ignore directive', () => {
    const text = `-- migration-guard-ignore ${RULE}: ISO code\nALTER TABLE users ADD COLUMN cc varchar(2);`;
    assert.deepEqual(findingsOf(analyze({ text }), RULE), []);
  });

  it('fixes a column of a new table to text with a CHECK on its length', () => {
    const spec = { text: 'CREATE TABLE t (id bigint);\nALTER TABLE t ADD "E-mail" VARCHAR(320) UNIQUE;\n' };
    assert.equal(assertFixedTo(spec, RULE, 'CREATE TABLE t (id bigint);\nALTER TABLE t ADD "E-mail" text CHECK (char_length("E-mail") <= 320) UNIQUE;\n').title, 'Use text with a CHECK on its length');
  });

  it('offers no fix for an array of varchar(n)', () => {
    const [f] = findingsOf(analyze({ text: 'CREATE TABLE t (tags varchar(20)[]);' }), RULE);
    assert.deepEqual(f.fixes, []);
  });
});
