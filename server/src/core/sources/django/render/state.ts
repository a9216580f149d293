// The models of a Django project as its migrations leave them (django/db/migrations/state.py),
// kept only as far as the database needs them: fields, table name, indexes, constraints and
// the *_together options. Each operation makes a new map, so the states before and after
// one operation can both be rendered from.
import { autoPrimaryKey, type Field, type Literal } from './fields';
import { NotRendered } from './errors';
import { truncateName } from './names';

/** One `field__lookup=value` of a `Q(...)`, all of which must hold. */
export interface Lookup {
  field: string;
  lookup: string;
  value: Literal;
}

export interface IndexDef {
  name: string;
  /** Field names, `-` in front for descending. */
  fields: string[];
  concurrently?: true;
  /** `condition=Q(...)`: a partial index. */
  condition?: Lookup[];
  /** Why the index is not understood; kept by name, so removing it still renders. */
  opaque?: string;
}

export type ConstraintDef =
  | { kind: 'check'; name: string; check: Lookup }
  /** With a condition Django makes a partial unique index instead of a constraint. */
  | { kind: 'unique'; name: string; fields: string[]; condition?: Lookup[] }
  /** Not understood; kept by name, so removing it still renders (as DROP INDEX when Django made an index of it). */
  | { kind: 'opaque'; name: string; reason: string; isIndex: boolean };

/** Whether Django creates the constraint as an index (`CREATE UNIQUE INDEX`), dropped as one. */
export const isIndexConstraint = (c: ConstraintDef) => (c.kind === 'unique' && c.condition !== undefined) || (c.kind === 'opaque' && c.isIndex);

export interface ModelState {
  app: string;
  /** The class name as the migrations spell it (`Author`). */
  name: string;
  fields: Field[];
  dbTable?: string;
  /** A RenameModel or AlterModelTable moved it, so the names of its indexes no longer follow from its table. */
  renamed?: true;
  /** For a proxy model: the model (key) whose table it uses. */
  proxyOf?: string;
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

/** The model whose table holds `key`'s rows: itself, or what a proxy stands for. */
export function concreteModel(models: Models, key: string): ModelState {
  let m = getModel(models, key);
  for (let hops = 0; m.proxyOf && hops < models.size; hops++) m = getModel(models, m.proxyOf);
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

/**
 * The model Django makes for a many-to-many field without `through=`
 * (related.py create_many_to_many_intermediary_model): a key, a foreign key to each side
 * (`from_x` / `to_x` when both are one model), unique together.
 */
export function joinModel(owner: ModelState, f: Field): ModelState {
  if (!f.join) throw new NotRendered(`${f.name} of ${owner.name} has no join table of its own`);
  const ownerKey = modelKey(owner.app, owner.name);
  const target = f.to!.split('.')[1];
  const self = f.to === ownerKey;
  const [from, to] = self ? [`from_${target}`, `to_${target}`] : [owner.name.toLowerCase(), target];
  const fk = (name: string, key: string): Field => ({ ...autoPrimaryKey('ForeignKey'), name, column: `${name}_id`, primaryKey: false, unique: false, dbIndex: true, to: key, dbConstraint: f.dbConstraint });
  return {
    app: owner.app,
    name: `${owner.name}_${f.name}`,
    dbTable: f.join.dbTable ?? truncateName(`${tableOf(owner)}_${f.name}`),
    fields: [autoPrimaryKey(f.join.pkType), fk(from, ownerKey), fk(to, f.to!)],
    hasTable: true,
    uniqueTogether: [[from, to]],
    indexTogether: [],
    indexes: [],
    constraints: [],
  };
}

/** The join tables Django makes for the model's many-to-many fields. */
export const joinModels = (m: ModelState): ModelState[] => m.fields.filter((f) => f.join).map((f) => joinModel(m, f));
