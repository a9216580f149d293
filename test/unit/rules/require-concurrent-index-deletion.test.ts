import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { analyze, applyFirstFix, assertClean, findingsOf, upPath } from '../../support/analyze';

const RULE = 'require-concurrent-index-deletion';
const IN_TRANSACTION = 'ban-concurrent-index-creation-in-transaction';

describe(RULE, () => {
  it('reports DROP INDEX without CONCURRENTLY on the whole statement', () => {
    const text = 'DROP INDEX IF EXISTS app.users_email;\n';
    const [f, ...rest] = findingsOf(analyze({ text }), RULE);
    assert.equal(rest.length, 0);
    assert.deepEqual(f.span, { start: 0, end: text.indexOf(';') });
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /^Dropping app\.users_email takes an ACCESS EXCLUSIVE lock/);
  });

  it('accepts DROP INDEX CONCURRENTLY', () => {
    assert.deepEqual(findingsOf(analyze({ text: 'DROP INDEX CONCURRENTLY i;' }), RULE), []);
  });

  it('accepts dropping an index created earlier in the same script, even with IF EXISTS', () => {
    const text = 'CREATE TABLE t (a int);\nCREATE INDEX i ON t (a);\nDROP INDEX IF EXISTS i;';
    assert.deepEqual(findingsOf(analyze({ text }), RULE), []);
  });

  it('still reports an index created in an earlier migration, and ignores down scripts', () => {
    const specs = [{ text: 'CREATE INDEX CONCURRENTLY i ON t (a);' }, { text: 'DROP INDEX i;', down: 'DROP INDEX j;' }];
    const findings = findingsOf(analyze(specs), RULE);
    assert.equal(findings.length, 1);
    assert.equal(findings[0].path, upPath(specs[1], 1));
  });

  it('is silenced by an ignore directive', () => {
    const text = `-- migration-guard-ignore ${RULE}: tiny table\nDROP INDEX i;`;
    assert.deepEqual(findingsOf(analyze({ text }), RULE), []);
  });

  it('offers no fix for several indexes or CASCADE, which CONCURRENTLY does not allow', () => {
    assert.deepEqual(findingsOf(analyze({ text: 'DROP INDEX i, j;' }), RULE)[0].fixes, []);
    assert.deepEqual(findingsOf(analyze({ text: 'DROP INDEX i CASCADE;' }), RULE)[0].fixes, []);
  });

  describe('fix', () => {
    it('inserts CONCURRENTLY after INDEX when the statement is alone in its file', () => {
      const spec = { text: 'drop /* index */ index if exists "INDEX";\n' };
      const { fix, files, after } = applyFirstFix([spec], RULE);
      assert.equal(fix.title, 'Drop the index concurrently');
      assert.equal(files[upPath(spec)], 'drop /* index */ index CONCURRENTLY if exists "INDEX";\n');
      assertClean(after, RULE, IN_TRANSACTION);
    });

    it('turns off the goose transaction', () => {
      const spec = { format: 'goose' as const, text: '-- +goose Up\nDROP INDEX i;\nSELECT 1;\n' };
      const { fix, files, after } = applyFirstFix([spec], RULE);
      assert.match(fix.title, /NO TRANSACTION/);
      assert.ok(files[upPath(spec)].startsWith('-- +goose NO TRANSACTION\n-- +goose Up\nDROP INDEX CONCURRENTLY i;'));
      assertClean(after, RULE, IN_TRANSACTION);
    });
  });
});
