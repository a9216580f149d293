import * as path from 'node:path';
import * as vscode from 'vscode';
import { STATE_WORDS } from '../webview/appliedState';
import type { AppliedStatePayload, GraphFolder, GraphNode, GraphPayload, MigrationState } from '../webview/protocol';

export const MIGRATIONS_VIEW = 'migrationGuard.migrations';

/** A migration folder (SQL folder, Alembic versions, a Django app) or one of its migrations. */
export type MigrationsElement = { kind: 'folder'; folder: GraphFolder } | { kind: 'migration'; folder: GraphFolder; node: GraphNode };

const STATE_ICONS: Record<MigrationState, [string, string]> = {
  applied: ['pass', 'charts.green'],
  current: ['pass-filled', 'charts.blue'],
  pending: ['circle-large-outline', 'descriptionForeground'],
  dirty: ['error', 'errorForeground'],
  failed: ['error', 'errorForeground'],
  'changed-after-applied': ['warning', 'editorWarning.foreground'],
};

/** The Migrations view in the explorer: each folder's migrations, newest first, with state and findings. */
export class MigrationsTree implements vscode.TreeDataProvider<MigrationsElement> {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.emitter.event;
  private graph: GraphPayload = { folders: [] };
  private states: AppliedStatePayload | undefined;

  setGraph(graph: GraphPayload): void {
    this.graph = graph;
    this.emitter.fire();
  }

  setStates(states: AppliedStatePayload): void {
    this.states = states;
    this.emitter.fire();
  }

  getChildren(element?: MigrationsElement): MigrationsElement[] {
    if (!element) return this.graph.folders.map((folder) => ({ kind: 'folder', folder }));
    if (element.kind === 'migration') return [];
    // The payload lists bases first; the view puts the newest on top.
    return [...element.folder.nodes].reverse().map((node) => ({ kind: 'migration', folder: element.folder, node }));
  }

  getTreeItem(element: MigrationsElement): vscode.TreeItem {
    if (element.kind === 'folder') return this.folderItem(element.folder);
    const { node, folder } = element;
    const state = this.states?.folders.find((f) => f.path === folder.path)?.states[node.id];
    const item = new vscode.TreeItem(`${node.id} ${node.name}`, vscode.TreeItemCollapsibleState.None);
    item.id = `${folder.path}#${node.id}`;
    item.resourceUri = vscode.Uri.file(node.path);
    item.description = [state && state !== 'applied' ? STATE_WORDS[state] : '', node.findings ? `⚠ ${node.findings}` : ''].filter(Boolean).join(' · ');
    const [icon, colour] = state ? STATE_ICONS[state] : ['database', 'descriptionForeground'];
    item.iconPath = new vscode.ThemeIcon(icon, new vscode.ThemeColor(colour));
    item.tooltip = new vscode.MarkdownString(
      [
        `**${node.id}** ${node.name}`,
        node.date ? `created ${node.date}` : '',
        `${node.findings ?? 0} finding${node.findings === 1 ? '' : 's'}`,
        state && this.states?.environment ? `${STATE_WORDS[state]} on ${this.states.environment}` : '',
      ]
        .filter(Boolean)
        .join('\n\n'),
    );
    item.contextValue = 'migration';
    item.command = { command: 'vscode.open', title: 'Open', arguments: [vscode.Uri.file(node.path)] };
    return item;
  }

  private folderItem(folder: GraphFolder): vscode.TreeItem {
    const root = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(folder.path));
    const item = new vscode.TreeItem(root ? path.relative(root.uri.fsPath, folder.path) || '.' : folder.path, vscode.TreeItemCollapsibleState.Expanded);
    item.id = folder.path;
    const findings = folder.nodes.reduce((n, x) => n + (x.findings ?? 0), 0);
    const faults = folder.problems.length + (folder.heads.length > 1 ? 1 : 0);
    item.description = [folder.format, `${folder.nodes.length} migrations`, findings ? `⚠ ${findings}` : '', faults ? `${faults} graph fault${faults === 1 ? '' : 's'}` : '']
      .filter(Boolean)
      .join(' · ');
    item.iconPath = new vscode.ThemeIcon(faults ? 'warning' : 'folder');
    item.contextValue = 'migrationFolder';
    return item;
  }
}

/** The file a command was given: a tree element, a URI (string or Uri), else the active editor's. */
export function fileOf(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string') return vscode.Uri.parse(arg);
  if (arg && typeof arg === 'object' && 'node' in arg) return vscode.Uri.file((arg as { node: GraphNode }).node.path);
  return vscode.window.activeTextEditor?.document.uri;
}
