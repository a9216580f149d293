// The project settings that change what a migration's SQL is, and the models of
// django.contrib apps, whose migrations live in Django itself rather than in the project.
import { autoPrimaryKey } from './fields';
import type { Models, ModelState } from './state';

export interface ProjectSettings {
  /** `AUTH_USER_MODEL` as a model key (`auth.user`): what `to=settings.AUTH_USER_MODEL` means. */
  userModel: string;
  /** `DEFAULT_AUTO_FIELD`'s class name: the primary key of the join tables Django makes for many-to-many fields. */
  autoField: string;
}

/** Django's defaults (django/conf/global_settings.py) where the project's settings assign nothing. */
export function projectSettings(given: { AUTH_USER_MODEL?: string; DEFAULT_AUTO_FIELD?: string } = {}): ProjectSettings {
  return { userModel: (given.AUTH_USER_MODEL ?? 'auth.User').toLowerCase(), autoField: (given.DEFAULT_AUTO_FIELD ?? 'AutoField').split('.').pop()! };
}

/** django.contrib models that projects point foreign keys at; their apps' migrations give each an AutoField `id`. */
const CONTRIB: [app: string, name: string, table: string][] = [
  ['auth', 'User', 'auth_user'],
  ['auth', 'Group', 'auth_group'],
  ['auth', 'Permission', 'auth_permission'],
  ['contenttypes', 'ContentType', 'django_content_type'],
  ['sites', 'Site', 'django_site'],
];

/**
 * The state before a project's first migration: the contrib models as keys only (their
 * primary key), enough to reference them; a project that creates a model of the same name
 * replaces it.
 */
export function contribModels(): Models {
  return new Map(
    CONTRIB.map(([app, name, table]): [string, ModelState] => [
      `${app}.${name.toLowerCase()}`,
      { app, name, dbTable: table, fields: [autoPrimaryKey('AutoField')], hasTable: true, uniqueTogether: [], indexTogether: [], indexes: [], constraints: [] },
    ]),
  );
}
