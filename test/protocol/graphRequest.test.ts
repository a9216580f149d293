import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { GRAPH_REQUEST, type GraphPayload } from '../../client/webview/protocol';
import { LspClient } from '../support/lspClient';
import { alembicSource } from '../support/revisions';
import { removeWorkspace, tempWorkspace } from '../support/tempWorkspace';

describe('migrationGuard/graph request over stdio', function () {
  this.timeout(30_000);
  let root: string;
  let client: LspClient;
  const file = (id: string) => path.join(root, 'migrations', 'versions', `${id}_change.py`);

  beforeEach(async () => {
    root = tempWorkspace({
      'migrations/versions/aaa_change.py': alembicSource({ id: 'aaa' }),
      'migrations/versions/bbb_change.py': alembicSource({ id: 'bbb', parents: ['aaa'] }),
      'migrations/versions/ccc_change.py': alembicSource({ id: 'ccc', parents: ['aaa'] }),
    });
    client = new LspClient();
    await client.initialize(root);
  });

  afterEach(async () => {
    await client.close();
    removeWorkspace(root);
  });

  /** Asks until the answer passes accept: the server analyses in the background. */
  async function graphWhen(accept: (g: GraphPayload) => boolean): Promise<GraphPayload> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const g = await client.request<GraphPayload>(GRAPH_REQUEST, {});
      if (accept(g)) return g;
      if (Date.now() > deadline) throw new Error(`no graph as expected; last: ${JSON.stringify(g)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('answers with the workspace graph, absolute paths and findings counted', async () => {
    const g = await graphWhen((p) => p.folders.length === 1);
    const [folder] = g.folders;
    assert.equal(folder.format, 'alembic');
    assert.deepEqual(folder.nodes.map((n) => n.id).sort(), ['aaa', 'bbb', 'ccc']);
    assert.deepEqual([...folder.heads].sort(), ['bbb', 'ccc']);
    assert.deepEqual(folder.branchPoints, ['aaa']);
    assert.equal(folder.nodes.find((n) => n.id === 'bbb')?.path, file('bbb'));
    assert.ok(folder.nodes.every((n) => typeof n.findings === 'number'));
  });

  it('follows unsaved edits of an open revision', async () => {
    await graphWhen((p) => p.folders[0]?.heads.length === 2);
    await client.open(file('ccc'), alembicSource({ id: 'ccc', parents: ['bbb'] }), 'python');
    const g = await graphWhen((p) => p.folders[0]?.heads.length === 1);
    assert.deepEqual(g.folders[0].heads, ['ccc']);
    assert.deepEqual(g.folders[0].branchPoints, []);
  });
});
