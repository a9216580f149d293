import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { analyzeFolder } from '../../../server/src/core/engine';
import { analyzeRevisions, applyFirstFix, revisionPath } from '../alembic/support';
import { findingsOf } from '../../support/analyze';
import { alembicSource, chain, type RevisionSpec } from '../../support/revisions';

const RULE = 'multiple-heads';
const filesOf = (specs: RevisionSpec[]) => Object.fromEntries(specs.map((s) => [revisionPath(`${s.id}_change.py`), alembicSource(s)]));

const forked: RevisionSpec[] = [
  { id: 'aaaaaaaaaaaa' },
  { id: 'bbbbbbbbbbbb', parents: ['aaaaaaaaaaaa'] },
  { id: 'cccccccccccc', parents: ['aaaaaaaaaaaa'] },
];

describe(RULE, () => {
  it("reports each head on its revision line, naming the others", () => {
    const files = filesOf(forked);
    const findings = findingsOf(analyzeRevisions(files), RULE);
    assert.deepEqual(
      findings.map((f) => [f.path, files[f.path].slice(f.span.start, f.span.end), f.message]),
      [
        [
          revisionPath('bbbbbbbbbbbb_change.py'),
          "revision = 'bbbbbbbbbbbb'",
          'Revision bbbbbbbbbbbb is a head, and so is cccccccccccc: `alembic upgrade head` refuses to choose between them. Merge them into one revision (`alembic merge heads`).',
        ],
        [
          revisionPath('cccccccccccc_change.py'),
          "revision = 'cccccccccccc'",
          'Revision cccccccccccc is a head, and so is bbbbbbbbbbbb: `alembic upgrade head` refuses to choose between them. Merge them into one revision (`alembic merge heads`).',
        ],
      ],
    );
    assert.equal(findings[0].severity, 'error');
  });

  it('fixes by creating the merge revision alembic merge heads would write', () => {
    const { fix, after } = applyFirstFix(filesOf(forked), RULE);
    const [edit] = fix.edits;
    assert.equal(edit.create, true);
    assert.match(edit.path, /\/versions\/[0-9a-f]{12}_merge_bbbbbb_cccccc\.py$/);
    assert.match(edit.newText, /^down_revision = \('bbbbbbbbbbbb', 'cccccccccccc'\)$/m);
    assert.match(edit.newText, /^branch_labels = None\ndepends_on = None$/m);
    assert.deepEqual(findingsOf(after, RULE), []);
    const merge = after.folder.migrations.find((m) => edit.path === m.path)!;
    assert.deepEqual(merge.parents, ['bbbbbbbbbbbb', 'cccccccccccc']);
    // Deterministic: the same heads always give the same revision.
    assert.equal(applyFirstFix(filesOf(forked), RULE).fix.edits[0].path, edit.path);
  });

  it('leaves heads of differently labelled branches alone, but not two heads of one branch', () => {
    const labelled: RevisionSpec[] = [
      { id: 'aaaaaaaaaaaa' },
      { id: 'eeeeeeeeeeee', parents: ['aaaaaaaaaaaa'], branchLabels: ['expand'] },
      { id: 'ffffffffffff', parents: ['aaaaaaaaaaaa'], branchLabels: ['contract'] },
    ];
    assert.deepEqual(findingsOf(analyzeRevisions(filesOf(labelled)), RULE), []);
    const twoExpandHeads = [...labelled, { id: '111111111111', parents: ['eeeeeeeeeeee'] }, { id: '222222222222', parents: ['eeeeeeeeeeee'] }];
    assert.deepEqual(
      findingsOf(analyzeRevisions(filesOf(twoExpandHeads)), RULE).map((f) => f.path),
      [revisionPath('111111111111_change.py'), revisionPath('222222222222_change.py')],
    );
  });

  it('accepts one head, and a linear format', () => {
    assert.deepEqual(findingsOf(analyzeRevisions(filesOf(forked.slice(0, 2))), RULE), []);
    assert.deepEqual(findingsOf(analyzeFolder(chain(5), { pgVersion: 16 }), RULE), []);
  });

  it('is turned off in the configuration', () => {
    const folder = analyzeRevisions(filesOf(forked)).folder;
    assert.deepEqual(findingsOf(analyzeFolder(folder, { pgVersion: 16, rules: { [RULE]: 'off' } }), RULE), []);
  });
});
