import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { CodeLens, Diagnostic } from 'vscode-languageserver/node';
import { PREVIEW_REQUEST, type PreviewParams, type PreviewPayload } from '../../client/webview/protocol';
import { LspClient, uriOf } from '../support/lspClient';
import { removeWorkspace, tempWorkspace } from '../support/tempWorkspace';

const CHANGE_UP = ['CREATE INDEX CONCURRENTLY idx_users_email ON users (email);', 'ALTER TABLE users ADD COLUMN note text;', ''].join('\n');
const ALEMBIC = [
  'from alembic import op',
  '',
  "revision = 'a1'",
  'down_revision = None',
  'branch_labels = None',
  'depends_on = None',
  '',
  '',
  'def upgrade():',
  '    with op.get_context().autocommit_block():',
  '        op.execute("CREATE INDEX CONCURRENTLY ix_orders_total ON orders (total)")',
  '',
  '',
  'def downgrade():',
  '    op.drop_index("ix_orders_total", table_name="orders")',
  '',
].join('\n');

describe('migrationGuard/preview and code lenses over stdio', function () {
  this.timeout(30_000);
  let root: string;
  let client: LspClient;
  const sql = (name: string) => path.join(root, 'db', 'migrations', name);
  const alembic = () => path.join(root, 'alembic', 'versions', 'a1_index.py');

  before(async () => {
    root = tempWorkspace({
      'db/migrations/0001_init.up.sql': 'CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);\n',
      'db/migrations/0001_init.down.sql': 'DROP TABLE users;\n',
      'db/migrations/0002_change.up.sql': CHANGE_UP,
      'db/migrations/0002_change.down.sql': 'ALTER TABLE users DROP COLUMN note;\nDROP INDEX idx_users_email;\n',
      'db/migrations/0003_more.up.sql': 'ALTER TABLE users ALTER COLUMN email DROP NOT NULL;\n',
      'db/migrations/0003_more.down.sql': 'ALTER TABLE users ALTER COLUMN email SET NOT NULL;\n',
      'alembic.ini': '[alembic]\nscript_location = alembic\n',
      'alembic/env.py': '',
      'alembic/versions/a1_index.py': ALEMBIC,
    });
    client = new LspClient();
    const init = await client.initialize(root);
    assert.deepEqual(init.capabilities.codeLensProvider, { resolveProvider: false });
  });

  after(async () => {
    await client.close();
    removeWorkspace(root);
  });

  /** Asks until some migration is listed: the server analyses the workspace in the background. */
  async function preview(params: PreviewParams): Promise<PreviewPayload> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const p = await client.request<PreviewPayload>(PREVIEW_REQUEST, params);
      if (p.migrations.length || Date.now() > deadline) return p;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('lists the upgrade of the migration in the editor, statement by statement, with locks and its diagnostics', async () => {
    await client.open(sql('0002_change.up.sql'), CHANGE_UP);
    const diagnostics = await client.waitFor(sql('0002_change.up.sql'), (d) => d.length > 0);
    const p = await preview({ uri: uriOf(sql('0002_change.up.sql')), direction: 'up' });
    assert.equal(p.direction, 'up');
    assert.deepEqual(p.migrations.map((m) => [m.id, m.path]), [['0002', sql('0002_change.up.sql')]]);
    const [index, alter] = p.migrations[0].statements;
    assert.equal(p.migrations[0].statements.length, 2);
    assert.equal(index.sql, 'CREATE INDEX CONCURRENTLY idx_users_email ON users (email)');
    assert.deepEqual(index.range, { start: { line: 0, character: 0 }, end: { line: 0, character: index.sql.length } });
    assert.equal(index.uri, uriOf(sql('0002_change.up.sql')));
    assert.equal(index.strongestLock, 'SHARE UPDATE EXCLUSIVE on users');
    assert.equal(index.nonTransactional, true);
    assert.equal(alter.strongestLock, 'ACCESS EXCLUSIVE on users');
    assert.equal(alter.nonTransactional, false);
    // Every diagnostic of the file is listed under the statement it lies in, and nothing else is.
    const within = (d: Diagnostic, s: typeof index) => d.range.start.line >= s.range.start.line && d.range.end.line <= s.range.end.line;
    for (const s of [index, alter]) {
      const expected = diagnostics.filter((d) => within(d, s)).map((d) => d.code).sort();
      assert.deepEqual(s.findings.map((f) => f.ruleId).sort(), expected);
    }
    assert.ok(index.findings.length + alter.findings.length > 0);
  });

  it('lists a range of revisions downgraded, newest first, from their down files', async () => {
    const p = await preview({ uri: uriOf(sql('0001_init.up.sql')), direction: 'down', to: '0003' });
    assert.deepEqual(p.migrations.map((m) => m.id), ['0003', '0002', '0001']);
    assert.deepEqual(p.migrations[1].statements.map((s) => s.sql), ['ALTER TABLE users DROP COLUMN note', 'DROP INDEX idx_users_email']);
    assert.equal(p.migrations[1].statements[0].uri, uriOf(sql('0002_change.down.sql')));
    assert.equal(p.migrations[2].statements[0].strongestLock, 'ACCESS EXCLUSIVE on users');
    const up = await preview({ uri: uriOf(sql('0003_more.up.sql')), direction: 'up', to: '0002' });
    assert.deepEqual(up.migrations.map((m) => m.id), ['0002', '0003']);
  });

  it('renders Alembic operations, marking those in an autocommit block as outside the transaction', async () => {
    const p = await preview({ uri: uriOf(alembic()), direction: 'up' });
    const [s] = p.migrations[0].statements;
    assert.equal(p.migrations[0].id, 'a1');
    assert.equal(s.sql, 'CREATE INDEX CONCURRENTLY ix_orders_total ON orders (total)');
    assert.equal(s.range.start.line, 10);
    assert.equal(s.nonTransactional, true);
    const down = await preview({ uri: uriOf(alembic()), direction: 'down' });
    assert.match(down.migrations[0].statements[0].sql, /^DROP INDEX ix_orders_total/);
    assert.equal(down.migrations[0].statements[0].nonTransactional, false);
  });

  it('answers an empty preview for a file that is no migration', async () => {
    await preview({ uri: uriOf(alembic()), direction: 'up' });
    const p = await client.request<PreviewPayload>(PREVIEW_REQUEST, { uri: uriOf(path.join(root, 'alembic', 'env.py')), direction: 'up' });
    assert.deepEqual(p, { direction: 'up', migrations: [] });
  });

  it('puts dry run, preview and graph lenses above each migration', async () => {
    const lensesOf = (file: string) => client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: uriOf(file) } });
    const sqlLenses = await lensesOf(sql('0003_more.up.sql'));
    assert.deepEqual(
      sqlLenses.map((l) => [l.range.start.line, l.command?.title, l.command?.command, l.command?.arguments]),
      [
        [0, '$(play) Dry run', 'migrationGuard.dryRun', [uriOf(sql('0003_more.up.sql'))]],
        [0, '$(preview) Preview SQL', 'migrationGuard.previewSql', [uriOf(sql('0003_more.up.sql'))]],
        [0, '$(git-merge) Open in graph', 'migrationGuard.showGraph', [uriOf(sql('0003_more.up.sql'))]],
      ],
    );
    // Alembic: on the `revision =` line.
    const lenses = await lensesOf(alembic());
    assert.deepEqual(new Set(lenses.map((l) => l.range.start.line)), new Set([2]));
    // A down file defines no migration of its own.
    assert.deepEqual(await lensesOf(sql('0003_more.down.sql')), []);
  });
});
