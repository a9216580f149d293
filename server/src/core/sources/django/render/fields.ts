// Model fields as Django's migration state keeps them, read from the `models.XField(...)`
// calls of the operations, and the PostgreSQL column types Django's backend gives them
// (django/db/backends/postgresql/base.py `data_types`).
import type { PyValue } from '../../python/values';
import { NotRendered } from './errors';
import type { ProjectSettings } from './settings';

export interface Field {
  name: string;
  /** `get_internal_type()`: the class name, ForeignKey and OneToOneField kept as such. */
  type: string;
  column: string;
  null: boolean;
  blank: boolean;
  unique: boolean;
  primaryKey: boolean;
  dbIndex: boolean;
  /** The `default=` value; absent is Django's NOT_PROVIDED. */
  default?: Literal;
  /** `db_default=` (Django 5.0+): a default the table keeps. */
  dbDefault?: Literal;
  autoNow: boolean;
  maxLength?: number;
  maxDigits?: number;
  decimalPlaces?: number;
  /** For a relation: the target model's key (`app.model`, lower case). */
  to?: string;
  /** `to_field=`: the target's column a foreign key references, when not its primary key. */
  toField?: string;
  dbConstraint: boolean;
  /** How its unique constraint was made: by an AlterField (Django's `_uniq` name), else inline (PostgreSQL's `_key` name). */
  uniqueBy?: 'alter';
  /** A RenameField moved it, so the names of its index and constraints no longer follow from its column. */
  renamed?: true;
  /** `db_collation=`. */
  collation?: string;
  /** A many-to-many field: no column of its own. */
  columnless?: true;
  /** A many-to-many field without `through=`: Django makes its join table. */
  join?: { dbTable?: string; pkType: string };
  /** ArrayField: the field of its elements and `size=`. */
  array?: { base: Field; size?: number };
  /** Why the field is not understood; the model keeps it, and whatever needs its column is not rendered. */
  opaque?: string;
}

/** Column types by internal type; `%(max_length)s` and friends filled from the field. */
const DATA_TYPES: Record<string, string> = {
  AutoField: 'integer',
  BigAutoField: 'bigint',
  BinaryField: 'bytea',
  BooleanField: 'boolean',
  CharField: 'varchar',
  DateField: 'date',
  DateTimeField: 'timestamp with time zone',
  DecimalField: 'numeric(%(max_digits)s, %(decimal_places)s)',
  DurationField: 'interval',
  FileField: 'varchar(%(max_length)s)',
  FilePathField: 'varchar(%(max_length)s)',
  FloatField: 'double precision',
  IntegerField: 'integer',
  BigIntegerField: 'bigint',
  IPAddressField: 'inet',
  GenericIPAddressField: 'inet',
  JSONField: 'jsonb',
  PositiveBigIntegerField: 'bigint',
  PositiveIntegerField: 'integer',
  PositiveSmallIntegerField: 'smallint',
  SlugField: 'varchar(%(max_length)s)',
  SmallAutoField: 'smallint',
  SmallIntegerField: 'smallint',
  TextField: 'text',
  TimeField: 'time',
  UUIDField: 'uuid',
};

/** Field classes that are another class's column under a different name (`get_internal_type`). */
const INTERNAL: Record<string, string> = {
  EmailField: 'CharField',
  URLField: 'CharField',
  ImageField: 'FileField',
  CommaSeparatedIntegerField: 'CharField',
  NullBooleanField: 'BooleanField',
};

/** Default `max_length` of the classes that set one. */
const MAX_LENGTH: Record<string, number> = { EmailField: 254, URLField: 200, SlugField: 50, FileField: 100, ImageField: 100, FilePathField: 100 };

const AUTO = new Set(['AutoField', 'BigAutoField', 'SmallAutoField']);
const POSITIVE = new Set(['PositiveBigIntegerField', 'PositiveIntegerField', 'PositiveSmallIntegerField']);
/** django-mptt's TreeForeignKey and TreeOneToOneField only add Python behaviour to their Django base. */
const RELATIONS: Record<string, string> = { ForeignKey: 'ForeignKey', OneToOneField: 'OneToOneField', TreeForeignKey: 'ForeignKey', TreeOneToOneField: 'OneToOneField' };
/** Many-to-many fields; with `through=` their table is another model's. */
const MANY_TO_MANY = new Set(['ManyToManyField', 'TaggableManager']);
/** Fields whose empty value is '' (`empty_strings_allowed`): not numbers, dates, booleans, JSON or UUIDs. */
const EMPTY_STRINGS = new Set(['CharField', 'TextField', 'SlugField', 'FileField', 'FilePathField', 'BinaryField']);
/** Keyword arguments that change nothing in the database. */
const PYTHON_ONLY = new Set([
  'verbose_name', 'help_text', 'editable', 'serialize', 'auto_created', 'choices', 'validators', 'error_messages',
  'related_name', 'related_query_name', 'on_delete', 'limit_choices_to', 'upload_to', 'storage', 'protocol', 'unpack_ipv4',
  'encoder', 'decoder', 'to', 'blank', 'null', 'unique', 'primary_key', 'db_index', 'default', 'max_length', 'max_digits',
  'decimal_places', 'auto_now', 'auto_now_add', 'db_constraint', 'path', 'match', 'recursive', 'allow_files', 'allow_folders',
  'width_field', 'height_field', 'allow_unicode', 'unique_for_date', 'unique_for_month', 'unique_for_year',
  'to_field', 'db_collation', 'db_default', 'through', 'through_fields', 'symmetrical', 'manager', 'db_table', 'base_field', 'size', 'parent_link',
]);

