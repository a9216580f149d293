import type { FormatId, MigrationFolder } from '../model';
import type { DirEntry, FileView } from './files';

/** One migration tool's folder layout: how to recognise it and how to read it. */
export interface FormatAdapter {
  id: FormatId;
  /** How people call the tool, for messages. */
  label: string;
  /**
   * How strongly `dir` looks like this format: 0 = not at all; otherwise roughly
   * the number of files that are this format's, so a mixed folder goes to its majority.
   */
  detect(dir: string, entries: DirEntry[], files: FileView): number;
  /**
   * Reads the folder as this format. Faults within the format (unreadable files,
   * downs without ups) come back as strays; files of other formats are reported
   * by `readFolder`, which knows every format.
   */
  read(dir: string, files: FileView): MigrationFolder;
  /**
   * Whether a path relative to a folder of this format, with `/` separators, names
   * a migration file of it (`0001_x.up.sql`, `20240101_x/migration.sql`, `rollback/1_x.sql`).
   */
  owns(relative: string): boolean;
  /**
   * Further directories whose migrations belong to the folder `dir` (Alembic's other
   * `version_locations`, which form one revision graph with it); none by default.
   */
  alsoReads?(dir: string, files: FileView): string[];
  /** Its migrations are Python code: `read` needs the Python grammar loaded (see loadParsersFor). */
  readsPython?: true;
}
