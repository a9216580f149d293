import * as path from 'node:path';
import { DidChangeWatchedFilesNotification, FileChangeType, TextDocuments, type Connection, type InitializeParams } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ConfigResolver } from '../core/config/resolver';
import { CONFIG_FILE_NAMES, type ConfigProblem, type Environment } from '../core/config/types';
import { adjustForTableSizes } from '../core/db/sizeSeverity';
import type { FolderAnalysis } from '../core/engine';
import type { Finding } from '../core/model';
import { DiskFileView, OverlayFileView } from '../core/sources/files';
import { loadParsers } from '../core/parsers';
import { LineIndex, type TextPositions } from '../core/text/lineIndex';
import { MigrationWorkspace } from '../core/workspace';
import type { FolderRef } from '../core/sources';
import { CachedDiskFileView } from './cachedFiles';
import { codeActionsFor } from './codeActions';
import { codeLensesFor, type AppliedStateLookup } from './codeLens';
import { configDiagnostic, toDiagnostic, toPath, toUri } from './convert';
import { Debouncer } from './debouncer';
import { hoverFor } from './hover';
import { lockModeHints } from './inlayHints';
import { EnvironmentState } from './environmentState';
import { LastDryRuns } from './lastDryRuns';
import { DatabaseAccess } from './databaseAccess';
import type { DatabaseInitOptions } from './databaseProtocol';
import { registerDatabaseRequests } from './databaseRequests';
import { registerPanelRequests } from './requests';
import { DEFAULT_SETTINGS, readSettings, toWorkspaceOptions, type Settings } from './settings';
import { addTo } from '../core/group';

/**
 * How long an opened file waits for its check: long enough that a client opening many files at
 * once (a restored session) gets one check of their folder, not one per file.
 */
const OPEN_DELAY_MS = 20;

/** The state one client session needs: open documents, the workspace, the last analyses. */
export class MigrationGuardServer {
  readonly documents = new TextDocuments(TextDocument);
  private readonly disk = new CachedDiskFileView();
  private readonly files = new OverlayFileView((file) => this.openText(file), this.disk);
  private workspace = new MigrationWorkspace([], this.files, { ...toWorkspaceOptions(DEFAULT_SETTINGS, []), keepRuleResults: true });
  private settings: Settings = DEFAULT_SETTINGS;
  private roots: string[] = [];
  private readonly analyses = new Map<string, FolderAnalysis>();
  /** URIs that got diagnostics from each folder, so they can be cleared when fixed. */
  private readonly published = new Map<string, Set<string>>();
  private readonly debouncer = new Debouncer();
  /** The parsers (WASM) load once `initialize` has been answered, not while the editor waits for it. */
  private parsers?: Promise<void>;
  private pathsByOpenUri = new Map<string, string>();
  private configurationCapable = false;
  // Configuration files are read fresh from disk (under open editors) on every reload: few
  // and small, and a file only named in `extends` may not be watched.
  private readonly configFiles = new OverlayFileView((file) => this.openText(file), new DiskFileView());
  private readonly configs = new ConfigResolver(this.configFiles, { boundary: (dir) => this.rootOf(dir) });
  private configUris = new Set<string>();
  readonly access: DatabaseAccess;
  readonly environment: EnvironmentState;
  readonly dryRuns = new LastDryRuns();
  private codeLensRefresh = false;
  /** Where each migration stands on the environment last read, for the code lenses. */
  private readonly appliedStates: AppliedStateLookup = (folder, id) => {
    const analysis = this.analyses.get(folder);
    const state = analysis && this.environment.statusOf(analysis)?.states.get(id);
    const environment = this.environment.name;
    return state && environment ? { environment, state } : undefined;
  };

  constructor(private readonly connection: Connection) {
    // Trusted until the client says otherwise: editors other than VS Code have no notion of trust.
    this.access = new DatabaseAccess(connection, { active: () => this.settings.environment, environments: (f) => this.environments(f) }, true);
    this.environment = new EnvironmentState(this.access);
  }

  private get ready(): Promise<void> {
    return (this.parsers ??= loadParsers());
  }

