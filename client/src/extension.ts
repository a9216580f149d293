import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  TransportKind,
  type ErrorHandler,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { databaseInitOptions, registerDatabaseCommands } from './databases';
import { DryRunCommand } from './dryRunCommand';
import { registerViews } from './views';
import { RestartPolicy } from './restartPolicy';

let client: LanguageClient | undefined;
const restarts = new RestartPolicy();

/** Says so when the server stops, restarts it a few times, then offers a manual restart. */
const errorHandler: ErrorHandler = {
  error: () => ({ action: ErrorAction.Continue }),
  closed: () => {
    if (restarts.onCrash() === 'restart') {
      void vscode.window.showWarningMessage('The Migration Guard language server stopped unexpectedly and was restarted.');
      return { action: CloseAction.Restart, handled: true };
    }
    void vscode.window
      .showErrorMessage('The Migration Guard language server keeps stopping; it was not restarted. See its output for the cause.', 'Show Output', 'Restart')
      .then((choice) => vscode.commands.executeCommand(choice === 'Restart' ? 'migrationGuard.restartServer' : 'migrationGuard.showOutput'));
    return { action: CloseAction.DoNotRestart, handled: true };
  },
};

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.stdio },
    debug: { module: serverModule, transport: TransportKind.stdio, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
  };
  // languageclient 11 needs a log channel, or activation fails.
  const outputChannel = vscode.window.createOutputChannel('Migration Guard', { log: true });
  const clientOptions: LanguageClientOptions = {
    // The server decides which of these files are migrations; other SQL files get nothing.
    // Configuration files are synced too, so unsaved edits apply and their problems show in them.
    documentSelector: [
      { scheme: 'file', language: 'sql' },
      { scheme: 'file', language: 'python' },
      { scheme: 'file', pattern: '**/.migration-guard.{json,jsonc}' },
    ],
    synchronize: {
      configurationSection: 'migrationGuard',
      fileEvents: [
        vscode.workspace.createFileSystemWatcher('**/*.{sql,conf,toml,py}'),
        vscode.workspace.createFileSystemWatcher('**/alembic.ini'),
        vscode.workspace.createFileSystemWatcher('**/.migration-guard.{json,jsonc}'),
      ],
    },
    outputChannel,
    errorHandler,
    initializationOptions: databaseInitOptions,
  };
  client = new LanguageClient('migrationGuard', 'Migration Guard', serverOptions, clientOptions);
  const dryRun = new DryRunCommand(client, outputChannel);
  context.subscriptions.push(
    outputChannel,
    registerDatabaseCommands(context, client),
    dryRun,
    vscode.commands.registerCommand('migrationGuard.restartServer', () => {
      restarts.reset();
      return client?.restart();
    }),
    vscode.commands.registerCommand('migrationGuard.showOutput', () => outputChannel.show()),
  );
  await client.start();
  context.subscriptions.push(await registerViews(context, client, dryRun.onDidRun));
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
