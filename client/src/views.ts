import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  APPLIED_STATE_REQUEST,
  DRY_RUN_REQUEST,
  GRAPH_REQUEST,
  PREVIEW_REQUEST,
  type AppliedStatePayload,
  type DryRunParams,
  type DryRunPayload,
  type GraphPayload,
  type PreviewPayload,
} from '../webview/protocol';
import { fileOf, MIGRATIONS_VIEW, MigrationsTree } from './migrationsView';
import { GraphPanel, SHOW_GRAPH_COMMAND } from './panel';
import { PreviewTarget } from './previewTarget';
import { ServerFeed } from './serverFeed';
import { environmentStatusItem, graphStatusItem, SELECT_ENVIRONMENT_COMMAND } from './statusBar';

export const PREVIEW_COMMAND = 'migrationGuard.previewSql';
export const DRY_RUN_COMMAND = 'migrationGuard.dryRun';

const configuredEnvironment = () => vscode.workspace.getConfiguration('migrationGuard').get<string>('environment') || undefined;

/** The panel (graph and SQL preview), the Migrations view, the status bar items and their commands. */
export async function registerViews(context: vscode.ExtensionContext, client: LanguageClient): Promise<vscode.Disposable> {
  const target = new PreviewTarget();
  const graph = new ServerFeed<GraphPayload>(client, GRAPH_REQUEST, () => ({}));
  // Asked only while the panel is open to show it.
  const preview = new ServerFeed<PreviewPayload>(client, PREVIEW_REQUEST, () => (panel.visible ? target.params : undefined), undefined, [
    vscode.languages.onDidChangeDiagnostics,
    target.onDidChange,
  ]);
  // Reading the database is not free: asked when the panel opens, our settings change or a dry run ends, not per keystroke.
  const ourSettingsChanged: vscode.Event<unknown> = (listener) => vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('migrationGuard') && listener(e));
  const states = new ServerFeed<AppliedStatePayload>(client, APPLIED_STATE_REQUEST, () => ({}), (error) => ({ environment: configuredEnvironment(), error, folders: [] }), [
    ourSettingsChanged,
  ]);
  const tree = new MigrationsTree();

  const dryRun = async (uri: string, scope: DryRunParams['scope']) => {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('Migration Guard does not connect to a database in an untrusted workspace.');
      return;
    }
    const payload = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Migration Guard: dry run' }, () =>
      client.sendRequest<DryRunPayload>(DRY_RUN_REQUEST, { uri, scope } satisfies DryRunParams).then(
        (p) => p,
        (e: unknown): DryRunPayload => ({ environment: configuredEnvironment() ?? 'embedded', statements: [], error: e instanceof Error ? e.message : String(e) }),
      ),
    );
    panel.post({ type: 'dryRun', payload });
    void states.refresh();
  };

  const panel = new GraphPanel(context.extensionUri, {
    ready: () => void Promise.all([graph.refresh(), preview.refresh(), states.refresh()]),
    preview: (m) => {
      const fallback = target.params?.uri;
      const uri = m.path ? vscode.Uri.file(m.path).toString() : fallback;
      if (uri) target.set({ uri, direction: m.direction, ...(m.to ? { to: m.to } : {}) });
    },
    dryRun: (uri, scope) => void dryRun(uri, scope),
  });

  const disposables: vscode.Disposable[] = [
    target,
    graph,
    preview,
    states,
    panel,
    graph.onDidChange((payload) => {
      panel.post({ type: 'graph', payload });
      tree.setGraph(payload);
      void vscode.commands.executeCommand('setContext', 'migrationGuard.hasMigrations', payload.folders.length > 0);
    }),
    preview.onDidChange((payload) => {
      target.shownFiles = new Set(payload.migrations.flatMap((m) => [vscode.Uri.file(m.path).toString(), ...m.statements.map((s) => s.uri)]));
      panel.post({ type: 'preview', payload });
    }),
    states.onDidChange((payload) => {
      panel.post({ type: 'appliedState', payload });
      tree.setStates(payload);
    }),
    vscode.window.registerTreeDataProvider(MIGRATIONS_VIEW, tree),
    graphStatusItem(graph.onDidChange),
    environmentStatusItem(states.onDidChange, configuredEnvironment),
    vscode.commands.registerCommand(SHOW_GRAPH_COMMAND, (arg?: unknown) => panel.show('graph', arg === undefined ? undefined : fileOf(arg)?.fsPath)),
    vscode.commands.registerCommand(PREVIEW_COMMAND, (arg?: unknown) => {
      const uri = fileOf(arg);
      if (uri) target.set({ uri: uri.toString(), direction: 'up' });
      panel.show('preview');
    }),
    vscode.commands.registerCommand(SELECT_ENVIRONMENT_COMMAND, selectEnvironment),
  ];
  // The database side may register its own dry-run command; this one is the fallback.
  if (!(await vscode.commands.getCommands(true)).includes(DRY_RUN_COMMAND)) {
    disposables.push(
      vscode.commands.registerCommand(DRY_RUN_COMMAND, async (arg?: unknown) => {
        const uri = fileOf(arg);
        if (!uri) return;
        target.set({ uri: uri.toString(), direction: 'up' });
        panel.show('preview');
        await dryRun(uri.toString(), 'this');
      }),
    );
  }
  // The tree's first answer should not wait for someone to open the panel.
  void graph.refresh();
  return vscode.Disposable.from(...disposables);
}

/** Picks the environment the applied state and dry runs use, among those named in the settings. */
async function selectEnvironment(): Promise<void> {
  const config = vscode.workspace.getConfiguration('migrationGuard');
  const names = Object.keys(config.get<Record<string, unknown>>('environments') ?? {});
  const current = configuredEnvironment();
  const none = 'None (embedded database for dry runs)';
  const edit = 'Edit environments in settings…';
  const picked = await vscode.window.showQuickPick(
    [...names.map((n) => ({ label: n, description: n === current ? 'active' : undefined })), { label: none }, { label: edit }],
    { placeHolder: 'The environment Migration Guard reads applied state from and dry-runs against' },
  );
  if (!picked) return;
  if (picked.label === edit) return void vscode.commands.executeCommand('workbench.action.openSettings', 'migrationGuard.environment');
  await config.update('environment', picked.label === none ? undefined : picked.label, vscode.ConfigurationTarget.Workspace);
}
