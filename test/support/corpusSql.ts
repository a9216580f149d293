import * as fs from 'node:fs';
import * as path from 'node:path';
import { corpusRoot } from './paths';

/** The `.sql` files of the real-migration corpus (not squawk's intentionally broken `err/` set). */
export function corpusSqlFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!file.includes(`${path.sep}err`)) walk(file);
      } else if (e.name.endsWith('.sql')) out.push(file);
    }
  };
  walk(corpusRoot);
  return out.sort();
}
