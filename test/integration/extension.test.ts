// Runs inside the VS Code extension host (see index.ts), against the golang-basic fixture
// workspace opened as the first workspace folder: diagnostics, hover and the quick fix
// through the real VS Code API, as a user gets them.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'migration-guard.migration-guard';
const RULE = 'require-concurrent-index-creation';
// Line 1 of 0002_add_index.up.sql, the statement without its `;`.
const STATEMENT = new vscode.Range(1, 0, 1, 45);
// The preferred quick fix's title (the server's contract).
const FIX_TITLE = /^Create the index concurrently/;

/** The folder shared with the launcher: $MG_TEST_SYNC_DIR, else <workspace>/.migration-guard-test. */
function testDir(): string | undefined {
  if (process.env.MG_TEST_SYNC_DIR) return process.env.MG_TEST_SYNC_DIR;
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder ? path.join(folder.uri.fsPath, '.migration-guard-test') : undefined;
}

/**
 * Lets a launcher that asked for it (by creating `<testDir>/sync/`) act on the UI at this
 * point, e.g. take a screenshot: writes `<name>.request` and waits for `<name>.done`.
 * Without a listening launcher (no sync folder) it returns at once.
 */
async function checkpoint(name: string, timeoutMs = 20_000): Promise<void> {
  const dir = testDir();
  const sync = dir && path.join(dir, 'sync');
  if (!sync || !fs.existsSync(sync)) return;
  fs.writeFileSync(path.join(sync, `${name}.request`), new Date().toISOString());
  const done = path.join(sync, `${name}.done`);
  await waitFor(`the launcher to handle checkpoint "${name}"`, () => fs.existsSync(done) || undefined, timeoutMs);
}

async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 30_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

const codeOf = (d: vscode.Diagnostic): string | number | undefined =>
  typeof d.code === 'object' && d.code !== null ? d.code.value : d.code;
const ours = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'migration-guard');

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
}

