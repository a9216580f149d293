import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver/node';
import { LspClient, uriOf } from '../support/lspClient';
import { removeWorkspace, tempWorkspace } from '../support/tempWorkspace';

// Django model operations rendered to SQL inside the real server: a catalogue rule's
// diagnostic lands on the operation in the .py file, and the Django fix swaps it for the
// django.contrib.postgres operation, which the server then renders and checks again.

const RULE = 'require-concurrent-index-creation';
const INITIAL = `from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    operations = [
        migrations.CreateModel(
            name='Order',
            fields=[
                ('id', models.BigAutoField(primary_key=True, serialize=False)),
                ('placed', models.DateTimeField()),
            ],
        ),
    ]
`;
const INDEX = `from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('shop', '0001_initial'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='order',
            index=models.Index(fields=['placed'], name='order_placed_idx'),
        ),
    ]
`;

const has = (id: string) => (d: Diagnostic[]) => d.some((x) => x.code === id);

describe('language server on Django model operations', function () {
  this.timeout(30_000);
  let root: string;
  let client: LspClient;
  const file = () => path.join(root, 'shop', 'migrations', '0002_order_placed_idx.py');

  beforeEach(async () => {
    root = tempWorkspace({
      'manage.py': '#!/usr/bin/env python\nimport os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "site.settings")\n',
      'shop/__init__.py': '',
      'shop/migrations/__init__.py': '',
      'shop/migrations/0001_initial.py': INITIAL,
      'shop/migrations/0002_order_placed_idx.py': INDEX,
    });
    client = new LspClient();
    await client.initialize(root);
  });

  afterEach(async () => {
    await client.close();
    removeWorkspace(root);
  });

  it('puts the diagnostic on the AddIndex call; AddIndexConcurrently with atomic = False, applied, leaves it silent', async () => {
    await client.open(file(), INDEX, 'python');
    const diags = await client.waitFor(file(), has(RULE));
    const d = diags.find((x) => x.code === RULE)!;
    assert.deepEqual(d.range, { start: { line: 10, character: 8 }, end: { line: 13, character: 9 } });
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: uriOf(file()) }, range: d.range, context: { diagnostics: [d] } });
    const fix = actions.find((a) => /AddIndexConcurrently/.test(a.title))!;
    assert.ok(fix, actions.map((a) => a.title).join('; '));
    const change = fix.edit!.documentChanges!.find((c: any) => c.textDocument?.uri === uriOf(file())) as { edits: TextEdit[] };
    const fixed = TextDocument.applyEdits(TextDocument.create(uriOf(file()), 'python', 1, INDEX), change.edits);
    assert.match(fixed, /^from django\.contrib\.postgres\.operations import AddIndexConcurrently$/m);
    assert.match(fixed, /^    atomic = False$/m);
    assert.match(fixed, /^        AddIndexConcurrently\($/m);
    await client.change(file(), 2, [{ text: fixed }]);
    const after = await client.waitFor(file(), (x) => !has(RULE)(x));
    assert.deepEqual(after.filter((x) => x.code === RULE || x.code === 'ban-concurrent-index-creation-in-transaction' || x.code === 'not-analysed'), []);
  });
});
