import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver/node';
import { GRAPH_REQUEST, type GraphPayload } from '../../client/webview/protocol';
import { LspClient, messageOf, uriOf } from '../support/lspClient';
import { repoRoot } from '../support/paths';
import { removeWorkspace } from '../support/tempWorkspace';

const FIXTURE = path.join(repoRoot, 'test', 'fixtures', 'workspaces', 'django-shop');
const has = (id: string) => (d: Diagnostic[]) => d.some((x) => x.code === id);
const lacks = (id: string) => (d: Diagnostic[]) => !has(id)(d);

describe('language server on a Django project', function () {
  this.timeout(30_000);
  let root: string;
  let client: LspClient;
  const file = (app: string, name: string) => path.join(root, app, 'migrations', `${name}.py`);
  const read = (f: string) => fs.readFileSync(f, 'utf8');

  beforeEach(async () => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'mg-django-')));
    fs.cpSync(FIXTURE, root, { recursive: true });
    client = new LspClient();
    await client.initialize(root);
  });

  afterEach(async () => {
    await client.close();
    removeWorkspace(root);
  });

  async function actionsFor(f: string, d: Diagnostic): Promise<CodeAction[]> {
    return client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: uriOf(f) }, range: d.range, context: { diagnostics: [d] } });
  }

  /** Applies the action's edits to `f` in the editor and waits for `rule` to go quiet there. */
  async function applyAndRecheck(f: string, action: CodeAction, rule: string): Promise<string> {
    const change = action.edit!.documentChanges!.find((c: any) => c.textDocument?.uri === uriOf(f)) as { edits: TextEdit[] };
    const fixed = TextDocument.applyEdits(TextDocument.create(uriOf(f), 'python', 1, read(f)), change.edits);
    await client.change(f, 2, [{ text: fixed }]);
    await client.waitFor(f, lacks(rule));
    return fixed;
  }

  for (const [rule, app, name, range, title, written] of [
    ['django-runsql-without-reverse', 'shop', '0002_order_note', { start: { line: 10, character: 8 }, end: { line: 12, character: 9 } }, /reverse_sql=migrations\.RunSQL\.noop/, /"ALTER TABLE shop_order ADD COLUMN note text", reverse_sql=migrations\.RunSQL\.noop,\n/],
    ['django-runpython-without-reverse', 'shop', '0002_fill_state', { start: { line: 15, character: 8 }, end: { line: 15, character: 40 } }, /reverse_code=migrations\.RunPython\.noop/, /migrations\.RunPython\(fill_state, reverse_code=migrations\.RunPython\.noop\)/],
  ] as const) {
    it(`${rule}: on the operation's range; the noop fix, applied, leaves it silent`, async () => {
      const f = file(app, name);
      await client.open(f, read(f), 'python');
      const diags = await client.waitFor(f, has(rule));
      const d = diags.find((x) => x.code === rule)!;
      assert.deepEqual(d.range, range);
      const fix = (await actionsFor(f, d)).find((a) => title.test(a.title))!;
      assert.ok(fix, 'the noop fix is offered');
      assert.match(await applyAndRecheck(f, fix, rule), written);
    });
  }

  it('puts a catalogue rule on the SQL inside the RunSQL string', async () => {
    const f = file('shop', '0002_order_note');
    await client.open(f, read(f), 'python');
    const diags = await client.waitFor(f, has('require-timeout-settings'));
    const d = diags.find((x) => x.code === 'require-timeout-settings')!;
    assert.deepEqual(d.range, { start: { line: 11, character: 13 }, end: { line: 11, character: 56 } });
  });

  it('two leaves in an app: the merge migration the fix creates, once on disk, clears both', async () => {
    const f = file('shop', '0002_order_note');
    await client.open(f, read(f), 'python');
    const d = (await client.waitFor(f, has('django-multiple-leaf-nodes'))).find((x) => x.code === 'django-multiple-leaf-nodes')!;
    const fix = (await actionsFor(f, d)).find((a) => /merge migration/.test(a.title))!;
    const changes = fix.edit!.documentChanges! as any[];
    const created = file('shop', '0003_merge_0002_fill_state_0002_order_note');
    assert.deepEqual(changes[0], { kind: 'create', uri: uriOf(created), options: { ignoreIfExists: true } });
    const text = (changes[1].edits as TextEdit[]).map((e) => e.newText).join('');
    fs.writeFileSync(created, text);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(created), type: 1 }] });
    await client.waitFor(f, lacks('django-multiple-leaf-nodes'));
    await client.waitFor(file('shop', '0002_fill_state'), lacks('django-multiple-leaf-nodes'));
    assert.match(read(created), /dependencies = \[\n {8}\('shop', '0002_fill_state'\),\n {8}\('shop', '0002_order_note'\),\n {4}\]/);
  });

  for (const [what, edit, expected] of [
    ['a dynamic operations list', (t: string) => t.replace(/operations = \[[\s\S]*\]\n/, 'operations = build_operations()\n'), /^Not analysed: operations cannot be read without running the code: `build_operations\(\)`/],
    ['a syntax error that hides the class', (t: string) => t.replace('class Migration', 'x = (\n\nclass Migration'), /no `class Migration\(migrations\.Migration\)` that can be read.*syntax error/],
  ] as const) {
    it(`gives a clear diagnostic and keeps serving on ${what}`, async () => {
      const f = file('shop', '0002_order_note');
      const original = read(f);
      await client.open(f, edit(original), 'python');
      await client.waitFor(f, (d) => d.some((x) => expected.test(messageOf(x))));
      assert.ok(!client.exited, client.stderr);
      await client.change(f, 2, [{ text: original }]);
      await client.waitFor(f, has('django-runsql-without-reverse'));
    });
  }

  it('answers the graph request with the project: one head per app but shop, which has two', async () => {
    const deadline = Date.now() + 10_000;
    let g: GraphPayload;
    do g = await client.request<GraphPayload>(GRAPH_REQUEST, {});
    while (g.folders.length === 0 && Date.now() < deadline && (await new Promise((r) => setTimeout(r, 50)), true));
    const [folder] = g.folders;
    assert.deepEqual([folder.format, folder.path], ['django', root]);
    assert.deepEqual([...folder.heads].sort(), ['blog.0001_initial', 'shop.0002_fill_state', 'shop.0002_order_note']);
    assert.deepEqual(folder.nodes.find((n) => n.id === 'blog.0001_initial')?.dependsOn, ['shop.0001_initial']);
    assert.deepEqual(folder.problems.map((p) => p.kind).sort(), ['duplicate-number', 'multiple-leaves']);
  });
});
