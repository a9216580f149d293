import * as path from 'node:path';
import type { FormatId, MigrationFolder, StrayFile } from '../model';
import type { FormatAdapter } from './adapter';
import { rememberingReads, type DirEntry, type FileView } from './files';
import { adapterFor, adapters } from './registry';
import { mixedFormat } from './strays';

/** A migration folder found on disk and the format it is read as. */
export interface FolderRef {
  path: string;
  format: FormatId;
  /** Further directories read as part of the folder (Alembic's other version locations). */
  also?: string[];
}

export interface DiscoverOptions {
  /** Absolute folder path → format, for folders whose format is set rather than detected. */
  formats?: Record<string, FormatId>;
  /** How many directory levels below each root to look; the root is level 0. */
  maxDepth?: number;
}

const DEFAULT_MAX_DEPTH = 12;
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'out', 'vendor']);

/**
 * Walks the roots and returns every folder that holds migrations, each with the
 * format that claims most of its files. Folders named in `options.formats` take
 * that format, even if the walk would not reach them.
 */
export function discoverFolders(roots: string[], files: FileView, options: DiscoverOptions = {}): FolderRef[] {
  // Several adapters read the same candidate files while scoring a folder.
  const view = rememberingReads(files);
  const forced = forcedFormats(options.formats ?? {});
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  const found = new Map<string, FolderRef>();
  const visited = new Set<string>();

  const visit = (dir: string, depth: number): void => {
    if (visited.has(dir)) return;
    visited.add(dir);
    const entries = view.list(dir);
    const format = forced.get(dir);
    const adapter = format ? adapterFor(format) : bestAdapter(dir, entries, view);
    const also = adapter?.alsoReads?.(dir, view) ?? [];
    if (adapter) found.set(dir, { path: dir, format: adapter.id, ...(also.length ? { also } : {}) });
    if (depth >= maxDepth) return;
    for (const e of entries) {
      if (!e.isDirectory || e.name.startsWith('.') || SKIPPED_DIRS.has(e.name)) continue;
      const sub = path.join(dir, e.name);
      // Prisma's `<ts>_<name>/` and plain's `rollback/` are part of their folder, not folders of their own.
      if (adapter && ownsFileIn(adapter, e.name, view.list(sub))) continue;
      visit(sub, depth + 1);
    }
  };

  for (const root of roots) visit(path.resolve(root), 0);
  for (const [dir, format] of forced) if (!found.has(dir)) found.set(dir, { path: dir, format });
  // A directory another folder reads as part of itself is not a folder of its own.
  const readElsewhere = new Set([...found.values()].flatMap((ref) => ref.also ?? []));
  return [...found.values()].filter((ref) => !readElsewhere.has(ref.path));
}

/** Reads a discovered folder, adding as strays the files that belong to another format. */
export function readFolder(ref: FolderRef, files: FileView): MigrationFolder {
  const adapter = adapterFor(ref.format);
  const folder = adapter.read(ref.path, files);
  const foreign = files.list(ref.path).flatMap((e): StrayFile[] => {
    if (e.isDirectory || adapter.owns(e.name)) return [];
    const other = adapters.find((a) => a.owns(e.name));
    if (!other) return [];
    const message = `${e.name} looks like a ${other.label} migration, but this folder holds ${adapter.label} migrations.`;
    return [mixedFormat(path.join(ref.path, e.name), message)];
  });
  const strays = [...folder.strays, ...foreign].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { ...folder, strays };
}

/**
 * The folder a file belongs to: one of whose migration files it is, or a file
 * directly in it that another format would claim (reported there as a stray).
 * The deepest such folder wins.
 */
export function folderContaining(file: string, refs: FolderRef[]): FolderRef | undefined {
  let best: { ref: FolderRef; depth: number } | undefined;
  for (const ref of refs) {
    for (const dir of [ref.path, ...(ref.also ?? [])]) {
      const relative = path.relative(dir, file);
      if (!relative || relative.startsWith('..') || path.isAbsolute(relative)) continue;
      const posix = relative.split(path.sep).join('/');
      const belongs = adapterFor(ref.format).owns(posix) || (!posix.includes('/') && adapters.some((a) => a.owns(posix)));
      if (belongs && (!best || dir.length > best.depth)) best = { ref, depth: dir.length };
    }
  }
  return best?.ref;
}

function bestAdapter(dir: string, entries: DirEntry[], files: FileView): FormatAdapter | undefined {
  let best: { adapter: FormatAdapter; score: number } | undefined;
  for (const adapter of adapters) {
    const score = adapter.detect(dir, entries, files);
    if (score > 0 && (!best || score > best.score)) best = { adapter, score };
  }
  return best?.adapter;
}

function ownsFileIn(adapter: FormatAdapter, subdir: string, entries: DirEntry[]): boolean {
  return entries.some((e) => !e.isDirectory && adapter.owns(`${subdir}/${e.name}`));
}

/** Settings are user input: unknown format names are ignored, so the folder is detected instead. */
function forcedFormats(formats: Record<string, FormatId>): Map<string, FormatId> {
  const known = Object.entries(formats).filter(([, format]) => adapters.some((a) => a.id === format));
  return new Map(known.map(([dir, format]) => [path.resolve(dir), format]));
}
