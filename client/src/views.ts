import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  APPLIED_STATE_REQUEST,
  GRAPH_REQUEST,
  PREVIEW_REQUEST,
  type AppliedStatePayload,
  type DryRunPayload,
  type GraphPayload,
  type PreviewPayload,
} from '../webview/protocol';
import { fileOf, MIGRATIONS_VIEW, MigrationsTree } from './migrationsView';
import { GraphPanel, SHOW_GRAPH_COMMAND } from './panel';
import { PreviewTarget } from './previewTarget';
import { ServerFeed } from './serverFeed';
import { DRY_RUN_COMMAND } from './dryRunCommand';
import { environmentStatusItem, graphStatusItem } from './statusBar';

export const PREVIEW_COMMAND = 'migrationGuard.previewSql';

const configuredEnvironment = () => vscode.workspace.getConfiguration('migrationGuard').get<string>('environment') || undefined;

/** The panel (graph and SQL preview), the Migrations view, the status bar items and their commands. */
export async function registerViews(context: vscode.ExtensionContext, client: LanguageClient, dryRuns: vscode.Event<DryRunPayload>): Promise<vscode.Disposable> {
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

  const panel = new GraphPanel(context.extensionUri, {
    ready: () => void Promise.all([graph.refresh(), preview.refresh(), states.refresh()]),
    preview: (m) => {
      const fallback = target.params?.uri;
      const uri = m.path ? vscode.Uri.file(m.path).toString() : fallback;
      if (uri) target.set({ uri, direction: m.direction, ...(m.to ? { to: m.to } : {}) });
    },
    dryRun: ({ uri, scope, direction }) => void vscode.commands.executeCommand(DRY_RUN_COMMAND, vscode.Uri.parse(uri), scope, direction),
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
    environmentStatusItem(states.onDidChange, graph.onDidChange, configuredEnvironment),
    vscode.commands.registerCommand(SHOW_GRAPH_COMMAND, (arg?: unknown) => panel.show('graph', arg === undefined ? undefined : fileOf(arg)?.fsPath)),
    vscode.commands.registerCommand(PREVIEW_COMMAND, (arg?: unknown) => {
      const uri = fileOf(arg);
      if (uri) target.set({ uri: uri.toString(), direction: 'up' });
      panel.show('preview');
    }),
    // Whoever started it (lens, view, palette, the panel's button), the panel shows the outcome.
    dryRuns((payload) => {
      panel.post({ type: 'dryRun', payload });
      void states.refresh();
    }),
  ];
  // The tree's first answer should not wait for someone to open the panel.
  void graph.refresh();
  return vscode.Disposable.from(...disposables);
}
