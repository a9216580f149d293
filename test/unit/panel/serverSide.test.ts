// The server's parts behind the panel that need no editor: code lenses with a known applied
// state, the dates on graph nodes, and ranges of revisions across a branch.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Migration } from '../../../server/src/core/model';
import { migrationDate } from '../../../server/src/core/migrationDate';
import { LineIndex } from '../../../server/src/core/text/lineIndex';
import { codeLensesFor } from '../../../server/src/lsp/codeLens';
import { analysesOf, payloadOf, previewOf } from '../../support/graphPayloads';
import { corpusRoot } from '../../support/paths';
import { alembicSource } from '../../support/revisions';
import { removeWorkspace, tempWorkspace } from '../../support/tempWorkspace';

const REDASH = path.join(corpusRoot, 'redash', 'migrations', 'versions');

describe('panel requests on the server side', () => {
  it('labels a code lens with where the migration stands, as the lookup says', async () => {
    const [analysis] = await analysesOf(REDASH);
    const { migration } = analysis.units[3];
    const index = new LineIndex(migration.up.text);
    const asked: [string, string][] = [];
    const lenses = codeLensesFor(analysis, migration.path, index, (folder, id) => (asked.push([folder, id]), { environment: 'staging', state: 'pending' }));
    assert.deepEqual(asked, [[analysis.folder.path, migration.id]]);
    assert.deepEqual(
      lenses.map((l) => l.command?.title),
      ['$(play) Dry run', '$(preview) Preview SQL', 'pending on staging', '$(git-merge) Open in graph'],
    );
    assert.equal(lenses[2].command?.command, '', 'the state is a label, not a command');
    assert.match(migration.up.text.split('\n')[lenses[0].range.start.line], /^revision = /);
  });

  it("dates Alembic revisions from their docstring and timestamp versions from the id", async () => {
    const graph = await payloadOf(REDASH);
    const dated = graph.folders[0].nodes.filter((n) => n.date);
    assert.equal(dated.length, graph.folders[0].nodes.length);
    for (const n of dated) assert.match(n.date!, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/);
    const sql = (id: string) => ({ id, format: 'dbmate', up: { text: '' } }) as unknown as Migration;
    assert.equal(migrationDate(sql('20240108234540')), '2024-01-08 23:45:40');
    assert.equal(migrationDate(sql('0001')), undefined);
    assert.equal(migrationDate(sql('20241308234540')), undefined, 'month 13 is no date');
  });

  it('previews a range across a branch: the revisions on the path between the two, not the side branch', async () => {
    const root = tempWorkspace({
      'alembic.ini': '[alembic]\nscript_location = alembic\n',
      'alembic/env.py': '',
      'alembic/versions/aaa_change.py': alembicSource({ id: 'aaa' }),
      'alembic/versions/bbb_change.py': alembicSource({ id: 'bbb', parents: ['aaa'] }),
      'alembic/versions/ccc_change.py': alembicSource({ id: 'ccc', parents: ['aaa'] }),
      'alembic/versions/ddd_change.py': alembicSource({ id: 'ddd', parents: ['bbb'] }),
    });
    try {
      const [analysis] = await analysesOf(root);
      const file = (id: string) => path.join(root, 'alembic', 'versions', `${id}_change.py`);
      assert.deepEqual(previewOf(analysis, file('aaa'), { direction: 'up', to: 'ddd' }).migrations.map((m) => m.id), ['aaa', 'bbb', 'ddd']);
      assert.deepEqual(previewOf(analysis, file('ddd'), { direction: 'down', to: 'aaa' }).migrations.map((m) => m.id), ['ddd', 'bbb', 'aaa']);
      // Two revisions on different branches: everything that sorts between them in history order.
      const order = (await payloadOf(root)).folders[0].nodes.map((n) => n.id);
      const [i, j] = [order.indexOf('ccc'), order.indexOf('ddd')].sort((x, y) => x - y);
      assert.deepEqual(previewOf(analysis, file('ccc'), { direction: 'up', to: 'ddd' }).migrations.map((m) => m.id), order.slice(i, j + 1));
    } finally {
      removeWorkspace(root);
    }
  });
});
