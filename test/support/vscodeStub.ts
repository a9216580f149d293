// A stand-in for the few parts of the `vscode` module that the client's glue (tree view,
// status bar) uses, so that glue can be unit-tested without an editor. Importing this file
// makes `require('vscode')` return it; import it before the client module under test. The
// code-server suite (test/integration) runs the same code against the real module.
import Module = require('node:module');

type Listener<T> = (e: T) => unknown;

export class EventEmitter<T> {
  private listeners: Listener<T>[] = [];
  readonly event = (listener: Listener<T>) => {
    this.listeners.push(listener);
    return new Disposable(() => (this.listeners = this.listeners.filter((l) => l !== listener)));
  };
  fire(e: T): void {
    for (const l of this.listeners) l(e);
  }
  dispose(): void {
    this.listeners = [];
  }
}

export class Disposable {
  static from(...parts: { dispose(): unknown }[]): Disposable {
    return new Disposable(() => parts.forEach((p) => p.dispose()));
  }
  constructor(private readonly onDispose: () => unknown) {}
  dispose(): void {
    this.onDispose();
  }
}

export class Uri {
  private constructor(
    readonly scheme: string,
    readonly fsPath: string,
  ) {}
  static file(fsPath: string): Uri {
    return new Uri('file', fsPath);
  }
  static parse(text: string): Uri {
    const url = new URL(text);
    return new Uri(url.protocol.slice(0, -1), decodeURIComponent(url.pathname));
  }
  toString(): string {
    return `${this.scheme}://${encodeURI(this.fsPath)}`;
  }
}

export enum TreeItemCollapsibleState {
  None = 0,
  Collapsed = 1,
  Expanded = 2,
}

export class TreeItem {
  id?: string;
  description?: string;
  tooltip?: MarkdownString | string;
  iconPath?: ThemeIcon;
  contextValue?: string;
  resourceUri?: Uri;
  command?: { command: string; title: string; arguments?: unknown[] };
  constructor(
    readonly label: string,
    readonly collapsibleState: TreeItemCollapsibleState,
  ) {}
}

export class ThemeColor {
  constructor(readonly id: string) {}
}

export class ThemeIcon {
  constructor(
    readonly id: string,
    readonly color?: ThemeColor,
  ) {}
}

export class MarkdownString {
  constructor(readonly value: string) {}
}

export enum StatusBarAlignment {
  Left = 1,
  Right = 2,
}

export class StatusBarItem {
  text = '';
  tooltip: string | undefined;
  name: string | undefined;
  command: string | undefined;
  visible = false;
  show(): void {
    this.visible = true;
  }
  hide(): void {
    this.visible = false;
  }
  dispose(): void {
    this.visible = false;
  }
}

/** Every status bar item created, by id, to look at after the code under test made them. */
export const statusBarItems = new Map<string, StatusBarItem>();
const configurationChanged = new EventEmitter<{ affectsConfiguration(section: string): boolean }>();

export const window = {
  activeTextEditor: undefined as { document: { uri: Uri } } | undefined,
  createStatusBarItem(id: string): StatusBarItem {
    const item = new StatusBarItem();
    statusBarItems.set(id, item);
    return item;
  },
};

export const workspace = {
  workspaceFolders: [] as { uri: Uri }[],
  getWorkspaceFolder(uri: Uri): { uri: Uri } | undefined {
    return this.workspaceFolders.find((f) => uri.fsPath === f.uri.fsPath || uri.fsPath.startsWith(`${f.uri.fsPath}/`));
  },
  onDidChangeConfiguration: configurationChanged.event,
  getConfiguration: () => ({ get: () => undefined }),
};

const stub = { EventEmitter, Disposable, Uri, TreeItemCollapsibleState, TreeItem, ThemeColor, ThemeIcon, MarkdownString, StatusBarAlignment, window, workspace };
const loader = Module as unknown as { _load(request: string, ...rest: unknown[]): unknown };
const load = loader._load;
loader._load = function (request: string, ...rest: unknown[]) {
  return request === 'vscode' ? stub : load.call(this, request, ...rest);
};
