import { execFile } from 'node:child_process';
import * as path from 'node:path';
import type { Migration } from '../model';
import { compareKeys, versionKey } from '../sources/versions';

/** True for a migration at or before the baseline version (repeatable migrations have none and always count). */
export function beforeBaseline(migration: Migration, startAfter: string): boolean {
  return !migration.repeatable && compareKeys(migration.sortKey, versionKey(startAfter)) <= 0;
}

/**
 * Absolute paths of the files that differ from `ref` in the git repository around `cwd`:
 * committed since, staged, unstaged, and untracked (a new migration is the usual change).
 */
export async function changedFiles(cwd: string, ref: string): Promise<Set<string>> {
  if (ref.startsWith('-')) throw new Error(`"${ref}" is not a git ref.`);
  const top = (await git(cwd, ['rev-parse', '--show-toplevel'])).trim();
  const changed = await git(top, ['diff', '--name-only', '-z', ref, '--']);
  const untracked = await git(top, ['ls-files', '--others', '--exclude-standard', '-z']);
  const names = (changed + untracked).split('\0').filter(Boolean);
  return new Set(names.map((n) => path.resolve(top, n)));
}

/** Runs git directly (no shell), so a ref from a configuration file is never interpreted. */
function git(cwd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`git ${args[0]} failed: ${(stderr || error.message).trim()}`));
      else resolve(stdout);
    });
  });
}
