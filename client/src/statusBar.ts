import * as vscode from 'vscode';
import type { AppliedStatePayload, GraphPayload } from '../webview/protocol';
import { SHOW_GRAPH_COMMAND } from './panel';

/** "Migration Guard: N migrations, M heads", hidden while the workspace has no migrations. */
export function graphStatusItem(onGraph: vscode.Event<GraphPayload>): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('migrationGuard.graph', vscode.StatusBarAlignment.Left);
  item.name = 'Migration Guard revision graph';
  item.command = SHOW_GRAPH_COMMAND;
  item.tooltip = 'Show the revision graph';
  const listener = onGraph(({ folders }) => {
    const migrations = folders.reduce((n, f) => n + f.nodes.length, 0);
    const heads = folders.reduce((n, f) => n + f.heads.length, 0);
    item.text = `$(git-merge) Migration Guard: ${migrations} migration${migrations === 1 ? '' : 's'}, ${heads} head${heads === 1 ? '' : 's'}`;
    if (migrations) item.show();
    else item.hide();
  });
  return vscode.Disposable.from(item, listener);
}

export const SELECT_ENVIRONMENT_COMMAND = 'migrationGuard.selectEnvironment';

/**
 * "$(database) staging · at 0042 · 3 pending": the environment the applied state comes from,
 * the last revision applied and how many wait; click to switch environment. Shown only while
 * the workspace has migrations: an environment means nothing to other projects.
 */
export function environmentStatusItem(onState: vscode.Event<AppliedStatePayload>, onGraph: vscode.Event<GraphPayload>, configured: () => string | undefined): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('migrationGuard.environment', vscode.StatusBarAlignment.Left);
  item.name = 'Migration Guard environment';
  item.command = SELECT_ENVIRONMENT_COMMAND;
  const show = (state: AppliedStatePayload | undefined) => {
    const environment = state?.environment ?? configured();
    const states = (state?.folders ?? []).flatMap((f) => Object.entries(f.states));
    const current = states.filter(([, s]) => s === 'current').map(([id]) => id);
    const pending = states.filter(([, s]) => s === 'pending').length;
    const parts = [`$(database) ${environment ?? 'no environment'}`];
    if (state && !state.error && environment) parts.push(current.length ? `at ${current.join(', ')}` : 'nothing applied', `${pending} pending`);
    item.text = parts.join(' · ');
    item.tooltip = state?.error ? `${environment ?? 'Migration Guard'}: ${state.error}\nClick to pick an environment` : 'Click to pick the environment Migration Guard reads';
  };
  show(undefined);
  const graph = onGraph(({ folders }) => (folders.length ? item.show() : item.hide()));
  const listener = onState(show);
  const settings = vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('migrationGuard.environment') && show(undefined));
  return vscode.Disposable.from(item, graph, listener, settings);
}
