import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { analyze, applyFirstFix, assertClean, findingsOf, upPath } from '../../support/analyze';

const RULE = 'ban-uncommitted-transaction';

describe(RULE, () => {
  it('reports a BEGIN never committed, on the BEGIN', () => {
    const text = 'BEGIN;\nALTER TABLE t ADD COLUMN a int;\n';
    const [f, ...rest] = findingsOf(analyze({ text }), RULE);
    assert.equal(rest.length, 0);
    assert.deepEqual(f.span, { start: 0, end: 5 });
    assert.equal(f.severity, 'error');
  });

  it('accepts a committed or rolled back transaction, and reports one opened again', () => {
    assert.deepEqual(findingsOf(analyze({ text: 'BEGIN;\nSELECT 1;\nCOMMIT;' }), RULE), []);
    assert.deepEqual(findingsOf(analyze({ text: 'BEGIN;\nSELECT 1;\nROLLBACK;' }), RULE), []);
    const text = 'BEGIN;\nSELECT 1;\nCOMMIT;\nSTART TRANSACTION;\nSELECT 2;';
    assert.equal(findingsOf(analyze({ text }), RULE)[0].span.start, text.indexOf('START'));
  });

  it('leaves migrations the runner wraps to transaction-nesting', () => {
    assert.deepEqual(findingsOf(analyze({ format: 'goose', text: '-- +goose Up\nBEGIN;\nSELECT 1;\n' }), RULE), []);
  });

  it('checks down scripts too', () => {
    assert.equal(findingsOf(analyze({ text: 'SELECT 1;', down: 'BEGIN;\nSELECT 2;' }), RULE).length, 1);
  });

  it('is silenced by an ignore directive', () => {
    assert.deepEqual(findingsOf(analyze({ text: `-- migration-guard-ignore ${RULE}: committed by the next file\nBEGIN;\nSELECT 1;` }), RULE), []);
  });

  it('fix: appends COMMIT after the last statement, terminating it when needed', () => {
    const spec = { text: 'BEGIN;\nALTER TABLE t ADD COLUMN a int -- note\n' };
    const { fix, files, after } = applyFirstFix([spec], RULE);
    assert.equal(fix.title, 'Add COMMIT at the end of the script');
    assert.equal(files[upPath(spec)], 'BEGIN;\nALTER TABLE t ADD COLUMN a int;\nCOMMIT; -- note\n');
    assertClean(after, RULE);
  });
});
