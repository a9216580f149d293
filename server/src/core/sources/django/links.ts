// How Django's loader links migrations (MigrationLoader.build_graph), restated for a project
// read from disk with no database: squashed migrations stand in for the ones they replace,
// `__first__` / `__latest__` and swappable dependencies resolve to migrations of the app,
// `run_before` adds a dependency to its target, and dependencies on apps the project does
// not contain (django.contrib, installed packages) are outside the graph.
import type { DependencyRef, DjangoModule, MigrationKey } from './module';

export interface ReadMigration {
  app: string;
  name: string;
  module: DjangoModule;
}

export interface Linked<T extends ReadMigration> {
  /** The migrations Django would run on an empty database: replaced ones are left out. */
  migrations: T[];
  /** Dependencies of each migration by id (`app.name`), same-app ones first; some may name no migration. */
  dependencies: Map<string, string[]>;
}

export const idOf = (key: MigrationKey) => `${key.app}.${key.name}`;

/**
 * `swappable(setting)` gives the `app.Model` a setting names (`AUTH_USER_MODEL`), when the
 * project's settings say; Django's default user model lives in django.contrib.auth.
 */
export function link<T extends ReadMigration>(read: T[], swappable: (setting: string) => string | undefined): Linked<T> {
  // With nothing applied, Django uses a squashed migration and drops the ones it replaces.
  const replacedBy = new Map<string, string>();
  for (const m of read) for (const r of m.module.replaces) replacedBy.set(idOf(r), idOf(m));
  const migrations = read.filter((m) => !replacedBy.has(idOf(m)));
  const apps = new Set(migrations.map((m) => m.app));
  const target = (id: string): string => {
    // A squash of squashes: follow to the migration that is kept.
    for (let seen = 0; replacedBy.has(id) && seen < replacedBy.size; seen++) id = replacedBy.get(id)!;
    return id;
  };

  const dependencies = new Map<string, string[]>(migrations.map((m) => [idOf(m), []]));
  const named = (ref: DependencyRef): MigrationKey | undefined => {
    if (ref.kind === 'migration') return ref;
    const model = ref.setting.includes('.') ? ref.setting : swappable(ref.setting);
    return model ? { app: model.split('.')[0], name: '__first__' } : undefined;
  };
  const pending: [string, MigrationKey][] = [];
  for (const m of migrations) {
    for (const ref of m.module.dependencies) {
      const key = named(ref);
      if (!key || !apps.has(key.app)) continue;
      if (key.name === '__first__' || key.name === '__latest__') pending.push([idOf(m), key]);
      else dependencies.get(idOf(m))!.push(target(idOf(key)));
    }
    for (const before of m.module.runBefore) {
      dependencies.get(target(idOf(before)))?.push(idOf(m));
    }
  }
  // `__first__` and `__latest__` mean the app's first and last migration once its own links are known.
  for (const [id, key] of pending) {
    const ends = key.name === '__first__' ? rootsOf(key.app, migrations, dependencies) : leavesOf(key.app, migrations, dependencies);
    if (ends[0] && ends[0] !== id) dependencies.get(id)!.push(ends[0]);
  }
  for (const [id, deps] of dependencies) dependencies.set(id, [...new Set(deps)]);
  return { migrations, dependencies };
}

const sameApp = (id: string, app: string) => id.startsWith(`${app}.`);

/** The app's migrations that depend on no other of the app, by name (Django's `root_nodes`). */
function rootsOf(app: string, migrations: ReadMigration[], dependencies: Map<string, string[]>): string[] {
  return migrations
    .filter((m) => m.app === app && !dependencies.get(idOf(m))!.some((d) => sameApp(d, app) && dependencies.has(d)))
    .map(idOf)
    .sort();
}

/** The app's migrations no other of the app depends on, by name (Django's `leaf_nodes`). */
function leavesOf(app: string, migrations: ReadMigration[], dependencies: Map<string, string[]>): string[] {
  const used = new Set(migrations.filter((m) => m.app === app).flatMap((m) => dependencies.get(idOf(m))!));
  return migrations
    .filter((m) => m.app === app && !used.has(idOf(m)))
    .map(idOf)
    .sort();
}
