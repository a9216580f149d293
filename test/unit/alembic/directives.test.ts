import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { analyzeRevisions, revision, revisionPath } from './support';

const RULE = 'require-concurrent-index-creation';
const INDEX = ['op.create_index("ix_orders_user", "orders", ["user_id"])'];
const A = revisionPath('aa01_index.py');
const B = revisionPath('bb02_index.py');

/** The revision with `comment` as a line of its own right after the imports. */
const withModuleComment = (source: string, comment: string) => source.replace('from alembic import op\n', `from alembic import op\n${comment}\n`);

const ids = (analysis: ReturnType<typeof analyzeRevisions>, path: string) => analysis.findings.filter((f) => f.path === path).map((f) => f.ruleId);

describe('Alembic: file-wide ignore comments at module level', () => {
  it('# migration-guard-ignore-file silences the rule on every call of its own file only', () => {
    const files = {
      [A]: withModuleComment(revision('aa01', null, INDEX), `# migration-guard-ignore-file ${RULE}: orders is created empty by this release`),
      [B]: revision('bb02', 'aa01', INDEX),
    };
    const analysis = analyzeRevisions(files);
    assert.ok(!ids(analysis, A).includes(RULE));
    assert.ok(!ids(analysis, A).includes('unused-ignore'));
    assert.ok(ids(analysis, B).includes(RULE));
  });

  it('silences findings about the revision as a whole (an empty downgrade) too', () => {
    const plain = revision('aa01', null, INDEX);
    const before = ids(analyzeRevisions({ [A]: plain }), A);
    assert.ok(before.includes('missing-down-migration'), before.join());
    const ignored = withModuleComment(plain, '# migration-guard-ignore-file missing-down-migration: the table is dropped by hand');
    assert.ok(!ids(analyzeRevisions({ [A]: ignored }), A).includes('missing-down-migration'));
  });

  it('a file-wide comment naming a rule that reports nothing is reported as unused, at the comment', () => {
    const comment = '# migration-guard-ignore-file ban-drop-table: nothing is dropped';
    const text = withModuleComment(revision('aa01', null, INDEX), comment);
    const unused = analyzeRevisions({ [A]: text }).findings.filter((f) => f.ruleId === 'unused-ignore');
    assert.equal(unused.length, 1);
    assert.equal(text.slice(unused[0].span.start, unused[0].span.end), comment);
  });

  it('a one-statement directive at module level covers no call: it silences nothing and is reported', () => {
    const comment = `# migration-guard-ignore ${RULE}: meant for the whole file`;
    const analysis = analyzeRevisions({ [A]: withModuleComment(revision('aa01', null, INDEX), comment) });
    assert.ok(ids(analysis, A).includes(RULE));
    assert.ok(ids(analysis, A).includes('unused-ignore'));
  });
});