/**
 * A value of an operation as the state keeps it: plain data, since the syntax tree it was
 * read from is freed once its module is read, while the state lives on.
 */
export type Literal =
  | { kind: 'str'; value: string }
  | { kind: 'num'; value: number; text: string }
  | { kind: 'bool'; value: boolean }
  | { kind: 'none' }
  /** Anything else (`dict`, `timezone.now`, `Decimal('1.5')`): its source text, for messages. */
  | { kind: 'computed'; text: string };

export function literalOf(v: PyValue): Literal {
  if (v.kind === 'str') return { kind: 'str', value: v.value };
  if (v.kind === 'num') return { kind: 'num', value: v.value, text: v.text };
  if (v.kind === 'bool') return { kind: 'bool', value: v.value };
  if (v.kind === 'none') return { kind: 'none' };
  return { kind: 'computed', text: v.node.text };
}

export const sameLiteral = (a: Literal | undefined, b: Literal | undefined) => JSON.stringify(a) === JSON.stringify(b);

/** The flags of a field whose column is not known or does not exist. */
const NO_COLUMN = { null: false, blank: false, unique: false, primaryKey: false, dbIndex: false, autoNow: false, dbConstraint: false };

/**
 * Reads `models.CharField(max_length=100)` for field `name` of model `app.model`; a field it
 * does not understand comes back opaque rather than failing the whole model.
 */
export function readField(name: string, value: PyValue, app: string, settings: ProjectSettings): Field {
  try {
    return readKnownField(name, value, app, settings);
  } catch (e) {
    if (!(e instanceof NotRendered)) throw e;
    return { name, type: 'unknown', column: '', ...NO_COLUMN, opaque: e.message };
  }
}

/** The field, or NotRendered with why it is opaque. */
export function known(f: Field): Field {
  if (f.opaque) throw new NotRendered(f.opaque);
  return f;
}

function readKnownField(name: string, value: PyValue, app: string, settings: ProjectSettings): Field {
  if (value.kind !== 'call') throw new NotRendered(`the field ${name} is not a field class call`);
  const cls = value.callee.split('.').pop()!;
  const kw = value.kwargs;
  for (const k of kw.keys()) if (!PYTHON_ONLY.has(k)) throw new NotRendered(`the field option ${k}= of ${name} is not rendered`);
  const text = (k: string) => {
    const v = kw.get(k);
    if (v?.kind !== 'str') throw new NotRendered(`${k}= of ${name} is not a literal string`);
    return v.value;
  };
  if (MANY_TO_MANY.has(cls)) {
    const own = { name, type: cls, column: '', ...NO_COLUMN, columnless: true as const };
    if (kw.has('through') || cls !== 'ManyToManyField') return own;
    const dbTable = kw.has('db_table') ? text('db_table') : undefined;
    return { ...own, to: relationTarget(name, value, app, settings), dbConstraint: true, join: { ...(dbTable ? { dbTable } : {}), pkType: settings.autoField } };
  }
  if (kw.has('db_table')) throw new NotRendered(`db_table= of ${name} is not rendered`);
  const relation = cls in RELATIONS;
  const type = relation ? RELATIONS[cls] : (INTERNAL[cls] ?? cls);
  const array = type === 'ArrayField' ? arrayOf(name, value, app, settings) : undefined;
  if (!relation && !array && !(type in DATA_TYPES)) throw new NotRendered(`${cls} fields are not rendered`);
  const bool = (k: string, dflt: boolean) => {
    const v = kw.get(k);
    if (!v) return dflt;
    if (v.kind !== 'bool') throw new NotRendered(`${k}= of ${name} is not a literal True or False`);
    return v.value;
  };
  const num = (k: string) => {
    const v = kw.get(k);
    if (!v) return undefined;
    if (v.kind !== 'num') throw new NotRendered(`${k}= of ${name} is not a literal number`);
    return v.value;
  };
  const primaryKey = bool('primary_key', false);
  return {
    name,
    type,
    column: relation ? `${name}_id` : name,
    null: bool('null', false),
    blank: bool('blank', false),
    unique: primaryKey || type === 'OneToOneField' || bool('unique', false),
    primaryKey,
    dbIndex: bool('db_index', relation || cls === 'SlugField'),
    ...(kw.has('default') ? { default: literalOf(kw.get('default')!) } : {}),
    ...(kw.has('db_default') ? { dbDefault: literalOf(kw.get('db_default')!) } : {}),
    autoNow: bool('auto_now', false) || bool('auto_now_add', false),
    ...(num('max_length') !== undefined || MAX_LENGTH[cls] ? { maxLength: num('max_length') ?? MAX_LENGTH[cls] } : {}),
    ...(num('max_digits') !== undefined ? { maxDigits: num('max_digits') } : {}),
    ...(num('decimal_places') !== undefined ? { decimalPlaces: num('decimal_places') } : {}),
    ...(relation ? { to: relationTarget(name, value, app, settings) } : {}),
    ...(relation && kw.has('to_field') ? { toField: text('to_field') } : {}),
    dbConstraint: bool('db_constraint', true),
    ...(kw.has('db_collation') ? { collation: text('db_collation') } : {}),
    ...(array ? { array } : {}),
  };
}

