import * as vscode from 'vscode';
import type { GraphPayload } from '../webview/protocol';
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
