import * as fs from 'node:fs';
import { DiskFileView, type DirEntry, type FileView } from '../core/sources/files';

/**
 * The disk, remembered between checks so that a keystroke does not re-read every
 * file of a large migration folder. With file-watching clients the cache is
 * invalidated by events; without (some editors lack them) each read checks mtime.
 */
export class CachedDiskFileView implements FileView {
  private readonly texts = new Map<string, { mtimeMs: number; text: string | undefined }>();
  private readonly dirs = new Map<string, DirEntry[]>();
  private readonly disk = new DiskFileView();
  watched = false;

  read(file: string): string | undefined {
    const cached = this.texts.get(file);
    if (cached && this.watched) return cached.text;
    const mtimeMs = mtimeOf(file);
    if (cached && cached.mtimeMs === mtimeMs) return cached.text;
    const text = this.disk.read(file);
    this.texts.set(file, { mtimeMs, text });
    return text;
  }

  list(dir: string): DirEntry[] {
    if (this.watched) {
      const cached = this.dirs.get(dir);
      if (cached) return cached;
    }
    const entries = this.disk.list(dir);
    this.dirs.set(dir, entries);
    return entries;
  }

  /** A file changed, appeared or vanished. */
  invalidate(file: string, structural: boolean): void {
    this.texts.delete(file);
    if (structural) this.dirs.clear();
  }

  clear(): void {
    this.texts.clear();
    this.dirs.clear();
  }
}

function mtimeOf(file: string): number {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return -1;
  }
}
