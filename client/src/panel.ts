import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { HostMessage, PageMessage } from '../webview/protocol';
import type { GraphFeed } from './graphFeed';
import { panelHtml } from './panelHtml';

export const SHOW_GRAPH_COMMAND = 'migrationGuard.showGraph';

/** The revision graph in a webview beside the editor: one panel, revealed again when asked twice. */
export class GraphPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly feed: GraphFeed,
  ) {
    this.subscription = feed.onDidChange((payload) => this.post({ type: 'graph', payload }));
  }

  show(): void {
    if (this.panel) return this.panel.reveal(undefined, true);
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    const panel = vscode.window.createWebviewPanel('migrationGuard.graph', 'Revision Graph', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      localResourceRoots: [dist],
      retainContextWhenHidden: true,
    });
    const { webview } = panel;
    webview.html = panelHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.css')).toString(),
      nonce: randomBytes(16).toString('base64'),
    });
    webview.onDidReceiveMessage((m: PageMessage) => this.onMessage(m));
    panel.onDidDispose(() => (this.panel = undefined));
    this.panel = panel;
  }

  private onMessage(message: PageMessage): void {
    if (message.type === 'ready') void this.feed.refresh();
    else if (message.type === 'open') void this.open(message.path);
  }

  /** Opens a migration in an editor column other than the panel's. */
  private async open(file: string): Promise<void> {
    const column = this.panel?.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One;
    await vscode.window.showTextDocument(vscode.Uri.file(file), { viewColumn: column, preview: true });
  }

  private post(message: HostMessage): void {
    void this.panel?.webview.postMessage(message);
  }

  dispose(): void {
    this.subscription.dispose();
    this.panel?.dispose();
  }
}
