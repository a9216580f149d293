import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { analyzeRevisions, revisionPath } from '../alembic/support';
import { findingsOf } from '../../support/analyze';
import { alembicSource, type RevisionSpec } from '../../support/revisions';

const RULE = 'revision-cycle';
const filesOf = (specs: RevisionSpec[]) => Object.fromEntries(specs.map((s) => [revisionPath(`${s.id}_change.py`), alembicSource(s)]));

describe(RULE, () => {
  it('reports every revision on a cycle, on its revision line', () => {
    const files = filesOf([
      { id: 'aaaaaaaaaaaa' },
      { id: 'bbbbbbbbbbbb', parents: ['cccccccccccc'] },
      { id: 'cccccccccccc', parents: ['bbbbbbbbbbbb'] },
    ]);
    const findings = findingsOf(analyzeRevisions(files), RULE);
    assert.deepEqual(
      findings.map((f) => [f.path, files[f.path].slice(f.span.start, f.span.end)]),
      [
        [revisionPath('bbbbbbbbbbbb_change.py'), "revision = 'bbbbbbbbbbbb'"],
        [revisionPath('cccccccccccc_change.py'), "revision = 'cccccccccccc'"],
      ],
    );
    assert.match(findings[0].message, /^Revisions bbbbbbbbbbbb, cccccccccccc lead back to themselves/);
    assert.equal(findings[0].severity, 'error');
  });

  it('reports a revision that is its own parent, or reaches itself through depends_on', () => {
    const self = findingsOf(analyzeRevisions(filesOf([{ id: 'aaaaaaaaaaaa', parents: ['aaaaaaaaaaaa'] }])), RULE);
    assert.match(self[0].message, /^Revision aaaaaaaaaaaa names itself as its own down revision/);
    const viaDependency = filesOf([
      { id: 'aaaaaaaaaaaa', dependsOn: ['bbbbbbbbbbbb'] },
      { id: 'bbbbbbbbbbbb', parents: ['aaaaaaaaaaaa'] },
    ]);
    assert.equal(findingsOf(analyzeRevisions(viaDependency), RULE).length, 2);
  });

  it('accepts a graph without cycles', () => {
    const files = filesOf([{ id: 'aaaaaaaaaaaa' }, { id: 'bbbbbbbbbbbb', parents: ['aaaaaaaaaaaa'] }, { id: 'cccccccccccc', parents: ['aaaaaaaaaaaa', 'bbbbbbbbbbbb'] }]);
    assert.deepEqual(findingsOf(analyzeRevisions(files), RULE), []);
  });
});
