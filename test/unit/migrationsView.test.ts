// The Migrations view's tree and the status bar items, on real graph payloads from the corpus,
// against a stand-in `vscode` module; the code-server suite checks them in a real editor.
import { EventEmitter, statusBarItems, ThemeIcon, TreeItem, Uri, workspace } from '../support/vscodeStub';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileOf, MigrationsTree, type MigrationsElement } from '../../client/src/migrationsView';
import { environmentStatusItem } from '../../client/src/statusBar';
import type { AppliedStatePayload, GraphFolder, GraphPayload, MigrationState } from '../../client/webview/protocol';
import { payloadOf } from '../support/graphPayloads';
import { corpusRoot, repoRoot } from '../support/paths';
import { alembicSource, alembicTruth } from '../support/revisions';
import { removeWorkspace, tempWorkspace } from '../support/tempWorkspace';

const REDASH = path.join(corpusRoot, 'redash', 'migrations', 'versions');

// The stand-in's classes are what the tree builds its items from.
const itemOf = (tree: MigrationsTree, e: MigrationsElement) => tree.getTreeItem(e as never) as unknown as TreeItem;
const iconOf = (item: TreeItem) => (item.iconPath as ThemeIcon).id;

describe('Migrations view and status bar (client glue, stand-in vscode)', () => {
  let redash: GraphPayload;
  let folder: GraphFolder;

  before(async () => {
    redash = await payloadOf(REDASH);
    [folder] = redash.folders;
  });

  it('lists each folder with its migrations newest first: heads on top, bases at the bottom', () => {
    const tree = new MigrationsTree();
    let changes = 0;
    tree.onDidChangeTreeData(() => changes++);
    tree.setGraph(redash);
    assert.equal(changes, 1);
    const [root] = tree.getChildren();
    assert.equal(root.kind, 'folder');
    const children = tree.getChildren(root);
    assert.equal(children.length, folder.nodes.length);
    const truth = alembicTruth('redash');
    const ids = children.map((c) => (c.kind === 'migration' ? c.node.id : ''));
    assert.deepEqual(ids.slice(0, truth.heads.length), truth.heads);
    assert.ok(truth.bases.includes(ids[ids.length - 1]));
    // Newest first: every migration is listed above its parents.
    for (const [i, id] of ids.entries()) {
      const node = folder.nodes.find((n) => n.id === id)!;
      for (const p of node.parents) assert.ok(ids.indexOf(p) > i, `${p}, parent of ${id}, is listed above it`);
    }
    assert.deepEqual(tree.getChildren(children[0]), []);
  });

  it('shows where each migration stands with an icon, and its findings', () => {
    const tree = new MigrationsTree();
    tree.setGraph(redash);
    const nodes = folder.nodes;
    const states: Record<string, MigrationState> = {
      [nodes[0].id]: 'applied',
      [nodes[1].id]: 'current',
      [nodes[2].id]: 'pending',
      [nodes[3].id]: 'dirty',
      [nodes[4].id]: 'changed-after-applied',
    };
    const applied: AppliedStatePayload = { environment: 'staging', folders: [{ path: folder.path, states, unknown: [] }] };
    tree.setStates(applied);
    const items = new Map(tree.getChildren(tree.getChildren()[0]).map((e) => [e.kind === 'migration' ? e.node.id : '', itemOf(tree, e)]));
    const expected: [string, string, RegExp][] = [
      [nodes[0].id, 'pass', /^(?!applied)/],
      [nodes[1].id, 'pass-filled', /^current \(last applied\)/],
      [nodes[2].id, 'circle-large-outline', /^pending/],
      [nodes[3].id, 'error', /^dirty: failed half-way/],
      [nodes[4].id, 'warning', /^edited after it was applied/],
      [nodes[5].id, 'database', /^(?!applied|pending)/],
    ];
    for (const [id, icon, description] of expected) {
      const item = items.get(id)!;
      assert.equal(iconOf(item), icon, id);
      assert.match(item.description ?? '', description, id);
    }
    const withFindings = nodes.find((n) => (n.findings ?? 0) > 0);
    assert.ok(withFindings, 'redash has a revision with findings');
    assert.match(items.get(withFindings.id)!.description ?? '', new RegExp(`⚠ ${withFindings.findings}$`));
    const clean = nodes.find((n) => n.findings === 0 && !states[n.id]);
    assert.ok(clean, 'redash has a revision without findings');
    assert.equal(items.get(clean.id)!.description, '');
    const total = nodes.reduce((n, x) => n + (x.findings ?? 0), 0);
    assert.match(itemOf(tree, tree.getChildren()[0]).description ?? '', new RegExp(`^alembic · ${nodes.length} migrations · ⚠ ${total}$`));
  });

  it('counts graph faults on the folder and flags it', async () => {
    const root = tempWorkspace({
      'alembic.ini': '[alembic]\nscript_location = alembic\n',
      'alembic/env.py': '',
      'alembic/versions/aaa_change.py': alembicSource({ id: 'aaa' }),
      'alembic/versions/bbb_change.py': alembicSource({ id: 'bbb', parents: ['aaa'] }),
      'alembic/versions/ccc_change.py': alembicSource({ id: 'ccc', parents: ['gone'] }),
    });
    try {
      const tree = new MigrationsTree();
      tree.setGraph(await payloadOf(root));
      const item = itemOf(tree, tree.getChildren()[0]);
      // One missing parent, and two heads (bbb and ccc).
      assert.match(item.description ?? '', / · 2 graph faults$/);
      assert.equal(iconOf(item), 'warning');
    } finally {
      removeWorkspace(root);
    }
  });

  it('gives items the context values the package.json menus match, and commands the file of the element', () => {
    const tree = new MigrationsTree();
    tree.setGraph(redash);
    workspace.workspaceFolders = [{ uri: Uri.file(path.dirname(path.dirname(folder.path))) }];
    const [root] = tree.getChildren();
    const [newest] = tree.getChildren(root);
    const folderItem = itemOf(tree, root);
    const migrationItem = itemOf(tree, newest);
    assert.equal(folderItem.label, path.join('migrations', 'versions'));
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
    const menus: { command: string; when: string }[] = pkg.contributes.menus['view/item/context'];
    const commandsFor = (contextValue: string | undefined) =>
      new Set(menus.filter((m) => m.when.includes('view == migrationGuard.migrations') && m.when.includes(`viewItem == ${contextValue}`)).map((m) => m.command));
    assert.deepEqual([...commandsFor(migrationItem.contextValue)].sort(), ['migrationGuard.dryRun', 'migrationGuard.previewSql', 'migrationGuard.showGraph']);
    // Every context value a menu names is one the tree gives some item.
    const named = new Set(menus.flatMap((m) => [...m.when.matchAll(/viewItem == (\w+)/g)].map((x) => x[1])));
    for (const value of named) assert.ok([folderItem.contextValue, migrationItem.contextValue].includes(value), value);
    const node = newest.kind === 'migration' ? newest.node : undefined;
    assert.equal(fileOf(newest)?.fsPath, node?.path);
    assert.deepEqual(migrationItem.command?.arguments?.map((a) => (a as Uri).fsPath), [node?.path]);
  });

  it('shows the environment status item only while the workspace has migrations', () => {
    const graph = new EventEmitter<GraphPayload>();
    const states = new EventEmitter<AppliedStatePayload>();
    const disposable = environmentStatusItem(states.event as never, graph.event as never, () => 'staging');
    const item = statusBarItems.get('migrationGuard.environment')!;
    assert.equal(item.visible, false, 'hidden before the server says what the workspace holds');
    graph.fire({ folders: [] });
    assert.equal(item.visible, false);
    graph.fire(redash);
    assert.equal(item.visible, true);
    assert.equal(item.text, '$(database) staging');
    states.fire({ environment: 'staging', folders: [{ path: folder.path, states: { [folder.nodes[0].id]: 'current', [folder.nodes[1].id]: 'pending' }, unknown: [] }] });
    assert.equal(item.text, `$(database) staging · at ${folder.nodes[0].id} · 1 pending`);
    graph.fire({ folders: [] });
    assert.equal(item.visible, false);
    disposable.dispose();
  });
});
