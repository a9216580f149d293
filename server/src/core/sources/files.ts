import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Where the engine reads files from. The language server layers open editors
 * over the disk, so unsaved text is what gets checked; the CLI reads the disk.
 */
export interface FileView {
  /** The text of a file, or undefined when it does not exist or is not readable. */
  read(file: string): string | undefined;
  /** Names of the entries of a directory, with whether each is a directory; empty if unreadable. */
  list(dir: string): DirEntry[];
}

export interface DirEntry {
  name: string;
  isDirectory: boolean;
}

export class DiskFileView implements FileView {
  read(file: string): string | undefined {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  }

  list(dir: string): DirEntry[] {
    try {
      return fs
        .readdirSync(dir, { withFileTypes: true })
        .map((e) => ({ name: e.name, isDirectory: e.isDirectory() }))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch {
      return [];
    }
  }
}

/** Open documents first, the disk underneath. */
export class OverlayFileView implements FileView {
  constructor(
    private readonly overlay: (file: string) => string | undefined,
    private readonly base: FileView = new DiskFileView(),
  ) {}

  read(file: string): string | undefined {
    return this.overlay(path.resolve(file)) ?? this.base.read(file);
  }

  list(dir: string): DirEntry[] {
    return this.base.list(dir);
  }
}

/**
 * A view that reads each file and lists each directory at most once: for one pass over
 * files that do not change meanwhile (discovery's scoring, a CLI run).
 */
export function rememberingReads(files: FileView): FileView {
  const texts = new Map<string, string | undefined>();
  const listings = new Map<string, DirEntry[]>();
  return {
    read(file) {
      if (!texts.has(file)) texts.set(file, files.read(file));
      return texts.get(file);
    },
    list(dir) {
      let entries = listings.get(dir);
      if (!entries) listings.set(dir, (entries = files.list(dir)));
      return entries;
    },
  };
}
