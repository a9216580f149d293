import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { analyze, findingsOf } from '../../support/analyze';

const RULE = 'bulk-insert';

const valuesInsert = (rows: number) =>
  `INSERT INTO countries (code) VALUES ${Array.from({ length: rows }, (_, i) => `('c${i}')`).join(', ')};`;

describe(RULE, () => {
  it('reports INSERT … SELECT from an existing table, on the whole statement, as info', () => {
    const text = 'INSERT INTO accounts_v2 (id, email) SELECT id, email FROM accounts;';
    const [f, ...rest] = findingsOf(analyze({ text }), RULE);
    assert.equal(rest.length, 0);
    assert.deepEqual(f.span, { start: 0, end: text.length - 1 });
    assert.equal(f.severity, 'info');
    assert.match(f.message, /copies every row of accounts into accounts_v2/);
  });

  it('names every table read, joined ones included, once', () => {
    const text = 'INSERT INTO t SELECT a.id FROM a JOIN b ON b.id = a.id JOIN a AS a2 ON true;';
    const [f] = findingsOf(analyze({ text }), RULE);
    assert.match(f.message, /copies every row of a, b into t/);
  });

  it('reports more VALUES rows than the limit, which an option changes', () => {
    assert.equal(findingsOf(analyze({ text: valuesInsert(1001) }), RULE).length, 1);
    assert.deepEqual(findingsOf(analyze({ text: valuesInsert(1000) }), RULE), []);
    const options = { rules: { [RULE]: ['warning', { maxRows: 10 }] as ['warning', { maxRows: number }] } };
    const [f] = findingsOf(analyze({ text: valuesInsert(11) }, options), RULE);
    assert.match(f.message, /writes 11 rows into countries/);
    assert.equal(f.severity, 'warning');
  });

  it('accepts copying from a table created earlier in the same script, and SELECTs without a table', () => {
    const text = 'CREATE TABLE staging (id int);\nINSERT INTO users SELECT id FROM staging;\nINSERT INTO t SELECT 1;';
    assert.deepEqual(findingsOf(analyze({ text }), RULE), []);
  });

  it('ignores down scripts', () => {
    assert.deepEqual(findingsOf(analyze({ text: 'SELECT 1;', down: 'INSERT INTO a SELECT * FROM b;' }), RULE), []);
  });

  it('is silenced by an ignore directive', () => {
    const text = `-- migration-guard-ignore ${RULE}: 250 rows\nINSERT INTO a SELECT * FROM b;`;
    assert.deepEqual(findingsOf(analyze({ text }), RULE), []);
  });
});
