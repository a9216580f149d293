import * as path from 'node:path';
import type { FileView } from '../sources/files';
import { CONFIG_FILE_NAMES } from './types';

/**
 * The configuration file nearest above `dir` (`dir` itself included), as ESLint and
 * Prettier find theirs; `.json` before `.jsonc` in one directory. The walk stops after
 * `boundary` (a workspace folder) or at the filesystem root.
 */
export function findConfigFile(dir: string, files: FileView, boundary?: string): string | undefined {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    for (const name of CONFIG_FILE_NAMES) {
      const file = path.join(d, name);
      if (files.read(file) !== undefined) return file;
    }
    if (d === boundary || path.dirname(d) === d) return undefined;
  }
}