/** `ArrayField(base_field=..., size=...)` of django.contrib.postgres: the base field's column type with `[size]`. */
function arrayOf(name: string, call: PyValue & { kind: 'call' }, app: string, settings: ProjectSettings): NonNullable<Field['array']> {
  const baseValue = call.kwargs.get('base_field') ?? call.args[0];
  if (!baseValue) throw new NotRendered(`the ArrayField ${name} has no base_field`);
  const base = readKnownField(name, baseValue, app, settings);
  if (base.to || base.array) throw new NotRendered(`arrays of ${base.type} (${name}) are not rendered`);
  const size = call.kwargs.get('size');
  if (size && size.kind !== 'none' && size.kind !== 'num') throw new NotRendered(`size= of ${name} is not a literal number`);
  return { base, ...(size?.kind === 'num' ? { size: size.value } : {}) };
}

function relationTarget(name: string, call: PyValue & { kind: 'call' }, app: string, settings: ProjectSettings): string {
  const to = call.kwargs.get('to') ?? call.args[0];
  if (to?.kind === 'ref' && to.dotted === 'settings.AUTH_USER_MODEL') return settings.userModel;
  if (to?.kind !== 'str') throw new NotRendered(`the target of ${name} is not a model name in a string`);
  if (to.value === 'self') throw new NotRendered(`the self relation ${name} is not rendered`);
  const [target, model] = to.value.includes('.') ? to.value.split('.') : [app, to.value];
  return `${target}.${model.toLowerCase()}`;
}

/** `data_types[...]` as a template: two fields share it when Django sees no type change. */
export const typeTemplate = (f: Field): string => (f.array ? `${typeTemplate(f.array.base)}[]` : (DATA_TYPES[f.type] ?? f.type));

/** The column type of a field that is no relation; `relType` gives the column of a relation. */
export function ownDbType(f: Field): string {
  if (f.array) return `${ownDbType(f.array.base)}[${f.array.size ?? ''}]`;
  if (f.type === 'CharField') return f.maxLength === undefined ? 'varchar' : `varchar(${f.maxLength})`;
  const template = DATA_TYPES[f.type];
  return template.replace(/%\((\w+)\)s/g, (_, k: string) => {
    const v = { max_length: f.maxLength, max_digits: f.maxDigits, decimal_places: f.decimalPlaces }[k];
    if (v === undefined) throw new NotRendered(`${f.name} has no ${k}`);
    return String(v);
  });
}

/** `rel_db_type`: what a foreign key to this field stores (an identity column is referenced as its plain type). */
export function relDbType(target: Field): string {
  if (AUTO.has(target.type)) return { AutoField: 'integer', BigAutoField: 'bigint', SmallAutoField: 'smallint' }[target.type]!;
  if (POSITIVE.has(target.type)) return ownDbType({ ...target, type: target.type.replace('Positive', '') });
  return ownDbType(target);
}

export const isAuto = (f: Field) => AUTO.has(f.type);
export const isRelation = (f: Field) => f.to !== undefined;
/** `data_type_check_constraints`. */
export const columnCheck = (f: Field) => (POSITIVE.has(f.type) ? `"${f.column}" >= 0` : undefined);
export const emptyStringsAllowed = (f: Field) => EMPTY_STRINGS.has(f.type);

/** The `id` Django adds to a model that declares no primary key. */
export function autoPrimaryKey(type: string): Field {
  return { name: 'id', type, column: 'id', ...NO_COLUMN, unique: true, primaryKey: true, dbConstraint: true };
}
