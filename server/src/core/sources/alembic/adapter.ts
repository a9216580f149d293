// Alembic revisions (`versions/<rev>_<slug>.py`), read statically: identifiers from the
// module, SQL from the op.* calls of upgrade() and downgrade(). The code is never run.
import * as path from 'node:path';
import type { Migration, MigrationFolder, Script, StrayFile } from '../../model';
import type { FormatAdapter } from '../adapter';
import type { DirEntry, FileView } from '../files';
import { unreadableFile } from '../strays';
import { renderBody } from './body';
import { envPyOf, readTransactionSettings, scriptDirectoryOf, spansRun } from './env';
import { iniListing } from './ini';
import { readRevisionModule, type RevisionFunction, type RevisionModule } from './module';
import { ProjectModules, type TypeLookup } from './project';
import { withPythonTree, type PyNode } from '../python/parser';

/** A module-level `revision = …` and `down_revision = …`: cheap to test before parsing. */
const LOOKS_LIKE_REVISION = [/^revision\s*(:[^=\n]*)?=/m, /^down_revision\s*(:[^=\n]*)?=/m];
/** How deep revisions may sit below their version location (keystone: `versions/<release>/<branch>/`). */
const MAX_NESTING = 3;

/**
 * Alembic loads every `.py` of a version location, but names them `<rev>_<slug>.py` (the
 * default template; dated templates start with digits too). Claiming only those keeps a
 * helper script in another format's folder from passing for a revision.
 */
const isRevisionFile = (name: string) => /^[0-9a-f]{2,}_[^/]*\.py$/i.test(name);

export const alembic: FormatAdapter = {
  id: 'alembic',
  label: 'Alembic',
  detect(dir, entries, files) {
    if (!isLocation(dir, entries, files)) return 0;
    // Subfolders of a version location (keystone's `versions/<release>/<branch>/`) are part of it.
    let above = path.dirname(dir);
    for (let level = 0; level < MAX_NESTING && above !== path.dirname(above); level++, above = path.dirname(above)) {
      if (isLocation(above, files.list(above), files)) return 0;
    }
    const nested = revisionFiles(dir, files).filter((f) => looksLikeRevision(f, files)).length;
    return nested > 0 ? nested : namedByIni(dir, files) ? 1 : 0;
  },
  read: (dir, files) => readVersions(dir, files),
  owns: (relative) => isRevisionFile(path.posix.basename(relative)) && !relative.split('/').includes('__pycache__'),
  alsoReads: (dir, files) => otherLocations(dir, files),
  readsPython: true,
};

/**
 * Alembic loads every version location of an alembic.ini into one revision map; the
 * first location listed stands for all of them, the others are read with it.
 */
function otherLocations(dir: string, files: FileView): string[] {
  const listed = iniListing(dir, files)?.versionLocations ?? [];
  return listed[0] === dir ? [...new Set(listed.slice(1))].filter((l) => l !== dir) : [];
}

/** A versions folder may keep all its revisions in subfolders, or none yet when alembic.ini names it. */
function isLocation(dir: string, entries: DirEntry[], files: FileView): boolean {
  if (path.basename(dir) === 'versions' || namedByIni(dir, files)) return true;
  return entries.some((e) => !e.isDirectory && isRevisionFile(e.name) && looksLikeRevision(path.join(dir, e.name), files));
}

function looksLikeRevision(file: string, files: FileView): boolean {
  const text = files.read(file);
  return text !== undefined && LOOKS_LIKE_REVISION.every((r) => r.test(text));
}

/** Whether an alembic.ini a few folders up lists `dir` as a version location. */
function namedByIni(dir: string, files: FileView): boolean {
  return iniListing(dir, files) !== undefined;
}

function revisionFiles(dir: string, files: FileView, depth = 0): string[] {
  const entries: DirEntry[] = files.list(dir);
  return entries.flatMap((e) => {
    const full = path.join(dir, e.name);
    if (!e.isDirectory) return isRevisionFile(e.name) ? [full] : [];
    return depth < MAX_NESTING && !e.name.startsWith('.') && e.name !== '__pycache__' ? revisionFiles(full, files, depth + 1) : [];
  });
}

