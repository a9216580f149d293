import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { GRAPH_REQUEST, type GraphPayload } from '../webview/protocol';

/** Diagnostics arrive in bursts while the server re-checks a folder; one refresh per burst. */
const DEBOUNCE_MS = 300;

/**
 * The workspace's revision graph, asked of the language server when someone wants it and
 * again whenever diagnostics change (the server re-analysed something, unsaved edits too).
 */
export class GraphFeed implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<GraphPayload>();
  readonly onDidChange = this.emitter.event;
  private timer: NodeJS.Timeout | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly client: LanguageClient) {
    this.subscription = vscode.languages.onDidChangeDiagnostics(() => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.refresh(), DEBOUNCE_MS);
    });
  }

  /** Fetches the graph and tells every listener; undefined while the server is not running. */
  async refresh(): Promise<GraphPayload | undefined> {
    if (!this.client.isRunning()) return undefined;
    try {
      const payload = await this.client.sendRequest<GraphPayload>(GRAPH_REQUEST, {});
      this.emitter.fire(payload);
      return payload;
    } catch (e) {
      this.client.warn(`Fetching the revision graph failed: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.subscription.dispose();
    this.emitter.dispose();
  }
}
