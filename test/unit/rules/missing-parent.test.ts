import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { analyzeRevisions, applyFirstFix, revisionPath } from '../alembic/support';
import { findingsOf } from '../../support/analyze';
import { alembicSource, type RevisionSpec } from '../../support/revisions';

const RULE = 'missing-parent';
const filesOf = (specs: RevisionSpec[]) => Object.fromEntries(specs.map((s) => [revisionPath(`${s.id}_change.py`), alembicSource(s)]));

describe(RULE, () => {
  const specs: RevisionSpec[] = [
    { id: 'aaaaaaaaaaaa' },
    { id: 'bbbbbbbbbbbb', parents: ['aaaaaaaaaaaa'] },
    { id: 'cccccccccccc', parents: ['0123456789ab'] },
    { id: 'dddddddddddd', parents: ['cccccccccccc'] },
  ];

  it('reports the missing id where the file names it', () => {
    const files = filesOf(specs);
    const [finding, ...more] = findingsOf(analyzeRevisions(files), RULE);
    assert.deepEqual(more, []);
    assert.equal(finding.path, revisionPath('cccccccccccc_change.py'));
    assert.equal(files[finding.path].slice(finding.span.start, finding.span.end), '0123456789ab');
    assert.match(finding.message, /^down_revision names 0123456789ab, but no revision in this folder has that id/);
    assert.equal(finding.severity, 'error');
  });

  it('offers the heads not built on the revision, and the first fix links it', () => {
    const { finding, files, after } = applyFirstFix(filesOf(specs), RULE);
    // dddddddddddd is a head too, but it sits on cccccccccccc: pointing there would make a cycle.
    assert.deepEqual(finding.fixes.map((f) => f.title), ['Set down_revision to bbbbbbbbbbbb (head: change)']);
    assert.match(files[revisionPath('cccccccccccc_change.py')], /^down_revision = 'bbbbbbbbbbbb'$/m);
    assert.deepEqual(findingsOf(after, RULE), []);
  });

  it('reports a depends_on that names no revision or label', () => {
    const withDependency: RevisionSpec[] = [{ id: 'aaaaaaaaaaaa', branchLabels: ['core'] }, { id: 'bbbbbbbbbbbb', parents: ['aaaaaaaaaaaa'], dependsOn: ['core', 'nowhere'] }];
    const files = filesOf(withDependency);
    const findings = findingsOf(analyzeRevisions(files), RULE);
    assert.deepEqual(
      findings.map((f) => [files[f.path].slice(f.span.start, f.span.end), f.message.split(',')[0]]),
      [['nowhere', 'depends_on names nowhere']],
    );
  });

  it('accepts a folder whose references all resolve', () => {
    assert.deepEqual(findingsOf(analyzeRevisions(filesOf(specs.slice(0, 2))), RULE), []);
  });
});
