import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { HostMessage, PageMessage, Range } from '../webview/protocol';
import { panelHtml } from './panelHtml';

export const SHOW_GRAPH_COMMAND = 'migrationGuard.showGraph';

/** What the panel asks of the rest of the extension. */
export interface PanelHost {
  /** The page (re)loaded: send it everything it shows. */
  ready(): void;
  preview(message: Extract<PageMessage, { type: 'preview' }>): void;
  dryRun(message: Extract<PageMessage, { type: 'dryRun' }>): void;
}

/** The revision graph and SQL preview in a webview beside the editor: one panel, revealed again when asked twice. */
export class GraphPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  /** Messages for a page that has not said it is ready; sent when it does. */
  private queued: HostMessage[] = [];
  private pageReady = false;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly host: PanelHost,
  ) {}

  get visible(): boolean {
    return Boolean(this.panel);
  }

  /** Opens the panel (or brings it forward) on a tab; for the graph, on the revision defined in `file`. */
  show(tab: 'graph' | 'preview' = 'graph', file?: string): void {
    if (this.panel) this.panel.reveal(undefined, true);
    else this.create();
    this.post({ type: 'reveal', tab, ...(file ? { path: file } : {}) });
  }

  private create(): void {
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    const panel = vscode.window.createWebviewPanel('migrationGuard.graph', 'Migration Guard', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
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
    panel.onDidDispose(() => {
      this.panel = undefined;
      this.pageReady = false;
      this.queued = [];
    });
    this.panel = panel;
  }

  private onMessage(message: PageMessage): void {
    switch (message.type) {
      case 'ready':
        this.pageReady = true;
        for (const m of this.queued.splice(0)) void this.panel?.webview.postMessage(m);
        this.host.ready();
        break;
      case 'open':
        void this.open(message.path, message.range);
        break;
      case 'preview':
        this.host.preview(message);
        break;
      case 'dryRun':
        this.host.dryRun(message);
        break;
      case 'copy':
        void vscode.env.clipboard.writeText(message.text).then(() => vscode.window.setStatusBarMessage('Migration Guard: SQL copied', 3000));
        break;
    }
  }

  /** Opens a migration in an editor column other than the panel's, at a statement when given. */
  private async open(file: string, range: Range | undefined): Promise<void> {
    const column = this.panel?.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One;
    const selection = range && new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
    await vscode.window.showTextDocument(vscode.Uri.file(file), { viewColumn: column, preview: true, selection });
  }

  /** Sends to the page; held until it is ready, and dropped while no panel is open. */
  post(message: HostMessage): void {
    if (!this.panel) return;
    if (this.pageReady) void this.panel.webview.postMessage(message);
    else this.queued.push(message);
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