describe('Migration Guard in VS Code', function () {
  this.timeout(60_000);
  let uri: vscode.Uri;
  let doc: vscode.TextDocument;

  before(async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'no workspace folder open: the launcher must open the fixture workspace');
    uri = vscode.Uri.file(path.join(folder.uri.fsPath, 'db', 'migrations', '0002_add_index.up.sql'));
    doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: false });
    assert.equal(doc.languageId, 'sql');
  });

  it('activates the extension on a SQL file', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not installed`);
    await waitFor('the extension to activate', () => (ext.isActive ? true : undefined), 30_000);
    // Tell the launcher which copy of the extension ran (the repo, or the installed .vsix).
    const dir = testDir();
    if (dir) {
      fs.mkdirSync(dir, { recursive: true });
      const info = { id: ext.id, extensionPath: ext.extensionPath, version: ext.packageJSON.version, vscode: vscode.version };
      fs.writeFileSync(path.join(dir, 'extension.json'), JSON.stringify(info, null, 2));
    }
  });

  it(`publishes ${RULE} on the CREATE INDEX statement`, async () => {
    const diags = await waitFor(`a ${RULE} diagnostic on ${uri.fsPath}`, () => {
      const d = ours(uri).filter((x) => codeOf(x) === RULE);
      return d.length ? d : undefined;
    });
    assert.equal(diags.length, 1);
    const d = diags[0];
    assert.ok(d.range.isEqual(STATEMENT), `range ${JSON.stringify(d.range)}, expected ${JSON.stringify(STATEMENT)}`);
    assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(d.source, 'migration-guard');
    assert.ok(d.message.length > 0);
    // Nothing else is wrong with this file.
    assert.deepEqual(ours(uri).map(codeOf), [RULE]);
  });

  it('shows the lock the statement takes on hover', async () => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(1, 3));
    const text = hoverText(hovers ?? []);
    assert.match(text, /\bSHARE\b/, `hover: ${text}`);
    assert.match(text, /users/);
    assert.match(text, new RegExp(RULE));

    // Show the hover and the Problems panel, and let a launcher take its screenshot now.
    const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
    assert.ok(editor, 'the migration is not shown in an editor');
    editor.selection = new vscode.Selection(1, 3, 1, 3);
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await vscode.window.showTextDocument(doc, { preview: false, preserveFocus: false });
    await vscode.commands.executeCommand('editor.action.showHover');
    await checkpoint('diagnostic-shown');
  });

  it('fixes the statement with the preferred quick fix', async () => {
    const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
      'vscode.executeCodeActionProvider',
      uri,
      STATEMENT,
    );
    const codeActions = (actions ?? []).filter((a): a is vscode.CodeAction => 'title' in a && !('command' in a && typeof a.command === 'string'));
    const preferred = codeActions.filter((a) => a.isPreferred);
    assert.equal(preferred.length, 1, `code actions: ${codeActions.map((a) => a.title).join(' | ')}`);
    const fix = preferred[0];
    assert.match(fix.title, FIX_TITLE);
    assert.ok(fix.kind && vscode.CodeActionKind.QuickFix.contains(fix.kind), `kind ${fix.kind?.value}`);
    assert.ok(fix.edit, 'the preferred fix has no edit');
    assert.equal(await vscode.workspace.applyEdit(fix.edit), true, 'applyEdit refused the edit');

    assert.match(doc.getText(), /\bCONCURRENTLY\b/);
    assert.match(doc.lineAt(1).text, /^CREATE INDEX CONCURRENTLY\b/);
    await waitFor(`${RULE} to disappear after the fix`, () => (ours(uri).some((d) => codeOf(d) === RULE) ? undefined : true));
    assert.deepEqual(ours(uri).map(codeOf), []);
  });

  it('shows the revision graph in a webview panel', async () => {
    await vscode.commands.executeCommand('migrationGuard.showGraph');
    const tab = await waitFor('the revision graph tab', () =>
      vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('migrationGuard.graph')),
    );
    assert.equal(tab.label, 'Migration Guard');
    // Let a launcher look inside the webview (it checks the graph is drawn).
    await checkpoint('graph-shown');
  });

  it('opens the migration whose node is clicked in the graph', async () => {
    const first = vscode.Uri.file(path.join(path.dirname(uri.fsPath), '0001_init.up.sql'));
    const shown = () => vscode.window.visibleTextEditors.some((e) => e.document.uri.fsPath === first.fsPath) || undefined;
    assert.equal(shown(), undefined, '0001 is open before the click');
    // The launcher clicks the node of revision 0001 inside the webview.
    await checkpoint('graph-click');
    if (fs.existsSync(path.join(testDir() ?? '', 'sync'))) await waitFor('0001_init.up.sql to open', shown, 15_000);
  });

  it('puts dry run, preview and graph lenses above the migration', async () => {
    const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    assert.deepEqual(
      (found ?? []).map((l) => [l.range.start.line, l.command?.command]),
      [
        [0, 'migrationGuard.dryRun'],
        [0, 'migrationGuard.previewSql'],
        [0, 'migrationGuard.showGraph'],
      ],
    );
  });

  it('previews the SQL of the migration in the panel', async () => {
    await vscode.commands.executeCommand('migrationGuard.previewSql', uri);
    // The launcher checks the statement (fixed above) is listed with its lock.
    await checkpoint('preview-shown');
  });

  it('lists the migrations in the explorer, newest first', async () => {
    await vscode.commands.executeCommand('migrationGuard.migrations.focus');
    // The launcher reads the rows of the Migrations view.
    await checkpoint('migrations-view');
  });

  it('shows the environment in the status bar', async () => {
    await vscode.workspace.getConfiguration('migrationGuard').update('environment', 'staging', vscode.ConfigurationTarget.Workspace);
    assert.equal(vscode.workspace.getConfiguration('migrationGuard').get('environment'), 'staging');
    // The launcher reads the status bar item.
    await checkpoint('status-bar');
  });
});