function readVersions(dir: string, files: FileView): MigrationFolder {
  const strays: StrayFile[] = [];
  const migrations: Migration[] = [];
  const { sharedTransaction, inputs } = scriptDirectory(dir, files);
  const also = otherLocations(dir, files);
  const project = new ProjectModules(files, dir);
  try {
    for (const file of [dir, ...also].flatMap((location) => revisionFiles(location, files))) {
      const text = files.read(file);
      if (text === undefined) {
        strays.push(unreadableFile(file));
        continue;
      }
      const read = (root: PyNode) => toMigration(file, text, readRevisionModule(root), { dir, types: project.lookupFor(root), sharedTransaction });
      const migration = withPythonTree(text, read);
      if (migration) migrations.push(migration);
      else strays.push(notARevision(file));
    }
    inputs.push(...project.filesRead());
  } finally {
    project.close();
  }
  return { path: dir, format: 'alembic', ...(also.length ? { also } : {}), inputs, migrations: runOrder(migrations), strays };
}

/** What the script directory around a version location says (the run's transaction), and the files that say it. */
function scriptDirectory(dir: string, files: FileView): { sharedTransaction: boolean; inputs: string[] } {
  const scriptDir = scriptDirectoryOf(dir, files);
  const read = [iniListing(dir, files)?.file, envPyOf(scriptDir)].filter((f): f is string => f !== undefined && files.read(f) !== undefined);
  return { sharedTransaction: spansRun(readTransactionSettings(scriptDir, files)), inputs: read };
}

interface ReadingContext {
  /** The folder (first version location). */
  dir: string;
  types: TypeLookup;
  sharedTransaction: boolean;
}

function toMigration(file: string, text: string, module: RevisionModule, { dir, types, sharedTransaction }: ReadingContext): Migration | undefined {
  if (module.revision === undefined) return undefined;
  const script = (fn: RevisionFunction): Script => ({
    path: file,
    text,
    span: { start: fn.body.startIndex, end: fn.body.endIndex },
    rendered: renderBody(fn, module.scope, text, types),
    ...(fn.empty ? { emptyBody: fn.empty } : {}),
  });
  const moduleComments = module.comments.length ? { moduleComments: module.comments } : {};
  const up = { ...(module.upgrade ? script(module.upgrade) : { path: file, text, span: { start: 0, end: 0 }, rendered: [] }), ...moduleComments };
  return {
    id: module.revision,
    name: path.basename(file, '.py').replace(new RegExp(`^${escapeRegExp(module.revision)}_?`), ''),
    format: 'alembic',
    folder: dir,
    path: file,
    sortKey: [],
    parents: module.downRevisions,
    up,
    down: module.downgrade && script(module.downgrade),
    supportsDown: true,
    // Inside a transaction whatever env.py says: with transactional_ddl=False Alembic still
    // begins and commits one per revision when it runs online.
    transaction: 'wrapped',
    ...(sharedTransaction ? { transactionSpansRun: true as const } : {}),
    ...(module.dependsOn.length ? { dependsOn: module.dependsOn } : {}),
    ...(module.branchLabels.length ? { branchLabels: module.branchLabels } : {}),
    ...(module.notAnalysed.length ? { notAnalysed: module.notAnalysed } : {}),
  };
}

function notARevision(file: string): StrayFile {
  const message = `${path.basename(file)} sets no \`revision = "…"\` that can be read, so it is not checked as an Alembic revision.`;
  return { path: file, reason: 'unreadable', message };
}

/**
 * Parents before children (ties by path), with `sortKey` the position. A parent that is
 * not in the folder does not hold its children back; revisions in a cycle come last, in
 * path order. The revision graph reports both.
 */
function runOrder(migrations: Migration[]): Migration[] {
  const byPath = [...migrations].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const ids = new Set(byPath.map((m) => m.id));
  const placed = new Set<string>();
  const ordered: Migration[] = [];
  let progress = true;
  while (progress) {
    progress = false;
    for (const m of byPath) {
      if (ordered.includes(m) || !m.parents.every((p) => placed.has(p) || !ids.has(p))) continue;
      ordered.push(m);
      placed.add(m.id);
      progress = true;
    }
  }
  ordered.push(...byPath.filter((m) => !ordered.includes(m)));
  return ordered.map((m, i) => ({ ...m, sortKey: [i] }));
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
