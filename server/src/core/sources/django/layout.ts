// Where a Django project keeps its migrations: `<app>/migrations/NNNN_name.py` packages,
// grouped under the project they belong to (the folder of `manage.py`, else the apps' parent).
import * as path from 'node:path';
import type { FileView } from '../files';

/** How deep below a project's folder its apps' `migrations/` packages may sit (`src/apps/<app>/migrations`). */
const MAX_DEPTH = 4;
/** How far above an app's parent `manage.py` is looked for. */
const MANAGE_PY_LEVELS = 3;
const SKIPPED = new Set(['node_modules', '__pycache__', 'site-packages', 'dist', 'build']);

/** Django loads every module of the package; makemigrations names them `NNNN_name.py`. */
export const isMigrationFile = (name: string) => /^\d+_\w+\.py$/.test(name);
const LOOKS_LIKE_MIGRATION = /^class\s+Migration\s*\([^)]*Migration\s*\)/m;

export interface MigrationPackage {
  /** The app label: the app folder's name, or the `label` its AppConfig sets. */
  app: string;
  /** The `migrations/` folder. */
  dir: string;
  /** Its migration files, by name. */
  files: string[];
}

/** The migration packages that belong to the project in `root`. */
export function packagesOf(root: string, files: FileView): MigrationPackage[] {
  return packagesBelow(root, files, 0).filter((p) => projectOf(p.dir, files) === root);
}

/** How many migration files the project in `root` has: 0 when `root` is no project's folder. */
export function migrationCount(root: string, files: FileView): number {
  return packagesOf(root, files).reduce((n, p) => n + p.files.length, 0);
}

/** Whether a path relative to a project's folder names a migration file of one of its apps. */
export function isMigrationPath(relative: string): boolean {
  const parts = relative.split('/');
  return parts.length >= 3 && parts[parts.length - 2] === 'migrations' && isMigrationFile(parts[parts.length - 1]) && !parts.includes('__pycache__');
}

function packagesBelow(dir: string, files: FileView, depth: number): MigrationPackage[] {
  const found: MigrationPackage[] = [];
  for (const e of files.list(dir)) {
    if (!e.isDirectory || e.name.startsWith('.') || SKIPPED.has(e.name)) continue;
    const sub = path.join(dir, e.name);
    if (e.name === 'migrations' && depth > 0) {
      const names = files.list(sub).filter((f) => !f.isDirectory && isMigrationFile(f.name) && LOOKS_LIKE_MIGRATION.test(files.read(path.join(sub, f.name)) ?? ''));
      if (names.length) found.push({ app: appLabel(dir, files), dir: sub, files: names.map((f) => f.name).sort() });
    } else if (depth < MAX_DEPTH) {
      found.push(...packagesBelow(sub, files, depth + 1));
    }
  }
  return found;
}

/** The project a migrations package belongs to: the nearest folder above its app with `manage.py`, else the app's parent. */
function projectOf(migrationsDir: string, files: FileView): string {
  const parent = path.dirname(path.dirname(migrationsDir));
  let dir = parent;
  for (let level = 0; level <= MANAGE_PY_LEVELS && dir !== path.dirname(dir); level++, dir = path.dirname(dir)) {
    if (files.list(dir).some((e) => !e.isDirectory && e.name === 'manage.py')) return dir;
  }
  return parent;
}

/** An AppConfig's `label = '…'` in the app's `apps.py` renames the app; otherwise its folder names it. */
function appLabel(appDir: string, files: FileView): string {
  const apps = files.read(path.join(appDir, 'apps.py'));
  const label = apps && /^\s+label\s*=\s*['"](\w+)['"]/m.exec(apps);
  return label ? label[1] : path.basename(appDir);
}
