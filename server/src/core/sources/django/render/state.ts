// The models of a Django project as its migrations leave them (django/db/migrations/state.py),
// kept only as far as the database needs them: fields, table name, indexes, constraints and
// the *_together options. Each operation makes a new map, so the states before and after
// one operation can both be rendered from.
import type { Field, Literal } from './fields';
import { NotRendered } from './errors';
import { truncateName } from './names';

export interface IndexDef {
  name: string;
  /** Field names, `-` in front for descending. */
  fields: string[];
  concurrently?: true;
  /** Why the index is not understood; kept by name, so removing it still renders. */
  opaque?: string;
}

export type ConstraintDef =
  | { kind: 'check'; name: string; field: string; lookup: string; value: Literal }
  | { kind: 'unique'; name: string; fields: string[] }
  /** Not understood; kept by name, so removing it still renders. */
  | { kind: 'opaque'; name: string; reason: string };

export interface ModelState {
  app: string;
  /** The class name as the migrations spell it (`Author`). */
  name: string;
  fields: Field[];
  dbTable?: string;
  /** `managed = False` and proxies have no table of their own. */
  hasTable: boolean;
  uniqueTogether: string[][];
  indexTogether: string[][];
  indexes: IndexDef[];
  constraints: ConstraintDef[];
}

export type Models = Map<string, ModelState>;

export const modelKey = (app: string, name: string) => `${app}.${name.toLowerCase()}`;

/** `db_table`: the explicit one, else `app_model` cut to PostgreSQL's limit. */
export const tableOf = (m: ModelState) => m.dbTable ?? truncateName(`${m.app}_${m.name.toLowerCase()}`);

export function getModel(models: Models, key: string): ModelState {
  const m = models.get(key);
  if (!m) throw new NotRendered(`the model ${key} is not known here (not created by the migrations before, or an earlier operation on it was not analysed)`);
  return m;
}

export function getField(m: ModelState, name: string): Field {
  const f = m.fields.find((x) => x.name === name.toLowerCase() || x.name === name);
  if (!f) throw new NotRendered(`${m.name} has no field ${name} in the migrations so far`);
  return f;
}

export function primaryKey(m: ModelState): Field {
  const pk = m.fields.find((f) => f.primaryKey);
  if (!pk) throw new NotRendered(`${m.name} has no primary key in the migrations so far`);
  return pk;
}

/** A copy of `models` with `key` replaced through `change` (the other models shared). */
export function withModel(models: Models, key: string, change: (m: ModelState) => ModelState): Models {
  const next = new Map(models);
  next.set(key, change(getModel(models, key)));
  return next;
}
