import * as path from 'node:path';
import type { StrayFile } from '../model';
import { runWhole, type ParsedFile, type UpFile } from './assemble';
import type { DirEntry, FileView } from './files';
import { markerFormat, markerStyles, type MarkerFormat } from './markers';
import { mixedFormat } from './strays';
import { versionKey } from './versions';

// The `<version>_<name>.sql` naming that dbmate, goose, Supabase and plain folders
// share, so only file contents tell them apart. `.up.sql`/`.down.sql` names fit
// the shape too but are golang-migrate's.
const NUMBERED = /^(\d+)[_-]([^/]+)\.sql$/;
const GOLANG_MIGRATE = /\.(up|down)\.sql$/;

export interface NumberedFile {
  path: string;
  version: string;
  title: string;
}

export function isNumberedName(name: string): boolean {
  return NUMBERED.test(name) && !GOLANG_MIGRATE.test(name);
}

/** The numbered `.sql` files directly in `dir`. */
export function numberedFiles(dir: string, entries: DirEntry[]): NumberedFile[] {
  return entries.flatMap((e) => {
    const m = NUMBERED.exec(e.name);
    if (e.isDirectory || !m || GOLANG_MIGRATE.test(e.name)) return [];
    return [{ path: path.join(dir, e.name), version: m[1], title: m[2] }];
  });
}

/** How many numbered files carry `markers` (`undefined`: none, plain SQL). Unreadable files count for no one. */
export function countWithMarkers(dir: string, entries: DirEntry[], files: FileView, markers: MarkerFormat | undefined): number {
  return numberedFiles(dir, entries).filter((f) => {
    const text = files.read(f.path);
    return text !== undefined && markerFormat(text) === markers;
  }).length;
}

export function numberedUp(file: NumberedFile, supportsDown: boolean, parse: UpFile['parse']): UpFile {
  return {
    path: file.path,
    id: file.version,
    name: file.title,
    stem: `${file.version}_${file.title}`,
    version: versionKey(file.version),
    supportsDown,
    parse,
  };
}

/**
 * Parser for formats that run a numbered file as it is (plain, Supabase). A file
 * with dbmate or goose markers was written for another tool, which would run only
 * part of it, so it is reported rather than checked whole.
 */
export function asWholeFile(file: string, label: string): UpFile['parse'] {
  return (text): ParsedFile | StrayFile => {
    const markers = markerFormat(text);
    if (markers) {
      return mixedFormat(
        file,
        `${path.basename(file)} has ${markerStyles[markers].label} markers, but this folder holds ${label} migrations, which run the whole file.`,
      );
    }
    return runWhole('implicit')(text);
  };
}
