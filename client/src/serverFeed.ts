import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

/** Diagnostics arrive in bursts while the server re-checks a folder; one refresh per burst. */
const DEBOUNCE_MS = 300;

/**
 * One of the language server's panel requests, asked when someone wants it and again
 * whenever one of `refreshWhen` fires (by default: diagnostics changed, so the server
 * re-analysed something, unsaved edits too).
 * Listeners get each answer; `latest` keeps the last one for views that open later.
 */
export class ServerFeed<T> implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<T>();
  readonly onDidChange = this.emitter.event;
  latest: T | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly client: LanguageClient,
    private readonly method: string,
    private readonly params: () => object | undefined,
    /** What a failed request means to the views (e.g. "not read"), or undefined to keep the last answer. */
    private readonly onError: (message: string) => T | undefined = () => undefined,
    refreshWhen: vscode.Event<unknown>[] = [vscode.languages.onDidChangeDiagnostics],
  ) {
    const later = () => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.refresh(), DEBOUNCE_MS);
    };
    this.subscription = vscode.Disposable.from(...refreshWhen.map((event) => event(later)));
  }

  /** Asks again and tells every listener; undefined while the server is not running or there is nothing to ask. */
  async refresh(): Promise<T | undefined> {
    const params = this.params();
    if (!this.client.isRunning() || !params) return undefined;
    let answer: T | undefined;
    try {
      answer = await this.client.sendRequest<T>(this.method, params);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.client.warn(`${this.method} failed: ${message}`);
      answer = this.onError(message);
    }
    if (answer !== undefined) {
      this.latest = answer;
      this.emitter.fire(answer);
    }
    return answer;
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.subscription.dispose();
    this.emitter.dispose();
  }
}
