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
  return path.relative(base, file).split(path.sep).join('/') || file;
}

/** What a check found, for the output formats. */
export interface CheckReport {
  findings: Located[];
  /** Every file checked, findings or not, relative as the findings' files are. */
  files: string[];
}
