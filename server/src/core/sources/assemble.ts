import type { FormatId, MigrationFolder, Script, Span, StrayFile, TransactionMode } from '../model';
import type { FileView } from './files';
import { pairDowns, type PairKey } from './pairing';
import { contentStart } from './sections';
import { downWithoutUp, isStray, unreadableFile } from './strays';
import { orderAndLink, type Unlinked } from './versions';

/** What one migration file's text holds. */
export interface ParsedFile {
  up: Span;
  /** A down in the same file (dbmate, goose); separate down files are paired instead. */
  down?: Span;
  transaction: TransactionMode;
}

/** A file that defines a migration, as an adapter found it in a listing. */
export interface UpFile extends PairKey {
  path: string;
  id: string;
  name: string;
  supportsDown: boolean;
  repeatable?: boolean;
  /** Reads the text, or says why the file is not a migration of this folder's format. */
  parse(text: string): ParsedFile | StrayFile;
}

export interface DownFile extends PairKey {
  path: string;
}

function wholeFile(file: string, text: string): Script {
  return { path: file, text, span: wholeSpan(text) };
}

/** For formats that run a file as it is. */
export function runWhole(transaction: TransactionMode): (text: string) => ParsedFile {
  return (text) => ({ up: wholeSpan(text), transaction });
}

function wholeSpan(text: string): Span {
  return { start: contentStart(text), end: text.length };
}

/**
 * Reads the files an adapter picked out and turns them into a folder: texts are
 * read once, here, so that a file vanishing or unreadable between the listing and
 * the read becomes a stray rather than an exception.
 */
export function assemble(dir: string, format: FormatId, files: FileView, ups: UpFile[], downs: DownFile[] = []): MigrationFolder {
  const strays: StrayFile[] = [];
  const read = (file: string) => {
    const text = files.read(file);
    if (text === undefined) strays.push(unreadableFile(file));
    return text;
  };

  const readDowns = downs.flatMap((down) => {
    const text = read(down.path);
    return text === undefined ? [] : [{ down, text }];
  });
  const readUps = ups.flatMap((up) => {
    const text = read(up.path);
    if (text === undefined) return [];
    const parsed = up.parse(text);
    if (isStray(parsed)) {
      strays.push(parsed);
      return [];
    }
    return [{ up, text, parsed }];
  });

  const { downOf, orphans } = pairDowns(
    readUps.map((u) => u.up),
    readDowns.map((d) => d.down),
  );
  for (const d of orphans) strays.push(downWithoutUp(readDowns[d].down.path));

  const migrations = readUps.map(({ up, text, parsed }, i): Unlinked => {
    const paired = downOf[i] === undefined ? undefined : readDowns[downOf[i]];
    const down: Script | undefined = parsed.down
      ? { path: up.path, text, span: parsed.down }
      : paired && wholeFile(paired.down.path, paired.text);
    const migration: Unlinked = {
      id: up.id,
      name: up.name,
      format,
      folder: dir,
      path: up.path,
      sortKey: up.version,
      up: { path: up.path, text, span: parsed.up },
      down,
      supportsDown: up.supportsDown,
      transaction: parsed.transaction,
    };
    if (up.repeatable) migration.repeatable = true;
    return migration;
  });

  return { path: dir, format, migrations: orderAndLink(migrations), strays };
}
