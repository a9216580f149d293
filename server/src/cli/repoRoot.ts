import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The repository around `dir` (the nearest folder with a `.git` entry), else `dir`:
 * code scanning and workflow annotations want paths relative to the repository root.
 */
export function repoRootOf(dir: string): string {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, '.git'))) return d;
    if (path.dirname(d) === d) return path.resolve(dir);
  }
}
