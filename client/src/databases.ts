// Database connections from the editor: named environments in the workspace settings, their
// passwords in VS Code's SecretStorage, handed to the language server only when it connects.
// In an untrusted workspace nothing is handed over and no connection command runs.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  ENVIRONMENTS_REQUEST,
  PASSWORD_REQUEST,
  TEST_CONNECTION_REQUEST,
  WORKSPACE_TRUST_NOTIFICATION,
  type EnvironmentsResult,
  type PasswordParams,
  type TestConnectionResult,
} from '../../server/src/lsp/databaseProtocol';
import { answerPasswordRequest, passwordKey } from './passwords';

const SECTION = 'migrationGuard';

/** Whether the server may open connections; sent in `initialize`, then on every change. */
export function databaseInitOptions(): { workspaceTrusted: boolean } {
  return { workspaceTrusted: vscode.workspace.isTrusted };
}

export function registerDatabaseCommands(context: vscode.ExtensionContext, client: LanguageClient): vscode.Disposable {
  client.onRequest(PASSWORD_REQUEST, (p: PasswordParams) => answerPasswordRequest(vscode.workspace.isTrusted, context.secrets, p));
  return vscode.Disposable.from(
    vscode.workspace.onDidGrantWorkspaceTrust(() => void client.sendNotification(WORKSPACE_TRUST_NOTIFICATION, { trusted: true })),
    vscode.commands.registerCommand('migrationGuard.addConnection', () => whenTrusted(() => addConnection(context, client))),
    vscode.commands.registerCommand('migrationGuard.testConnection', () => whenTrusted(() => testConnection(client))),
    vscode.commands.registerCommand('migrationGuard.selectEnvironment', () => selectEnvironment(client)),
  );
}

async function whenTrusted(action: () => Promise<void>): Promise<void> {
  if (vscode.workspace.isTrusted) return action();
  void vscode.window.showWarningMessage('Migration Guard connects to databases only in a trusted workspace.');
}

async function addConnection(context: vscode.ExtensionContext, client: LanguageClient): Promise<void> {
  const ask = (prompt: string, value?: string, password = false) => vscode.window.showInputBox({ prompt, value, password, ignoreFocusOut: true });
  const name = (await ask('Environment name (e.g. local, staging)', 'local'))?.trim();
  if (!name) return;
  const host = await ask('Host', 'localhost');
  const port = await ask('Port', '5432');
  const database = await ask('Database');
  const user = await ask('User');
  if (host === undefined || port === undefined || database === undefined || user === undefined) return;
  const password = await ask(`Password for ${user || 'the user'} (kept in VS Code's secret storage, never in settings)`, undefined, true);
  if (password === undefined) return;
  const config = vscode.workspace.getConfiguration(SECTION);
  const environments = { ...config.get<Record<string, unknown>>('environments', {}) };
  environments[name] = { host: host || undefined, port: Number(port) || undefined, database: database || undefined, user: user || undefined };
  if (password) await context.secrets.store(passwordKey(name), password);
  else await context.secrets.delete(passwordKey(name));
  await config.update('environments', environments, vscode.ConfigurationTarget.Workspace);
  await config.update('environment', name, vscode.ConfigurationTarget.Workspace);
  await testConnection(client, name);
}

async function testConnection(client: LanguageClient, environment?: string): Promise<void> {
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Connecting to ${environment ?? 'the active environment'}…` },
    () => client.sendRequest<TestConnectionResult>(TEST_CONNECTION_REQUEST, { environment }),
  );
  if (result.ok) void vscode.window.showInformationMessage(result.message);
  else void vscode.window.showErrorMessage(result.message);
}

const EMBEDDED_ITEM = 'Embedded PostgreSQL (no environment)';

async function selectEnvironment(client: LanguageClient): Promise<void> {
  const { names, active } = await client.sendRequest<EnvironmentsResult>(ENVIRONMENTS_REQUEST, {});
  const items = [...names, EMBEDDED_ITEM].map((label) => ({ label, description: label === (active ?? EMBEDDED_ITEM) ? 'active' : undefined }));
  const picked = await vscode.window.showQuickPick(items, { placeHolder: 'The database Migration Guard reads applied state from and dry-runs on' });
  if (!picked) return;
  const value = picked.label === EMBEDDED_ITEM ? undefined : picked.label;
  await vscode.workspace.getConfiguration(SECTION).update('environment', value, vscode.ConfigurationTarget.Workspace);
}
