import * as vscode from 'vscode';
import type { PreviewParams } from '../webview/protocol';

/** Files the server may call migrations; others leave the preview as it is. */
const MIGRATION_LANGUAGES = new Set(['sql', 'python']);

/**
 * What the SQL preview shows: the migration in the active editor by default, or what the
 * panel asked for (another revision, a range, the other direction) until the active
 * editor moves to another migration file.
 */
export class PreviewTarget implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;
  private target: PreviewParams | undefined;
  /** Files of the preview on screen: opening one of them (a click in the preview) keeps it. */
  shownFiles = new Set<string>();
  private readonly subscription: vscode.Disposable;

  constructor() {
    this.follow(vscode.window.activeTextEditor);
    this.subscription = vscode.window.onDidChangeActiveTextEditor((editor) => this.follow(editor));
  }

  get params(): PreviewParams | undefined {
    return this.target;
  }

  set(params: PreviewParams): void {
    this.target = params;
    this.emitter.fire();
  }

  private follow(editor: vscode.TextEditor | undefined): void {
    const doc = editor?.document;
    if (!doc || doc.uri.scheme !== 'file' || !MIGRATION_LANGUAGES.has(doc.languageId)) return;
    const uri = doc.uri.toString();
    if (this.target?.uri === uri || this.shownFiles.has(uri)) return;
    this.set({ uri, direction: this.target?.direction ?? 'up' });
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }
}
