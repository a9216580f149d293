import * as path from 'node:path';
import type { FormatAdapter } from './adapter';
import { assemble } from './assemble';
import type { FileView } from './files';
import { asWholeFile, countWithMarkers, isNumberedName, numberedFiles, numberedUp } from './numbered';

/** Supabase CLI: `supabase/migrations/<timestamp>_<name>.sql`, run whole, no downs. */
export const supabase: FormatAdapter = {
  id: 'supabase',
  label: 'Supabase',
  detect(dir, entries, files) {
    const count = countWithMarkers(dir, entries, files, undefined);
    // The names are plain's too; the place is the extra evidence that outranks plain.
    return count > 0 && isSupabaseMigrations(dir, files) ? count + 1 : 0;
  },
  read: (dir, files) =>
    assemble(
      dir,
      'supabase',
      files,
      numberedFiles(dir, files.list(dir)).map((f) => numberedUp(f, false, asWholeFile(f.path, supabase.label))),
    ),
  owns: isNumberedName,
};

/** `migrations` under `supabase/`, or under any folder holding the CLI's `config.toml`. */
function isSupabaseMigrations(dir: string, files: FileView): boolean {
  if (path.basename(dir) !== 'migrations') return false;
  const parent = path.dirname(dir);
  return path.basename(parent) === 'supabase' || files.list(parent).some((e) => !e.isDirectory && e.name === 'config.toml');
}
