import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { analyze, applyFirstFix, assertClean, findingsOf, upPath } from '../../support/analyze';

const RULE = 'require-concurrent-refresh-materialized-view';

describe(RULE, () => {
  it('reports a plain refresh on the whole statement', () => {
    const text = 'REFRESH MATERIALIZED VIEW app.totals;';
    const [f, ...rest] = findingsOf(analyze({ text }), RULE);
    assert.equal(rest.length, 0);
    assert.deepEqual(f.span, { start: 0, end: text.length - 1 });
    assert.match(f.message, /^Refreshing app\.totals holds an ACCESS EXCLUSIVE lock/);
  });

  it('accepts CONCURRENTLY, WITH NO DATA, and a view created earlier in the script', () => {
    assert.deepEqual(findingsOf(analyze({ text: 'REFRESH MATERIALIZED VIEW CONCURRENTLY totals;' }), RULE), []);
    assert.deepEqual(findingsOf(analyze({ text: 'REFRESH MATERIALIZED VIEW totals WITH NO DATA;' }), RULE), []);
    const text = 'CREATE MATERIALIZED VIEW totals AS SELECT 1 AS a WITH NO DATA;\nREFRESH MATERIALIZED VIEW totals;';
    assert.deepEqual(findingsOf(analyze({ text }), RULE), []);
  });

  it('is silenced by an ignore directive', () => {
    assert.deepEqual(findingsOf(analyze({ text: `-- migration-guard-ignore ${RULE}: unused\nREFRESH MATERIALIZED VIEW v;` }), RULE), []);
  });

  it('fix: inserts CONCURRENTLY after VIEW, with no transaction change', () => {
    const spec = { format: 'dbmate' as const, text: '-- migrate:up\nREFRESH MATERIALIZED VIEW totals;\n' };
    const { fix, files, after } = applyFirstFix([spec], RULE);
    assert.equal(fix.edits.length, 1);
    assert.equal(files[upPath(spec)], '-- migrate:up\nREFRESH MATERIALIZED VIEW CONCURRENTLY totals;\n');
    assertClean(after, RULE);
  });
});
