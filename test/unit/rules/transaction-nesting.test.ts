import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { analyze, applyFirstFix, assertClean, findingsOf, upPath } from '../../support/analyze';

const RULE = 'transaction-nesting';

describe(RULE, () => {
  const goose = '-- +goose Up\nBEGIN;\nALTER TABLE t ADD COLUMN a int;\nCOMMIT;\n-- +goose Down\nALTER TABLE t DROP COLUMN a;\n';

  it('reports BEGIN and COMMIT in a migration the runner wraps', () => {
    const findings = findingsOf(analyze({ format: 'goose', text: goose }), RULE);
    assert.equal(findings.length, 2);
    const start = goose.indexOf('BEGIN');
    assert.deepEqual(findings[0].span, { start, end: start + 5 });
    assert.match(findings[0].message, /^goose already runs this migration in a transaction: this BEGIN only draws a warning/);
    assert.match(findings[1].message, /this statement ends that transaction early/);
  });

  it('reports them for Flyway and dbmate too, but not when the runner does not wrap', () => {
    assert.equal(findingsOf(analyze({ format: 'flyway', text: 'BEGIN;\nSELECT 1;\nCOMMIT;' }), RULE).length, 2);
    assert.equal(findingsOf(analyze({ format: 'dbmate', text: '-- migrate:up\nSTART TRANSACTION;\nSELECT 1;\nEND;\n' }), RULE).length, 2);
    assert.deepEqual(findingsOf(analyze({ text: 'BEGIN;\nSELECT 1;\nCOMMIT;' }), RULE), []);
    assert.deepEqual(findingsOf(analyze({ format: 'goose', text: `-- +goose NO TRANSACTION\n${goose}` }), RULE), []);
  });

  it('reports a BEGIN inside an open explicit transaction', () => {
    const text = 'BEGIN;\nSELECT 1;\nBEGIN;\nSELECT 2;\nCOMMIT;\nBEGIN;\nCOMMIT;';
    const [f, ...rest] = findingsOf(analyze({ text }), RULE);
    assert.equal(rest.length, 0);
    assert.equal(f.span.start, text.indexOf('BEGIN', 1));
    assert.deepEqual(f.fixes, []);
  });

  it('is silenced by an ignore directive', () => {
    const text = `-- +goose Up\n-- migration-guard-ignore ${RULE}: deliberate\nCOMMIT;\n`;
    assert.deepEqual(findingsOf(analyze({ format: 'goose', text }), RULE), []);
  });

  it('fix: removes every BEGIN and COMMIT of the script with their lines', () => {
    const spec = { format: 'goose' as const, text: goose };
    const { fix, files, after } = applyFirstFix([spec], RULE);
    assert.match(fix.title, /^Remove BEGIN and COMMIT/);
    assert.equal(files[upPath(spec)], '-- +goose Up\nALTER TABLE t ADD COLUMN a int;\n-- +goose Down\nALTER TABLE t DROP COLUMN a;\n');
    assertClean(after, RULE);
  });

  it('fix: keeps other statements sharing the line', () => {
    const spec = { format: 'flyway' as const, text: 'BEGIN; SELECT 1; COMMIT;\n' };
    const { files, after } = applyFirstFix([spec], RULE);
    assert.equal(files[upPath(spec)], 'SELECT 1; \n');
    assertClean(after, RULE);
  });
});
