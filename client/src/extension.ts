import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

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
    documentSelector: [
      { scheme: 'file', language: 'sql' },
      { scheme: 'file', language: 'python' },
    ],
    synchronize: {
      configurationSection: 'migrationGuard',
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{sql,conf,toml}'),
    },
    outputChannel,
  };
  client = new LanguageClient('migrationGuard', 'Migration Guard', serverOptions, clientOptions);
  context.subscriptions.push(
    outputChannel,
    vscode.commands.registerCommand('migrationGuard.restartServer', () => client?.restart()),
    vscode.commands.registerCommand('migrationGuard.showOutput', () => outputChannel.show()),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
