// Settings a Django project's migrations refer to (`settings.AUTH_USER_MODEL`), read from
// its settings modules as plain assignments of string literals.
import * as path from 'node:path';
import type { FileView } from '../files';

/** How deep below the project's folder settings modules are looked for (`<project>/settings.py`, `<project>/settings/base.py`). */
const MAX_DEPTH = 2;

/** The string a settings module assigns to `setting`, if one does. */
export function settingsValue(root: string, files: FileView, setting: string): string | undefined {
  const assignment = new RegExp(`^${setting}\\s*=\\s*['"]([^'"]+)['"]`, 'm');
  for (const file of settingsModules(root, files, 0)) {
    const found = assignment.exec(files.read(file) ?? '');
    if (found) return found[1];
  }
  return undefined;
}

function settingsModules(dir: string, files: FileView, depth: number): string[] {
  return files.list(dir).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (!e.isDirectory) return e.name === 'settings.py' || (path.basename(dir) === 'settings' && e.name.endsWith('.py')) ? [full] : [];
    return depth < MAX_DEPTH && !e.name.startsWith('.') && e.name !== 'migrations' ? settingsModules(full, files, depth + 1) : [];
  });
}
