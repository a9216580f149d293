// Django projects: every app's `migrations/NNNN_name.py`, read statically as one folder so
// that cross-app dependencies link within it and the operations render in dependency order
// on one model state. The code is never imported or run.
import * as path from 'node:path';
import type { Migration, MigrationFolder, StrayFile } from '../../model';
import type { FormatAdapter } from '../adapter';
import type { FileView } from '../files';
import { syntaxErrorNote, withPythonTrees } from '../python/parser';
import { unreadableFile } from '../strays';
import { packagesOf, isMigrationPath, migrationCount } from './layout';
import { idOf, link, type ReadMigration } from './links';
import { readMigrationModule } from './module';
import { codeOperations, renderOperations } from './operations';
import { emptyState, projectSettings, type ProjectState } from './render';
import { settingsValue } from './settings';

export const django: FormatAdapter = {
  id: 'django',
  label: 'Django',
  detect: (dir, _entries, files) => migrationCount(dir, files),
  read: readProject,
  owns: isMigrationPath,
  readsPython: true,
};

interface SourceFile {
  app: string;
  name: string;
  file: string;
  text: string;
}

function readProject(dir: string, files: FileView): MigrationFolder {
  const strays: StrayFile[] = [];
  const sources: SourceFile[] = [];
  for (const pkg of packagesOf(dir, files)) {
    for (const name of pkg.files) {
      const file = path.join(pkg.dir, name);
      const text = files.read(file);
      if (text === undefined) strays.push(unreadableFile(file));
      else sources.push({ app: pkg.app, name: name.slice(0, -'.py'.length), file, text });
    }
  }
  // Operations keep nodes of their syntax trees, so every tree lives until rendering is done.
  const migrations = withPythonTrees(
    sources.map((s) => s.text),
    (roots) => {
      const read: (ReadMigration & SourceFile)[] = [];
      sources.forEach((source, i) => {
        const module = readMigrationModule(roots[i]);
        if (module) read.push({ ...source, module });
        else strays.push(notAMigration(source.file, syntaxErrorNote(roots[i])?.reason));
      });
      const setting = (name: string) => settingsValue(dir, files, name);
      const linked = link(read, setting);
      const state = emptyState(projectSettings({ AUTH_USER_MODEL: setting('AUTH_USER_MODEL'), DEFAULT_AUTO_FIELD: setting('DEFAULT_AUTO_FIELD') }));
      const ordered = runOrder(linked.migrations, linked.dependencies);
      return ordered.map((m, i) => toMigration(dir, m, linked.dependencies.get(idOf(m))!, state, i));
    },
  );
  return { path: dir, format: 'django', migrations, strays };
}

function toMigration(dir: string, m: ReadMigration & SourceFile, dependencies: string[], state: ProjectState, position: number): Migration {
  const { module, file, text, app, name } = m;
  const rendered = renderOperations({ app, name, operations: module.operations, atomic: module.atomic }, text, state);
  const script = (statements: typeof rendered.up) => ({ path: file, text, span: module.span, rendered: statements });
  const ownApp = (id: string) => id.startsWith(`${app}.`);
  const otherApps = dependencies.filter((d) => !ownApp(d));
  return {
    id: idOf(m),
    name,
    format: 'django',
    folder: dir,
    path: file,
    sortKey: [position],
    parents: dependencies.filter(ownApp),
    up: script(rendered.up),
    down: script(rendered.down),
    supportsDown: true,
    // On PostgreSQL each migration runs in a transaction of its own unless `atomic = False`.
    transaction: module.atomic ? 'wrapped' : 'none',
    ...(otherApps.length ? { dependsOn: otherApps } : {}),
    ...(module.notAnalysed.length ? { notAnalysed: module.notAnalysed } : {}),
    django: { app, classSpan: module.classSpan, initial: module.initial, codeOperations: codeOperations(module.operations) },
  };
}

function notAMigration(file: string, syntaxError: string | undefined): StrayFile {
  const why = syntaxError ? ` ${syntaxError}` : '';
  const message = `${path.basename(file)} has no \`class Migration(migrations.Migration)\` that can be read, so it is not checked as a Django migration.${why}`;
  return { path: file, reason: 'unreadable', message };
}

/**
 * Dependencies before dependents, ties by app and name; a dependency that is not in the
 * project does not hold its dependents back, and migrations on a cycle come last.
 */
function runOrder<T extends ReadMigration>(migrations: T[], dependencies: Map<string, string[]>): T[] {
  const pending = [...migrations].sort((a, b) => (idOf(a) < idOf(b) ? -1 : idOf(a) > idOf(b) ? 1 : 0));
  const placed = new Set<string>();
  const ordered: T[] = [];
  for (let progress = true; progress; ) {
    progress = false;
    for (const m of pending) {
      const id = idOf(m);
      if (placed.has(id) || !dependencies.get(id)!.every((d) => placed.has(d) || !dependencies.has(d))) continue;
      ordered.push(m);
      placed.add(id);
      progress = true;
    }
  }
  return [...ordered, ...pending.filter((m) => !placed.has(idOf(m)))];
}
