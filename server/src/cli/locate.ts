import * as path from 'node:path';
import type { Finding } from '../core/model';
import type { FileView } from '../core/sources/files';
import { LineIndex } from '../core/text/lineIndex';

/** A finding with 1-based line/column positions and a path relative to a base directory (the working directory, or the repository's root). */
export interface Located {
  finding: Finding;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export function locate(findings: Finding[], files: FileView, base: string): Located[] {
  const indexes = new Map<string, LineIndex>();
  return findings.map((finding) => {
    let index = indexes.get(finding.path);
    if (!index) {
      index = new LineIndex(files.read(finding.path) ?? '');
      indexes.set(finding.path, index);
    }
    const start = index.positionAt(finding.span.start);
    const end = index.positionAt(finding.span.end);
    return {
      finding,
      file: relativePath(base, finding.path),
      line: start.line + 1,
      column: start.character + 1,
      endLine: end.line + 1,
      endColumn: end.character + 1,
    };
  });
}

/** A path as the outputs show it: relative to `base`, with forward slashes. */
export function relativePath(base: string, file: string): string {
  return relativeTo(base, file).split(path.sep).join('/') || file;
}

// path.relative resolves both paths on each call, which showed in profiles of a check of
// 4,000 files; a folder's files share their directory, whose relative form is kept.
const relativeDirs = new Map<string, string>();
const ONLY_UP = /^\.\.([\\/]\.\.)*$/;

/**
 * path.relative(base, file), by way of the file's directory. When that directory is only
 * `..` steps away the file may be `base` itself or one of its ancestors, which
 * path.relative answers differently, so such files (outside `base`) take the long way.
 */
function relativeTo(base: string, file: string): string {
  const name = path.basename(file);
  if (name === '' || name === '.' || name === '..') return path.relative(base, file);
  const dir = path.dirname(file);
  const key = `${base}\u0000${dir}`;
  let relativeDir = relativeDirs.get(key);
  if (relativeDir === undefined) relativeDirs.set(key, (relativeDir = path.relative(base, dir)));
  return ONLY_UP.test(relativeDir) ? path.relative(base, file) : path.join(relativeDir, name);
}

/** What a check found, for the output formats. */
export interface CheckReport {
  findings: Located[];
  /** Every file checked, findings or not, relative as the findings' files are. */
  files: string[];
}
