import * as path from 'node:path';
import type { FormatAdapter } from './adapter';
import { assemble, runWhole, type UpFile } from './assemble';
import type { DirEntry, FileView } from './files';
import { versionKey } from './versions';

const MIGRATION_DIR = /^(\d+)_(.+)$/;
const SCRIPT = 'migration.sql';

/** `migrations/<timestamp>_<name>/migration.sql`; Prisma has no down migrations. */
export const prisma: FormatAdapter = {
  id: 'prisma',
  label: 'Prisma',
  detect: (dir, entries, files) => migrationDirs(dir, entries, files).length,
  read(dir, files) {
    const ups = migrationDirs(dir, files.list(dir), files).map(({ name, version, title }): UpFile => ({
      path: path.join(dir, name, SCRIPT),
      id: version,
      name: title,
      stem: name,
      version: versionKey(version),
      supportsDown: false,
      parse: runWhole('implicit'),
    }));
    return assemble(dir, 'prisma', files, ups);
  },
  owns(relative) {
    const parts = relative.split('/');
    return parts.length === 2 && MIGRATION_DIR.test(parts[0]) && parts[1] === SCRIPT;
  },
};

function migrationDirs(dir: string, entries: DirEntry[], files: FileView): { name: string; version: string; title: string }[] {
  return entries.flatMap((e) => {
    const m = MIGRATION_DIR.exec(e.name);
    const hasScript = e.isDirectory && m && files.list(path.join(dir, e.name)).some((f) => !f.isDirectory && f.name === SCRIPT);
    return m && hasScript ? [{ name: e.name, version: m[1], title: m[2] }] : [];
  });
}