  /** Takes what the client said in `initialize` (answered by the bootstrap, main.ts). */
  initialize(params: InitializeParams): void {
    this.access.setTrusted((params.initializationOptions as DatabaseInitOptions | undefined)?.workspaceTrusted !== false);
    this.roots = (params.workspaceFolders ?? []).map((f) => toPath(f.uri));
    if (this.roots.length === 0 && params.rootUri) this.roots = [toPath(params.rootUri)];
    this.configurationCapable = Boolean(params.capabilities.workspace?.configuration);
    this.codeLensRefresh = Boolean(params.capabilities.workspace?.codeLens?.refreshSupport);
    this.disk.watched = Boolean(params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration);
  }

  async initialized(): Promise<void> {
    if (this.disk.watched) {
      await this.connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: '**/*.{sql,conf,toml,py}' }, { globPattern: '**/alembic.ini' }, { globPattern: '**/.migration-guard.{json,jsonc}' }],
      });
    }
    await this.reload();
  }

  /** Settings, configuration files or the set of folders changed: start over. */
  async reload(): Promise<void> {
    await this.ready;
    if (this.configurationCapable) {
      this.settings = readSettings(await this.connection.workspace.getConfiguration('migrationGuard'));
    }
    this.configs.reset();
    const workspace = new MigrationWorkspace(this.roots, this.files, { ...toWorkspaceOptions(this.settings, this.roots), configs: this.configs, keepRuleResults: true });
    workspace.discover();
    const baselineErrors = await workspace.refreshBaselines();
    this.workspace = workspace;
    this.publishConfigProblems(
      baselineErrors.flatMap((e) => (e.origin ? [{ ...e.origin, severity: 'warning' as const, message: e.message }] : [])),
    );
    for (const ref of this.workspace.folders) this.check(ref);
    this.clearVanishedFolders();
    void this.refreshAppliedState(true);
  }

  /** Reads the active environment's applied state in the background (unless `whenStale` and read lately), then shows what it says. */
  async refreshAppliedState(whenStale = false): Promise<void> {
    await this.environment.refresh(whenStale);
    for (const ref of this.workspace.folders) this.check(ref);
    // The lenses say "applied on staging": ask the editor to fetch them again.
    if (this.codeLensRefresh) void this.connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
  }

  /** The environments for a migration folder (every folder's without one); the personal settings win. */
  environments(folder?: string): Record<string, Environment> {
    const dirs = folder ? [folder] : [...this.roots, ...this.workspace.folders.map((f) => f.path)];
    return Object.assign({}, ...dirs.map((d) => this.configs.configFor(d)?.environments ?? {}), this.settings.environments);
  }

  activeEnvironment(): string | undefined {
    return this.settings.environment;
  }

  pgVersionFor(folder: string, file: string): number {
    return this.workspace.settingsFor(folder, file).pgVersion;
  }

  documentChanged(uri: string, immediate: boolean): void {
    const file = toPath(uri);
    this.pathsByOpenUri.set(uri, file);
    if (this.isConfigFile(file)) {
      this.debouncer.schedule('*', immediate ? 0 : this.settings.debounceMs, () => this.reload());
      return;
    }
    // An opened file may be new on disk before any watcher event says so.
    if (immediate) this.disk.invalidate(file, true);
    const ref = this.folderOf(file);
    for (const r of ref ? [ref] : this.readersOf(file)) {
      this.debouncer.schedule(r.path, immediate ? OPEN_DELAY_MS : this.settings.debounceMs, async () => {
        await this.ready;
        this.check(r);
      });
    }
  }

  documentClosed(uri: string): void {
    const file = this.pathsByOpenUri.get(uri) ?? toPath(uri);
    this.pathsByOpenUri.delete(uri);
    // Unsaved edits of a configuration file stop applying when its editor closes.
    if (this.isConfigFile(file)) {
      this.debouncer.schedule('*', 0, () => this.reload());
      return;
    }
    const ref = this.workspace.folderOf(file);
    if (ref) this.debouncer.schedule(ref.path, 0, async () => this.check(ref));
  }

  filesChanged(changes: { uri: string; type: FileChangeType }[]): void {
    let structural = false;
    for (const c of changes) {
      const isStructural = c.type !== FileChangeType.Changed;
      structural ||= isStructural;
      this.disk.invalidate(toPath(c.uri), isStructural);
    }
    if (structural || changes.some((c) => this.isConfigFile(toPath(c.uri)))) {
      this.debouncer.schedule('*', 0, () => this.reload());
      return;
    }
    for (const c of changes) {
      const file = toPath(c.uri);
      const ref = this.workspace.folderOf(file);
      for (const r of ref ? [ref] : this.readersOf(file)) this.debouncer.schedule(r.path, 0, async () => this.check(r));
    }
  }

  /** Folders whose reading used `file` without it being one of their migrations (Alembic's env.py, a module of column types). */
  private readersOf(file: string): FolderRef[] {
    return this.workspace.folders.filter((r) => this.analyses.get(r.path)?.folder.inputs?.includes(file));
  }

  currentAnalyses(): Iterable<FolderAnalysis> {
    return this.analyses.values();
  }

  hover(uri: string, offset: number) {
    const file = toPath(uri);
    const analysis = this.analysisOf(file);
    if (!analysis) return null;
    const sizes = this.environment.sizes();
    return hoverFor(analysis, file, offset, this.pgVersionFor(analysis.folder.path, file), (statement) => ({ sizes, traced: this.dryRuns.of(file, statement) }));
  }

  inlayHints(doc: TextDocument, start: number, end: number) {
    const file = toPath(doc.uri);
    const analysis = this.settings.inlayHints.lockMode ? this.analysisOf(file) : undefined;
    if (!analysis) return [];
    return lockModeHints(analysis, file, { start, end }, this.workspace.settingsFor(analysis.folder.path, file).pgVersion, (o) => doc.positionAt(o));
  }

  codeActions(uri: string, start: number, end: number) {
    const file = toPath(uri);
    const analysis = this.analysisOf(file);
    return analysis ? codeActionsFor(analysis, file, { start, end }, (f) => this.indexOf(f)) : [];
  }

  codeLenses(uri: string) {
    const file = toPath(uri);
    const analysis = this.analysisOf(file);
    return analysis ? codeLensesFor(analysis, file, this.indexOf(file), this.appliedStates) : [];
  }

  textOf(uri: string): TextDocument | undefined {
    return this.documents.get(uri);
  }

  /** The PostgreSQL version a file is checked against (its folder's configuration and overrides). */
  pgVersionOf(file: string): number {
    const ref = this.workspace.folderOf(file);
    return ref ? this.pgVersionFor(ref.path, file) : this.settings.pgVersion;
  }

  analysisOf(file: string): FolderAnalysis | undefined {
    const ref = this.workspace.folderOf(file);
    return ref ? this.analyses.get(ref.path) : undefined;
  }

  /** A file outside the discovered folders may still be a migration (a folder added since). */
  private folderOf(file: string): FolderRef | undefined {
    const ref = this.workspace.folderOf(file);
    if (ref || !/\.(sql|conf|py)$/i.test(file)) return ref;
    this.workspace.discover();
    return this.workspace.folderOf(file);
  }

  private check(ref: FolderRef): void {
    let analysis: FolderAnalysis;
    try {
      analysis = this.workspace.analyze(ref);
    } catch (e) {
      this.connection.console.error(`Checking ${ref.path} failed: ${(e as Error)?.stack ?? e}`);
      return;
    }
    this.analyses.set(ref.path, analysis);
    const byUri = new Map<string, ReturnType<typeof toDiagnostic>[]>();
    // Per file, not per finding: a long script has a thousand findings.
    const files = new Map<string, { index: TextPositions; diagnostics: ReturnType<typeof toDiagnostic>[] }>();
    for (const f of this.findingsWithEnvironment(analysis)) {
      let file = files.get(f.path);
      if (!file) {
        files.set(f.path, (file = { index: this.indexOf(f.path), diagnostics: [] }));
        byUri.set(toUri(f.path), file.diagnostics);
      }
      file.diagnostics.push(toDiagnostic(file.index, f));
    }
    const before = this.published.get(ref.path) ?? new Set<string>();
    for (const uri of before) if (!byUri.has(uri)) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    // Open migration files with no findings still get an (empty) answer, so clients know they were checked.
    for (const [uri, file] of this.pathsByOpenUri) {
      if (!byUri.has(uri) && this.workspace.folderOf(file)?.path === ref.path) byUri.set(uri, []);
    }
    for (const [uri, diagnostics] of byUri) {
      void this.connection.sendDiagnostics({ uri, version: this.documents.get(uri)?.version, diagnostics });
    }
    this.published.set(ref.path, new Set([...byUri].filter(([, d]) => d.length > 0).map(([u]) => u)));
  }

  /** The analysis's findings as the connected environment sees them: severities by table size, and the applied state's. */
  private findingsWithEnvironment(analysis: FolderAnalysis): Finding[] {
    const sized = this.environment.sizes();
    const thresholds = this.configs.configFor(analysis.folder.path)?.tableSizeThresholds ?? {};
    const findings = sized
      ? adjustForTableSizes(analysis, analysis.findings, sized.sizes, thresholds, sized.environment, (file) => this.pgVersionFor(analysis.folder.path, file))
      : analysis.findings;
    return [...findings, ...(this.environment.statusOf(analysis)?.findings ?? [])];
  }

  /** Diagnostics in each configuration file read (none for a good one), and cleared in those no longer read. */
  private publishConfigProblems(extra: ConfigProblem[]): void {
    const problems = this.configs.problems();
    for (const p of extra) addTo(problems, p.file, p);
    const uris = new Set<string>();
    for (const [file, list] of problems) {
      const index = new LineIndex(this.configFiles.read(file) ?? '');
      const uri = toUri(file);
      uris.add(uri);
      void this.connection.sendDiagnostics({ uri, diagnostics: list.map((p) => configDiagnostic(index, p)) });
    }
    for (const uri of this.configUris) if (!uris.has(uri)) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    this.configUris = uris;
  }

  private isConfigFile(file: string): boolean {
    return CONFIG_FILE_NAMES.includes(path.basename(file)) || this.configs.sources().has(file);
  }

  /** The workspace folder a directory is in, where the search for its configuration stops. */
  private rootOf(dir: string): string | undefined {
    const containing = this.roots.filter((r) => !path.relative(r, dir).startsWith('..'));
    return containing.sort((a, b) => b.length - a.length)[0];
  }

  private clearVanishedFolders(): void {
    const live = new Set(this.workspace.folders.map((f) => f.path));
    for (const [folder, uris] of this.published) {
      if (live.has(folder)) continue;
      for (const uri of uris) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
      this.published.delete(folder);
      this.analyses.delete(folder);
    }
  }

  private openText(file: string): string | undefined {
    return this.documents.get(toUri(file))?.getText();
  }

  /** An open document keeps its line starts up to date as edits arrive; other files are indexed when asked. */
  indexOf(file: string): TextPositions {
    return this.documents.get(toUri(file)) ?? new LineIndex(this.files.read(file) ?? '');
  }
}

