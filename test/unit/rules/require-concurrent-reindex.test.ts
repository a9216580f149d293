import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { analyze, applyFirstFix, assertClean, findingsOf, upPath } from '../../support/analyze';

const RULE = 'require-concurrent-reindex';

describe(RULE, () => {
  it('reports REINDEX TABLE, INDEX, SCHEMA and DATABASE', () => {
    const text = 'REINDEX TABLE orders;\nREINDEX INDEX i;\nREINDEX SCHEMA app;\nREINDEX DATABASE db;\n';
    const findings = findingsOf(analyze({ text }), RULE);
    assert.equal(findings.length, 4);
    assert.deepEqual(findings[0].span, { start: 0, end: text.indexOf(';') });
    assert.match(findings[0].message, /^REINDEX locks orders against writes \(SHARE\)/);
    assert.match(findings[2].message, /every table of schema app/);
  });

  it('accepts REINDEX … CONCURRENTLY, and tables or indexes created earlier in the script', () => {
    assert.deepEqual(findingsOf(analyze({ text: 'REINDEX (VERBOSE) TABLE CONCURRENTLY orders;' }), RULE), []);
    const text = 'CREATE TABLE t (a int);\nCREATE INDEX i ON t (a);\nREINDEX TABLE t;\nREINDEX INDEX i;';
    assert.deepEqual(findingsOf(analyze({ text }), RULE), []);
  });

  it('is silenced by an ignore directive', () => {
    assert.deepEqual(findingsOf(analyze({ text: `-- migration-guard-ignore ${RULE}: window\nREINDEX TABLE t;` }), RULE), []);
  });

  it('before PostgreSQL 12 suggests rebuilding by hand, with no fix', () => {
    const [f] = findingsOf(analyze({ text: 'REINDEX TABLE t;' }, { pgVersion: 11 }), RULE);
    assert.match(f.message, /CREATE INDEX CONCURRENTLY, then DROP INDEX CONCURRENTLY/);
    assert.deepEqual(f.fixes, []);
  });

  it('offers no fix for REINDEX SYSTEM', () => {
    const [f] = findingsOf(analyze({ text: 'REINDEX SYSTEM db;' }), RULE);
    assert.deepEqual(f.fixes, []);
    assert.match(f.message, /REINDEX TABLE CONCURRENTLY/);
  });

  it('fix: inserts CONCURRENTLY after the target keyword, past the options', () => {
    const spec = { text: 'REINDEX (VERBOSE) TABLE orders;' };
    const { fix, files, after } = applyFirstFix([spec], RULE);
    assert.equal(fix.title, 'Reindex concurrently');
    assert.equal(files[upPath(spec)], 'REINDEX (VERBOSE) TABLE CONCURRENTLY orders;');
    assertClean(after, RULE, 'ban-concurrent-index-creation-in-transaction');
  });

  it('fix: turns off the dbmate transaction', () => {
    const spec = { format: 'dbmate' as const, text: '-- migrate:up\nREINDEX INDEX i;\n' };
    const { files, after } = applyFirstFix([spec], RULE);
    assert.equal(files[upPath(spec)], '-- migrate:up transaction:false\nREINDEX INDEX CONCURRENTLY i;\n');
    assertClean(after, RULE, 'ban-concurrent-index-creation-in-transaction');
  });
});
