import * as assert from 'node:assert/strict';
import { analyzeFolder, type EngineOptions } from '../../server/src/core/engine';
import type { Finding } from '../../server/src/core/model';
import { rulesById } from '../../server/src/core/rules';
import { applyEdits, type Files } from '../support/edits';
import { filesOf, folderFrom, upPath, type MigrationSpec } from '../support/analyze';

const ENGINE: EngineOptions = { pgVersion: 16 };
// Two rules are enough, and keep these tests apart from what other rules think of the SQL.
const RULES = [rulesById.get('ban-drop-table')!, rulesById.get('ban-drop-column')!];

function check(text: string, options: EngineOptions = ENGINE, files?: Files) {
  const specs: MigrationSpec[] = [{ text, down: 'SELECT 1;\n' }];
  const all = files ?? filesOf(specs);
  return { files: all, findings: analyzeFolder(folderFrom(all, specs), options, RULES).findings, file: upPath(specs[0]) };
}

const ids = (findings: { ruleId: string }[]) => findings.map((f) => f.ruleId);

/** Applies the fix of each finding, checks that the file is then clean, and returns its text. */
function fixed(result: ReturnType<typeof check>, findings: Finding[]): string {
  const files = applyEdits(result.files, findings.flatMap((f) => f.fixes[0].edits));
  assert.deepEqual(ids(check('', ENGINE, files).findings), []);
  return files[result.file];
}

describe('ignore comments', () => {
  it('an ignore that silences a finding is used: nothing is reported', () => {
    const { findings } = check('-- migration-guard-ignore ban-drop-table: archived in v3\nDROP TABLE legacy;\n');
    assert.deepEqual(ids(findings), []);
  });

  it('an ignore that silences nothing is reported at the comment, and its fix removes the line', () => {
    const text = 'SELECT 1;\n  -- migration-guard-ignore ban-drop-table: archived in v3\nCREATE TABLE t (id bigint);\n';
    const result = check(text);
    const unused = result.findings.find((f) => f.ruleId === 'unused-ignore')!;
    assert.equal(unused.severity, 'warning');
    assert.equal(text.slice(unused.span.start, unused.span.end), '-- migration-guard-ignore ban-drop-table: archived in v3');
    assert.match(unused.message, /silences nothing: ban-drop-table reports nothing here/);
    assert.equal(unused.fixes[0].title, 'Remove unused ignore');
    assert.equal(fixed(result, [unused]), 'SELECT 1;\nCREATE TABLE t (id bigint);\n');
  });

  it('names what silenced nothing when only part of the ignore is stale, and the fix keeps the rest', () => {
    const text = '-- migration-guard-ignore ban-drop-table, ban-drop-column, no-such-rule: reviewed\nDROP TABLE legacy;\n';
    const result = check(text);
    const unused = result.findings.find((f) => f.ruleId === 'unused-ignore')!;
    assert.match(unused.message, /"no-such-rule" is not a Migration Guard rule; ban-drop-column reports nothing here/);
    assert.equal(unused.fixes[0].title, 'Remove ban-drop-column, no-such-rule from the ignore');
    assert.equal(fixed(result, [unused]), '-- migration-guard-ignore ban-drop-table: reviewed\nDROP TABLE legacy;\n');
  });

  it('checks file-wide ignores, block comments and ignores above no statement', () => {
    const text = '/* migration-guard-ignore-file ban-drop-column: legacy */\nSELECT 1; -- migration-guard-ignore: trailing\n';
    const result = check(text);
    assert.deepEqual(ids(result.findings), ['unused-ignore', 'unused-ignore']);
    assert.equal(fixed(result, result.findings), 'SELECT 1;\n');
  });

  it('does not hold a rule that is off against an ignore that names it', () => {
    const text = '-- migration-guard-ignore ban-drop-table: reviewed\nSELECT 1;\n';
    assert.deepEqual(ids(check(text, { pgVersion: 16, rules: { 'ban-drop-table': 'off' } }).findings), []);
    assert.deepEqual(ids(check(text, { pgVersion: 16, rules: { 'unused-ignore': 'off' } }).findings), []);
    assert.equal(check(text, { pgVersion: 16, rules: { 'unused-ignore': 'error' } }).findings[0].severity, 'error');
  });

  it('reports an ignore without a reason as ignore-missing-reason (info), not when it is unused', () => {
    const used = check('-- migration-guard-ignore ban-drop-table\nDROP TABLE legacy;\n').findings;
    assert.deepEqual(used.map((f) => [f.ruleId, f.severity]), [['ignore-missing-reason', 'info']]);
    assert.deepEqual(ids(check('-- migration-guard-ignore ban-drop-table\nSELECT 1;\n').findings), ['unused-ignore']);
  });

  it('honours squawk-ignore through the rules\' squawk names only when the configuration says so', () => {
    const text = '-- squawk-ignore ban-drop-table\nDROP TABLE legacy;\n';
    assert.deepEqual(ids(check(text).findings), ['ban-drop-table']);
    assert.deepEqual(ids(check(text, { ...ENGINE, honorSquawkIgnores: true }).findings), []);
    // A squawk comment that silences nothing is squawk's business.
    assert.deepEqual(ids(check('-- squawk-ignore ban-drop-table\nSELECT 1;\n', { ...ENGINE, honorSquawkIgnores: true }).findings), []);
  });
});