/** Registers the server's handlers on a listening connection whose `initialize` has been answered. */
export function startServer(connection: Connection, params: InitializeParams): void {
  const server = new MigrationGuardServer(connection);
  const { documents } = server;
  server.initialize(params);
  connection.onInitialized(() => void server.initialized());
  connection.onDidChangeConfiguration(() => void server.reload());
  connection.onDidChangeWatchedFiles((p) => server.filesChanged(p.changes));
  documents.onDidOpen((e) => server.documentChanged(e.document.uri, true));
  documents.onDidChangeContent((e) => server.documentChanged(e.document.uri, false));
  documents.onDidClose((e) => server.documentClosed(e.document.uri));
  connection.onHover((p) => {
    const doc = server.textOf(p.textDocument.uri);
    return doc ? server.hover(p.textDocument.uri, doc.offsetAt(p.position)) : null;
  });
  connection.languages.inlayHint.on((p) => {
    const doc = server.textOf(p.textDocument.uri);
    return doc ? server.inlayHints(doc, doc.offsetAt(p.range.start), doc.offsetAt(p.range.end)) : [];
  });
  connection.onCodeAction((p) => {
    const doc = server.textOf(p.textDocument.uri);
    if (!doc) return [];
    return server.codeActions(p.textDocument.uri, doc.offsetAt(p.range.start), doc.offsetAt(p.range.end));
  });
  connection.onCodeLens((p) => server.codeLenses(p.textDocument.uri));
  registerPanelRequests(connection, {
    analyses: () => server.currentAnalyses(),
    analysisOf: (file) => server.analysisOf(file),
    pgVersionOf: (file) => server.pgVersionOf(file),
  });
  registerDatabaseRequests(connection, server);
  documents.listen(connection);
}
