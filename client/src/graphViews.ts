import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { GraphFeed } from './graphFeed';
import { GraphPanel, SHOW_GRAPH_COMMAND } from './panel';
import { graphStatusItem } from './statusBar';

/** The revision graph's views: the panel, its command and the status bar item. */
export function registerGraphViews(context: vscode.ExtensionContext, client: LanguageClient): vscode.Disposable {
  const feed = new GraphFeed(client);
  const panel = new GraphPanel(context.extensionUri, feed);
  return vscode.Disposable.from(
    feed,
    panel,
    graphStatusItem(feed.onDidChange),
    vscode.commands.registerCommand(SHOW_GRAPH_COMMAND, () => panel.show()),
  );
}
