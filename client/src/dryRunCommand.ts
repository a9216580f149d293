// "Migration Guard: Dry Run": runs the migration in the active editor in a transaction that is
// always rolled back, then shows its errors where they happened and a summary in the output.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { DRY_RUN_REQUEST, type DryRunParams, type DryRunPayload, type DryRunStatement } from '../webview/protocol';
import { fileOf } from './migrationsView';

export const DRY_RUN_COMMAND = 'migrationGuard.dryRun';

/**
 * The one dry-run command, whoever runs it (palette, code lens, Migrations view, panel):
 * errors become diagnostics, a summary goes to the output, and `onDidRun` tells the panel.
 */
export class DryRunCommand implements vscode.Disposable {
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('migration-guard-dry-run');
  private readonly ran = new vscode.EventEmitter<DryRunPayload>();
  readonly onDidRun = this.ran.event;
  private readonly command: vscode.Disposable;

  constructor(
    private readonly client: LanguageClient,
    private readonly output: vscode.LogOutputChannel,
  ) {
    this.command = vscode.commands.registerCommand(DRY_RUN_COMMAND, (arg?: unknown, scope: DryRunParams['scope'] = 'this', direction: DryRunParams['direction'] = 'up') =>
      this.run(fileOf(arg), scope, direction),
    );
  }

  private async run(target: vscode.Uri | undefined, scope: DryRunParams['scope'], direction: DryRunParams['direction']): Promise<void> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('Migration Guard runs migrations only in a trusted workspace.');
      return;
    }
    if (!target) {
      void vscode.window.showWarningMessage('Open a migration to dry-run it.');
      return;
    }
    const params: DryRunParams = { uri: target.toString(), scope, direction };
    const payload = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Dry run${direction === 'down' ? ' of the down' : ''} (rolled back at the end)…`, cancellable: true },
      (_progress, token) =>
        this.client.sendRequest<DryRunPayload>(DRY_RUN_REQUEST, params, token).then(
          (p) => p,
          (e: unknown): DryRunPayload => ({ environment: '', statements: [], error: e instanceof Error ? e.message : String(e) }),
        ),
    );
    showDiagnostics(this.diagnostics, payload.statements);
    this.output.info(summary(target, payload));
    this.ran.fire(payload);
    const failed = payload.statements.filter((s) => s.outcome.status === 'error').length;
    const message = payload.error ?? (failed ? `Dry run on ${payload.environment}: ${failed} statement(s) failed.` : `Dry run on ${payload.environment}: every statement ran; all rolled back.`);
    const show = await (payload.error || failed ? vscode.window.showErrorMessage : vscode.window.showInformationMessage)(message, 'Show Output');
    if (show) this.output.show(true);
  }

  dispose(): void {
    this.command.dispose();
    this.diagnostics.dispose();
    this.ran.dispose();
  }
}

function showDiagnostics(collection: vscode.DiagnosticCollection, statements: DryRunStatement[]): void {
  collection.clear();
  const byUri = new Map<string, vscode.Diagnostic[]>();
  for (const s of statements) {
    if (s.outcome.status !== 'error') continue;
    const { start, end } = s.range;
    const d = new vscode.Diagnostic(new vscode.Range(start.line, start.character, end.line, end.character), `Dry run failed: ${s.outcome.message}`, vscode.DiagnosticSeverity.Error);
    d.source = 'migration-guard';
    d.code = 'dry-run';
    byUri.set(s.uri, [...(byUri.get(s.uri) ?? []), d]);
  }
  for (const [uri, list] of byUri) collection.set(vscode.Uri.parse(uri), list);
}

/** One line per statement: where, what happened, how long, which locks it held. */
function summary(target: vscode.Uri, payload: DryRunPayload): string {
  const lines = [`Dry run of ${vscode.workspace.asRelativePath(target)} on ${payload.environment || 'no database'} (rolled back):`];
  for (const s of payload.statements) {
    const at = `${vscode.workspace.asRelativePath(vscode.Uri.parse(s.uri))}:${s.range.start.line + 1}`;
    const o = s.outcome;
    if (o.status === 'ok') {
      const locks = o.locks.map((l) => `${l.mode} on ${l.relation}`).join(', ') || 'no table locks';
      const rewrite = o.rewritten.length ? `; rewrote ${o.rewritten.join(', ')}` : '';
      lines.push(`  ${at}  ok  ${o.durationMs.toFixed(1)} ms, ${o.rows ?? 0} rows, ${locks}${rewrite}`);
    } else if (o.status === 'error') lines.push(`  ${at}  error  ${o.message}`);
    else lines.push(`  ${at}  ${o.status}  ${o.reason}`);
  }
  if (payload.error) lines.push(`  ${payload.error}`);
  return lines.join('\n');
}
