import * as fs from 'node:fs';
import * as path from 'node:path';

/** The repository root: tests run from `out/test/...`, so it is found rather than assumed. */
export const repoRoot = findRepoRoot(__dirname);

/** The shared corpus of real-world migrations, a sibling of the repository. */
export const corpusRoot = path.resolve(repoRoot, '..', 'shared', 'corpus');

function findRepoRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (isOurPackage(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`No migration-guard package.json above ${start}`);
  }
}

function isOurPackage(file: string): boolean {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')).name === 'migration-guard';
  } catch {
    return false;
  }
}
