import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver/node';
import { LspClient, messageOf, uriOf } from '../support/lspClient';
import { removeWorkspace, tempWorkspace } from '../support/tempWorkspace';

const RULE = 'require-concurrent-index-creation';
const REVISION = `"""Index orders by user

Revision ID: ab12cd34ef56
"""
from alembic import op

revision = "ab12cd34ef56"
down_revision = None


def upgrade():
    op.create_index(
        "ix_orders_user", "orders", ["user_id"],
    )


def downgrade():
    op.drop_index("ix_orders_user")
`;

const has = (id: string) => (d: Diagnostic[]) => d.some((x) => x.code === id);

describe('language server on Alembic revisions', function () {
  this.timeout(30_000);
  let root: string;
  let client: LspClient;
  const file = () => path.join(root, 'migrations', 'versions', 'ab12cd34ef56_index.py');

  beforeEach(async () => {
    root = tempWorkspace({ 'migrations/versions/ab12cd34ef56_index.py': REVISION });
    client = new LspClient();
    await client.initialize(root);
  });

  afterEach(async () => {
    await client.close();
    removeWorkspace(root);
  });

  it('puts the diagnostic on the op.create_index call; its fix, applied, leaves the rule silent', async () => {
    await client.open(file(), REVISION, 'python');
    const diags = await client.waitFor(file(), has(RULE));
    const d = diags.find((x) => x.code === RULE)!;
    assert.deepEqual(d.range, { start: { line: 11, character: 4 }, end: { line: 13, character: 5 } });
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: uriOf(file()) },
      range: d.range,
      context: { diagnostics: [d] },
    });
    const fix = actions.find((a) => a.isPreferred)!;
    assert.match(fix.title, /autocommit_block/);
    const ignore = actions.find((a) => a.title.startsWith('Ignore'))!;
    const ignoreEdit = (ignore.edit!.documentChanges![0] as { edits: TextEdit[] }).edits[0];
    assert.equal(ignoreEdit.newText, `    # migration-guard-ignore ${RULE}: explain why this is safe\n`);
    const change = fix.edit!.documentChanges!.find((c: any) => c.textDocument?.uri === uriOf(file())) as { edits: TextEdit[] };
    const fixed = TextDocument.applyEdits(TextDocument.create(uriOf(file()), 'python', 1, REVISION), change.edits);
    await client.change(file(), 2, [{ text: fixed }]);
    const after = await client.waitFor(file(), (x) => !has(RULE)(x));
    assert.deepEqual(after.filter((x) => x.code === RULE || x.code === 'ban-concurrent-index-creation-in-transaction'), []);
  });

  it("re-checks the revisions when env.py changes: transaction_per_migration=True ends the run-long transaction", async () => {
    const revision = (id: string, down: string, body: string) =>
      REVISION.replace(/ab12cd34ef56/g, id).replace('down_revision = None', `down_revision = ${down}`).replace(/def upgrade\(\):\n[\s\S]*?\n\n\ndef/, `def upgrade():\n    ${body}\n\n\ndef`);
    const add = revision('aa01', 'None', `op.execute("ALTER TYPE order_status ADD VALUE 'archived'")`);
    const use = revision('bb02', '"aa01"', `op.execute("UPDATE orders SET status = 'archived' WHERE closed_at < now()")`);
    const env = 'from alembic import context\n\ncontext.configure(connection=connection)\n';
    await client.close();
    removeWorkspace(root);
    root = tempWorkspace({ 'migrations/versions/aa01_add.py': add, 'migrations/versions/bb02_use.py': use, 'migrations/env.py': env });
    client = new LspClient();
    await client.initialize(root);
    const usePath = path.join(root, 'migrations', 'versions', 'bb02_use.py');
    await client.open(usePath, use, 'python');
    await client.waitFor(usePath, has('ban-enum-value-use-in-same-transaction'));
    await client.open(path.join(root, 'migrations', 'env.py'), env.replace('connection=connection', 'connection=connection, transaction_per_migration=True'), 'python');
    await client.waitFor(usePath, (d) => !has('ban-enum-value-use-in-same-transaction')(d));
  });

  for (const [what, text, expected] of [
    ['a Python syntax error', REVISION.replace('["user_id"],', '["user_id",'), /Python syntax error/],
    ['a dynamic down_revision', REVISION.replace('down_revision = None', 'down_revision = previous()'), /down_revision .*previous\(\)/],
    ['odd formatting', REVISION.replace('op.create_index(\n        "ix_orders_user", "orders", ["user_id"],\n    )', 'op . create_index ( "ix_orders_user" ,"orders",[ "user_id" ] ) ;'), /CONCURRENTLY/],
  ] as const) {
    it(`gives a clear diagnostic and keeps serving on ${what}`, async () => {
      await client.open(file(), text, 'python');
      const diags = await client.waitFor(file(), (d) => d.some((x) => expected.test(messageOf(x))));
      assert.ok(diags.length > 0);
      assert.ok(!client.exited, client.stderr);
      await client.change(file(), 2, [{ text: REVISION }]);
      await client.waitFor(file(), has(RULE));
    });
  }
});
