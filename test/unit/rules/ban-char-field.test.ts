import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { analyze, findingsOf } from '../../support/analyze';
import { assertFixedTo, flaggedText } from '../../support/ruleChecks';

const RULE = 'ban-char-field';

describe(RULE, () => {
  it('reports char, char(n), character(n) and bpchar on the type', () => {
    const text = 'CREATE TABLE t (a char, b char(2), c character (3), d bpchar, e varchar(2), f "char");';
    assert.deepEqual(flaggedText({ text }, RULE), ['char', 'char(2)', 'character (3)', 'bpchar']);
    const findings = findingsOf(analyze({ text }), RULE);
    assert.match(findings[1].message, /^Column b of t is char\(n\), which pads every value/);
  });

  it('reports added columns, without a fix on an existing table', () => {
    const [f] = findingsOf(analyze({ text: 'ALTER TABLE countries ADD COLUMN code char(2);' }), RULE);
    assert.deepEqual(f.fixes, []);
  });

  it('ignores down scripts', () => {
    assert.deepEqual(findingsOf(analyze({ text: 'DROP TABLE t;', down: 'CREATE TABLE t (c char(2));' }), RULE), []);
  });

  it('is silenced by an ignore directive', () => {
    const text = `-- migration-guard-ignore ${RULE}: mainframe export\nCREATE TABLE t (c char(3));`;
    assert.deepEqual(findingsOf(analyze({ text }), RULE), []);
  });

  it('fixes a column of a new table to text with a CHECK on its length', () => {
    const spec = { text: 'CREATE TABLE countries (code CHAR(2) PRIMARY KEY);' };
    assertFixedTo(spec, RULE, 'CREATE TABLE countries (code text CHECK (char_length(code) <= 2) PRIMARY KEY);');
  });
});
