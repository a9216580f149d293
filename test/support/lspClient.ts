import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { repoRoot } from './paths';

export const serverPath = () => path.join(repoRoot, 'dist', 'server.js');
export const uriOf = (file: string) => pathToFileURL(file).toString();
export const messageOf = (d: Diagnostic) => (typeof d.message === 'string' ? d.message : d.message.value);

/** A real LSP client over stdio to the bundled server, as an editor would be. */
export class LspClient {
  readonly connection: MessageConnection;
  private readonly child: ChildProcess;
  private readonly diagnostics = new Map<string, Diagnostic[]>();
  /** The document version each file's latest diagnostics were computed for. */
  private readonly versions = new Map<string, number>();
  private readonly waiters: (() => void)[] = [];
  stderr = '';
  /** What the server logged through window/logMessage. */
  readonly logs: string[] = [];
  settings: Record<string, unknown> = { debounceMs: 0 };

  constructor() {
    this.child = spawn(process.execPath, [serverPath(), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr!.on('data', (d) => (this.stderr += d));
    this.connection = createMessageConnection(new StreamMessageReader(this.child.stdout!), new StreamMessageWriter(this.child.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.diagnostics.set(p.uri, p.diagnostics);
      if (p.version !== undefined) this.versions.set(p.uri, p.version);
      this.waiters.splice(0).forEach((w) => w());
    });
    this.connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => this.settings));
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onNotification('window/logMessage', (p: { message: string }) => void this.logs.push(p.message));
    this.connection.listen();
  }

  get exited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  /** The server process, for reading its resources in /proc. */
  get pid(): number {
    return this.child.pid!;
  }

  /** The server's resident memory (VmRSS), in MB. */
  rssMb(): number {
    const status = fs.readFileSync(`/proc/${this.pid}/status`, 'utf8');
    return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)![1]) / 1024;
  }

  /** Resolves when the server process has exited (at once if it has). */
  exit(): Promise<void> {
    return this.exited ? Promise.resolve() : new Promise((r) => this.child.once('exit', () => r()));
  }

  /** Drops the connection as a crashed editor would: no shutdown, no exit, the pipes just close. */
  abandon(): void {
    this.connection.dispose();
    this.child.stdin!.destroy();
    this.child.stdout!.destroy();
  }

  /** The `initialize` request's params for a client with one workspace folder, `root`. */
  initializeParams(root: string, watchFiles = true, initializationOptions?: unknown) {
    return {
      processId: process.pid,
      initializationOptions,
      rootUri: uriOf(root),
      workspaceFolders: [{ uri: uriOf(root), name: 'ws' }],
      capabilities: {
        workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: watchFiles } },
        textDocument: { publishDiagnostics: {}, hover: { contentFormat: ['markdown'] } },
      },
    };
  }

  async initialize(root: string, watchFiles = true, initializationOptions?: unknown): Promise<any> {
    const result = await this.connection.sendRequest('initialize', this.initializeParams(root, watchFiles, initializationOptions));
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  open(file: string, text: string, languageId = 'sql'): Promise<void> {
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uriOf(file), languageId, version: 1, text } });
  }

  change(file: string, version: number, changes: unknown[]): Promise<void> {
    return this.connection.sendNotification('textDocument/didChange', { textDocument: { uri: uriOf(file), version }, contentChanges: changes });
  }

  current(file: string): Diagnostic[] | undefined {
    return this.diagnostics.get(uriOf(file));
  }

  /** Resolves with the file's diagnostics once `accept` holds for them. */
  async waitFor(file: string, accept: (d: Diagnostic[]) => boolean, timeoutMs = 10_000): Promise<Diagnostic[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const d = this.diagnostics.get(uriOf(file));
      if (d && accept(d)) return d;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for diagnostics of ${file}; last: ${JSON.stringify(d)}\nstderr: ${this.stderr}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** The diagnostics computed for exactly this version of the open document. */
  forVersion(file: string, version: number, timeoutMs = 10_000): Promise<Diagnostic[]> {
    return this.waitFor(file, () => this.versions.get(uriOf(file)) === version, timeoutMs);
  }

  closeDocument(file: string): Promise<void> {
    return this.connection.sendNotification('textDocument/didClose', { textDocument: { uri: uriOf(file) } });
  }

  request<T = any>(method: string, params: unknown): Promise<T> {
    return this.connection.sendRequest(method, params) as Promise<T>;
  }

  async close(): Promise<void> {
    if (!this.exited) {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.connection.sendNotification('exit');
    }
    this.connection.dispose();
    await new Promise((r) => setTimeout(r, 50));
    if (!this.exited) this.child.kill('SIGKILL');
  }
}
