// The part of Django's PostgreSQL schema editor (django/db/backends/base/schema.py and
// postgresql/schema.py) that migrations reach, printing instead of executing. Like Django it
// defers indexes and foreign keys of new tables and columns to the end of the migration and
// names them only then, after the migration's later renames.
import type { RenderedStatement, Span } from '../../../model';
import { columnCheck, emptyStringsAllowed, isAuto, isRelation, known, ownDbType, relDbType, sameLiteral, typeTemplate, type Field, type Literal } from './fields';
import { NotRendered } from './errors';
import { indexName, q } from './names';
import { short } from '../../python/values';
import { concreteModel, getField, isIndexConstraint, joinModel, joinModels, primaryKey, tableOf, type ConstraintDef, type IndexDef, type Lookup, type Models, type ModelState } from './state';

/** A column of an index with what follows it (`varchar_pattern_ops`, `DESC`). */
interface IndexColumn {
  name: string;
  tail: string;
}

/** Statements Django keeps as objects until the migration ends, renaming their tables and columns meanwhile. */
type Deferred =
  | { kind: 'index'; table: string; columns: IndexColumn[]; suffix: string; name?: string; unique?: true; where?: string; span: Span }
  | { kind: 'unique'; table: string; columns: string[]; span: Span }
  | { kind: 'fk'; table: string; column: string; toTable: string; toColumn: string; span: Span };

const DEFERRABLE = ' DEFERRABLE INITIALLY DEFERRED';

export class SchemaEditor {
  private readonly out: RenderedStatement[] = [];
  private readonly deferred: Deferred[] = [];
  /** The operation being rendered; its statements land on it. */
  span: Span = { start: 0, end: 0 };

  constructor(private readonly outside: boolean) {}

  private exec(sql: string): void {
    this.out.push({ sql: `${sql};`, span: this.span, ...(this.outside ? { outsideTransaction: true as const } : {}) });
  }

  /** Runs one operation's rendering; if it cannot finish, none of its statements stay. */
  transaction(render: () => void): void {
    const printed = this.out.length;
    const deferred = structuredClone(this.deferred);
    try {
      render();
    } catch (e) {
      this.out.length = printed;
      this.deferred.splice(0, this.deferred.length, ...deferred);
      throw e;
    }
  }

  /** An operation that could not be rendered, in its place among the statements. */
  unanalysed(reason: string, createsTable?: string): void {
    this.out.push({ sql: '', span: this.span, unanalysed: reason, ...(createsTable ? { createsTable } : {}) });
  }

  /** Every statement in the order sqlmigrate prints them: the deferred ones last. */
  finish(): RenderedStatement[] {
    for (const d of this.deferred) {
      this.span = d.span;
      this.exec(deferredSql(d));
    }
    return this.out;
  }

  createModel(models: Models, m: ModelState): void {
    if (!m.hasTable) return;
    const table = tableOf(m);
    // table_sql defers unique_together before it walks the fields.
    for (const fields of m.uniqueTogether) this.deferred.push({ kind: 'unique', table, columns: fields.map((n) => columnOf(m, n)), span: this.span });
    const columns = m.fields.filter((f) => !known(f).columnless).map((f) => {
      if (isRelation(f) && f.dbConstraint) this.deferred.push(this.fk(models, table, f));
      return `${q(f.column)} ${definition(models, f, undefined)}`;
    });
    const constraints = m.constraints.filter((c) => !isIndexConstraint(c)).map((c) => `CONSTRAINT ${q(c.name)} ${constraintBody(m, c)}`);
    for (const c of m.constraints.filter(isIndexConstraint)) this.deferred.push({ kind: 'index', ...uniqueIndex(m, c), span: this.span });
    this.exec(`CREATE TABLE ${q(table)} (${[...columns, ...constraints].join(', ')})`);
    for (const f of m.fields) this.deferFieldIndexes(models, table, f);
    for (const i of m.indexes) this.deferred.push({ kind: 'index', table, columns: indexColumns(m, i), suffix: '', name: i.name, ...where(m, i.condition), span: this.span });
    for (const fields of m.indexTogether) this.exec(this.togetherSql(m, fields, 'index', true));
    for (const join of joinModels(m)) this.createModel(models, join);
  }

  deleteModel(m: ModelState): void {
    if (!m.hasTable) return;
    for (const join of joinModels(m)) this.deleteModel(join);
    const table = tableOf(m);
    this.exec(`DROP TABLE ${q(table)} CASCADE`);
    this.dropDeferred((d) => d.table === table || (d.kind === 'fk' && d.toTable === table));
  }

  alterDbTable(oldTable: string, newTable: string): void {
    if (oldTable === newTable) return;
    this.exec(`ALTER TABLE ${q(oldTable)} RENAME TO ${q(newTable)}`);
    for (const d of this.deferred) {
      if (d.table === oldTable) d.table = newTable;
      if (d.kind === 'fk' && d.toTable === oldTable) d.toTable = newTable;
    }
  }

  addField(models: Models, m: ModelState, f: Field): void {
    if (f.join) return this.createModel(models, joinModel(m, f));
    if (known(f).columnless) return;
    const table = tableOf(m);
    // A db_default stays in the table; a Python default only fills the existing rows.
    const dflt = f.dbDefault ? undefined : effectiveDefault(f);
    let column = definition(models, f, dflt);
    if (isRelation(f) && f.dbConstraint) {
      const fk = this.fk(models, table, f);
      const name = q(fkName(fk));
      column += ` CONSTRAINT ${name} REFERENCES ${q(fk.toTable)}(${q(fk.toColumn)})${DEFERRABLE}; SET CONSTRAINTS ${name} IMMEDIATE`;
    }
    this.exec(`ALTER TABLE ${q(table)} ADD COLUMN ${q(f.column)} ${column}`);
    if (dflt !== undefined) this.exec(`ALTER TABLE ${q(table)} ALTER COLUMN ${q(f.column)} DROP DEFAULT`);
    this.deferFieldIndexes(models, table, f);
  }

  removeField(models: Models, m: ModelState, f: Field): void {
    if (f.join) return this.deleteModel(joinModel(m, f));
    if (known(f).columnless) return;
    const table = tableOf(m);
    if (isRelation(f) && f.dbConstraint) this.exec(deleteFkSql(table, fkName(this.fk(models, table, f))));
    this.exec(`ALTER TABLE ${q(table)} DROP COLUMN ${q(f.column)} CASCADE`);
    this.dropDeferred((d) => d.table === table && deferredColumns(d).includes(f.column));
  }

  /**
   * `_alter_field` for what a migration changes in place: the column name, its type, NULL and
   * the default; the foreign key dropped and added again when its name or target moves.
   * Changes of unique, db_index or primary key are not rendered yet.
   */
  alterField(before: Models, old: ModelState, oldField: Field, after: Models, neu: ModelState, newField: Field): void {
    if (known(oldField).columnless && known(newField).columnless) return this.alterJoin(before, old, oldField, after, neu, newField);
    if (oldField.columnless || newField.columnless) throw new NotRendered('turning a many-to-many field into a column or back is not rendered');
    if ((oldField.dbDefault || newField.dbDefault) && (oldField.null !== newField.null || !sameLiteral(oldField.dbDefault, newField.dbDefault))) {
      throw new NotRendered('changing db_default or NULL next to one in AlterField is not rendered yet');
    }
    if (oldField.primaryKey !== newField.primaryKey) throw new NotRendered('changing primary_key in AlterField is not rendered yet');
    const dropsUnique = oldField.unique && !newField.unique;
    const dropsIndex = oldField.dbIndex && !oldField.unique && !(newField.dbIndex && !newField.unique);
    // Django asks the database for the names to drop; they are the ones its migrations created, unless a rename since moved them.
    if ((dropsUnique || dropsIndex) && (old.renamed || oldField.renamed)) throw new NotRendered('dropping a unique constraint or index of a renamed table or column is not rendered: Django looks its name up in the database');
    if ((dropsUnique || dropsIndex) && [...old.uniqueTogether, ...old.indexTogether].some((t) => t.length === 1 && t[0] === oldField.name)) {
      throw new NotRendered('dropping a unique constraint or index that a *_together entry repeats is not rendered: Django looks the names up in the database');
    }
    if (isRelation(oldField) !== isRelation(newField)) throw new NotRendered('turning a field into a relation or back is not rendered yet');
    const table = tableOf(neu);
    const oldType = columnType(before, oldField);
    const newType = columnType(after, newField);
    const oldFk = isRelation(oldField) && oldField.dbConstraint ? this.fk(before, tableOf(old), oldField) : undefined;
    const newFk = isRelation(newField) && newField.dbConstraint ? this.fk(after, table, newField) : undefined;
    const fkMoves = oldFk && (!newFk || fkName(oldFk) !== fkName(newFk) || oldType !== newType);
    // `_field_data_type`: a relation's is its column type, another field's its data_types template.
    const dataTypeChanges = isRelation(oldField) || isRelation(newField) ? oldType !== newType : typeTemplate(oldField) !== typeTemplate(newField);
    // PostgreSQL's editor first drops the _like index of a text column that stops being text.
    const oldLike = this.likeIndex(before, tableOf(old), oldField);
    if (oldLike && likePrefix(oldType) !== likePrefix(newType)) this.exec(`DROP INDEX IF EXISTS ${q(indexName(table, [oldField.column], '_like'))}`);
    if (fkMoves) this.exec(deleteFkSql(table, fkName(oldFk)));
    if (dropsUnique) this.exec(`ALTER TABLE ${q(table)} DROP CONSTRAINT ${q(oldField.uniqueBy === 'alter' ? indexName(table, [oldField.column], '_uniq') : keyName(table, oldField.column))}`);
    if (dropsIndex) {
      this.exec(`DROP INDEX IF EXISTS ${q(indexName(table, [oldField.column]))}`);
      // The database lists the _like index on the same column too, so Django drops it with the other.
      if (oldLike) this.exec(`DROP INDEX IF EXISTS ${q(indexName(table, [oldField.column], '_like'))}`);
    }
    if (oldField.column !== newField.column) {
      this.exec(`ALTER TABLE ${q(table)} RENAME COLUMN ${q(oldField.column)} TO ${q(newField.column)}`);
      for (const d of this.deferred) {
        if (d.table !== table) continue;
        if (d.kind === 'fk' && d.column === oldField.column) d.column = newField.column;
        if (d.kind === 'unique') d.columns = d.columns.map((c) => (c === oldField.column ? newField.column : c));
        if (d.kind === 'index') for (const c of d.columns) if (c.name === oldField.column) c.name = newField.column;
      }
    }
    const col = q(newField.column);
    const actions: string[] = [];
    const nullActions: string[] = [];
    if (oldType !== newType || oldField.collation !== newField.collation) {
      if (oldField.collation !== newField.collation && (oldField.unique || oldField.dbIndex)) throw new NotRendered('changing the collation of an indexed or unique column is not rendered yet');
      const collate = newField.collation ? ` COLLATE ${q(newField.collation)}` : '';
      const using = dataTypeChanges ? ` USING ${col}::${newType}` : '';
      actions.push(`ALTER COLUMN ${col} TYPE ${newType}${collate}${using}`);
    }
    const newDefault = oldField.null && !newField.null ? effectiveDefault(newField) : undefined;
    const needsDefault = newDefault !== undefined && newDefault !== effectiveDefault(oldField);
    if (needsDefault) actions.push(`ALTER COLUMN ${col} SET DEFAULT ${newDefault}`);
    if (oldField.null !== newField.null) nullActions.push(`ALTER COLUMN ${col} ${newField.null ? 'DROP' : 'SET'} NOT NULL`);
    const fourWay = newField.default !== undefined && oldField.null && !newField.null;
    if (actions.length || nullActions.length) {
      if (!fourWay) actions.push(...nullActions);
      if (actions.length) this.exec(`ALTER TABLE ${q(table)} ${actions.join(', ')}`);
      if (fourWay) {
        this.exec(`UPDATE ${q(table)} SET ${col} = ${effectiveDefault(newField)} WHERE ${col} IS NULL; SET CONSTRAINTS ALL IMMEDIATE`);
        for (const a of nullActions) this.exec(`ALTER TABLE ${q(table)} ${a}`);
      }
    }
    if (!newField.primaryKey && newField.unique && !oldField.unique) this.exec(uniqueSql(table, [newField.column]));
    if ((!oldField.dbIndex || oldField.unique) && newField.dbIndex && !newField.unique) this.exec(deferredSql(this.fieldIndex(table, newField)));
    if (newFk && (fkMoves || !oldFk)) this.exec(fkSql(newFk));
    if (needsDefault) this.exec(`ALTER TABLE ${q(table)} ALTER COLUMN ${col} DROP DEFAULT`);
    // PostgreSQL's schema editor adds the _like index after all of the above.
    const like = this.likeIndex(after, table, newField);
    const typeChanges = dataTypeChanges && oldType !== newType;
    if (like && ((!(oldField.dbIndex || oldField.unique) && newField.dbIndex) || (!oldField.unique && newField.unique) || typeChanges)) this.exec(deferredSql(like));
    if (oldLike && oldField.unique && !(newField.dbIndex || newField.unique)) this.exec(`DROP INDEX IF EXISTS ${q(indexName(table, [oldField.column], '_like'))}`);
  }

  /** `_alter_many_to_many`: the join table renamed after its field, its key to the target repointed. */
  private alterJoin(before: Models, old: ModelState, oldField: Field, after: Models, neu: ModelState, newField: Field): void {
    if (!oldField.join && !newField.join) return;
    if (!oldField.join || !newField.join) throw new NotRendered(`moving the many-to-many field ${newField.name} to a model of its own or back is not rendered yet`);
    const [oldJoin, newJoin] = [joinModel(old, oldField), joinModel(neu, newField)];
    this.alterDbTable(tableOf(oldJoin), tableOf(newJoin));
    // The key to this model stays; the one to the target moves with `to`.
    const [oldTarget, newTarget] = [oldJoin.fields[2], newJoin.fields[2]];
    if (oldTarget.name !== newTarget.name || oldTarget.to !== newTarget.to) this.alterField(before, newJoin, oldTarget, after, newJoin, newTarget);
  }

  addIndex(m: ModelState, index: IndexDef): void {
    this.exec(createIndexSql(m, index));
  }

  removeIndex(index: IndexDef): void {
    this.exec(`DROP INDEX${index.concurrently ? ' CONCURRENTLY' : ''} IF EXISTS ${q(index.name)}`);
  }

  addConstraint(m: ModelState, c: ConstraintDef, notValid = false): void {
    if (isIndexConstraint(c)) return this.exec(deferredSql({ kind: 'index', ...uniqueIndex(m, c), span: this.span }));
    this.exec(`ALTER TABLE ${q(tableOf(m))} ADD CONSTRAINT ${q(c.name)} ${constraintBody(m, c)}${notValid ? ' NOT VALID' : ''}`);
  }

  removeConstraint(m: ModelState, c: ConstraintDef): void {
    if (isIndexConstraint(c)) return this.exec(`DROP INDEX IF EXISTS ${q(c.name)}`);
    this.exec(`ALTER TABLE ${q(tableOf(m))} DROP CONSTRAINT ${q(c.name)}`);
  }

  validateConstraint(m: ModelState, name: string): void {
    this.exec(`ALTER TABLE ${q(tableOf(m))} VALIDATE CONSTRAINT ${q(name)}`);
  }

  /** `alter_unique_together` / `alter_index_together`: drops the sets that went, adds the new ones. */
  alterTogether(m: ModelState, kind: 'unique' | 'index', olds: string[][], news: string[][]): void {
    const key = (fields: string[]) => fields.join('\0');
    const gone = olds.filter((o) => !news.some((n) => key(n) === key(o)));
    const added = news.filter((n) => !olds.some((o) => key(o) === key(n)));
    // Django walks Python sets here: with more than one change on a side the order is the hash order.
    if (gone.length > 1 || added.length > 1) throw new NotRendered(`more than one ${kind}_together change in one operation comes out in Python's set order`);
    for (const fields of gone) this.exec(this.togetherSql(m, fields, kind, false));
    for (const fields of added) this.exec(this.togetherSql(m, fields, kind, true));
  }

  private togetherSql(m: ModelState, fields: string[], kind: 'unique' | 'index', create: boolean): string {
    const table = tableOf(m);
    const columns = fields.map((n) => columnOf(m, n));
    if (kind === 'unique') return create ? uniqueSql(table, columns) : `ALTER TABLE ${q(table)} DROP CONSTRAINT ${q(indexName(table, columns, '_uniq'))}`;
    const name = indexName(table, columns, '_idx');
    return create ? indexSql(name, table, columns.map((c) => ({ name: c, tail: '' }))) : `DROP INDEX IF EXISTS ${q(name)}`;
  }

  /** `_field_indexes_sql` with PostgreSQL's second `_like` index for text columns. */
  private deferFieldIndexes(models: Models, table: string, f: Field): void {
    if (f.dbIndex && !f.unique) this.deferred.push(this.fieldIndex(table, f));
    const like = this.likeIndex(models, table, f);
    if (like) this.deferred.push(like);
  }

  private fieldIndex(table: string, f: Field): Deferred & { kind: 'index' } {
    return { kind: 'index', table, columns: [{ name: f.column, tail: '' }], suffix: '', span: this.span };
  }

  /** The second index PostgreSQL's editor gives an indexed text column, for LIKE 'prefix%'. */
  private likeIndex(models: Models, table: string, f: Field): (Deferred & { kind: 'index' }) | undefined {
    if (!f.dbIndex && !f.unique) return undefined;
    const collation = f.collation ?? (isRelation(f) ? targetField(models, f).collation : undefined);
    if (collation) throw new NotRendered(`whether Django adds a _like index to ${f.name} depends on whether its collation is deterministic, which it asks the database`);
    // A foreign key to a text column gets one too: its column type is the target's.
    const type = columnType(models, f);
    const opclass = type.startsWith('varchar') ? 'varchar_pattern_ops' : type.startsWith('text') ? 'text_pattern_ops' : undefined;
    return opclass && { kind: 'index', table, columns: [{ name: f.column, tail: ` ${opclass}` }], suffix: '_like', span: this.span };
  }

  private fk(models: Models, table: string, f: Field): Deferred & { kind: 'fk' } {
    const target = concreteModel(models, f.to!);
    return { kind: 'fk', table, column: f.column, toTable: tableOf(target), toColumn: targetField(models, f).column, span: this.span };
  }

  private dropDeferred(matches: (d: Deferred) => boolean): void {
    for (let i = this.deferred.length - 1; i >= 0; i--) if (matches(this.deferred[i])) this.deferred.splice(i, 1);
  }
}

function deferredSql(d: Deferred): string {
  if (d.kind === 'fk') return fkSql(d);
  if (d.kind === 'unique') return uniqueSql(d.table, d.columns);
  return indexSql(d.name ?? indexName(d.table, d.columns.map((c) => c.name), d.suffix), d.table, d.columns, false, d);
}

const deferredColumns = (d: Deferred): string[] => (d.kind === 'fk' ? [d.column] : d.kind === 'unique' ? d.columns : d.columns.map((c) => c.name));

/**
 * The name PostgreSQL gives a column's inline UNIQUE (ChooseConstraintName): `table_column_key`,
 * the longer of table and column cut a character at a time until it fits 63 characters.
 */
function keyName(table: string, column: string): string {
  let [t, c] = [table.length, column.length];
  while (t + c > 63 - '__key'.length) t > c ? t-- : c--;
  return `${table.slice(0, t)}_${column.slice(0, c)}_key`;
}

/** The type families PostgreSQL's editor keeps a _like index for. */
const likePrefix = (type: string) => ['varchar', 'text', 'citext'].find((p) => type.startsWith(p));

const indexSql = (name: string, table: string, columns: IndexColumn[], concurrently = false, { unique, where }: { unique?: true; where?: string } = {}) =>
  `CREATE${unique ? ' UNIQUE' : ''} INDEX${concurrently ? ' CONCURRENTLY' : ''} ${q(name)} ON ${q(table)} (${columns.map((c) => `${q(c.name)}${c.tail}`).join(', ')})${where ? ` WHERE ${where}` : ''}`;

/** The partial unique index Django makes of a UniqueConstraint with a condition. */
function uniqueIndex(m: ModelState, c: ConstraintDef) {
  if (c.kind !== 'unique') throw new NotRendered(c.kind === 'opaque' ? c.reason : `${c.name} is no unique constraint`);
  return { table: tableOf(m), columns: c.fields.map((n) => ({ name: columnOf(m, n), tail: '' })), suffix: '', name: c.name, unique: true as const, ...where(m, c.condition) };
}

/** A `condition=Q(...)` as the WHERE of a partial index: one lookup bare, more in parentheses joined by AND. */
function where(m: ModelState, condition: Lookup[] | undefined): { where?: string } {
  if (!condition) return {};
  const parts = condition.map((l) => lookupSql(m, l));
  return { where: parts.length === 1 ? parts[0] : `(${parts.join(' AND ')})` };
}

const uniqueSql = (table: string, columns: string[]) => `ALTER TABLE ${q(table)} ADD CONSTRAINT ${q(indexName(table, columns, '_uniq'))} UNIQUE (${columns.map(q).join(', ')})`;

const fkName = (fk: { table: string; column: string; toTable: string; toColumn: string }) => indexName(fk.table, [fk.column], `_fk_${fk.toTable}_${fk.toColumn}`);

const fkSql = (fk: { table: string; column: string; toTable: string; toColumn: string }) =>
  `ALTER TABLE ${q(fk.table)} ADD CONSTRAINT ${q(fkName(fk))} FOREIGN KEY (${q(fk.column)}) REFERENCES ${q(fk.toTable)} (${q(fk.toColumn)})${DEFERRABLE}`;

/** PostgreSQL's `sql_delete_fk`: checks the deferred rows first, so the drop does not wait for the commit. */
const deleteFkSql = (table: string, name: string) => `SET CONSTRAINTS ${q(name)} IMMEDIATE; ALTER TABLE ${q(table)} DROP CONSTRAINT ${q(name)}`;

function indexColumns(m: ModelState, index: IndexDef): IndexColumn[] {
  if (index.opaque) throw new NotRendered(index.opaque);
  return index.fields.map((n) => ({ name: columnOf(m, n.replace(/^-/, '')), tail: n.startsWith('-') ? ' DESC' : '' }));
}

function createIndexSql(m: ModelState, index: IndexDef): string {
  return indexSql(index.name, tableOf(m), indexColumns(m, index), index.concurrently, where(m, index.condition));
}

/** A relation's column has its target's type; a target that is itself a relation (a parent_link key) passes it on. */
function columnType(models: Models, f: Field): string {
  if (!isRelation(f)) return ownDbType(f);
  const target = targetField(models, f);
  return isRelation(target) ? columnType(models, target) : relDbType(target);
}

/** The field a foreign key references: `to_field`, else the target's primary key. */
function targetField(models: Models, f: Field): Field {
  const target = concreteModel(models, f.to!);
  return known(f.toField ? getField(target, f.toField) : primaryKey(target));
}

/** The column of field `name`, or NotRendered when it has none or it is not known. */
function columnOf(m: ModelState, name: string): string {
  const f = known(getField(m, name));
  if (f.columnless) throw new NotRendered(`${name} of ${m.name} is a many-to-many field, which has no column`);
  return f.column;
}

/** A column's definition with its CHECK (positive integers) and identity suffix. */
function definition(models: Models, f: Field, dflt: string | undefined): string {
  const check = columnCheck(f);
  return [columnSql(models, f, dflt), check && `CHECK (${check})`, isAuto(f) ? 'GENERATED BY DEFAULT AS IDENTITY' : undefined].filter(Boolean).join(' ');
}

/** `column_sql`: type, the default when adding, NULL or NOT NULL, PRIMARY KEY or UNIQUE. */
function columnSql(models: Models, f: Field, dflt: string | undefined): string {
  const parts = [columnType(models, f), ...(f.collation ? [`COLLATE ${q(f.collation)}`] : [])];
  const dbDefault = f.dbDefault && literal(f, f.dbDefault);
  if (dbDefault !== undefined) parts.push(`DEFAULT ${dbDefault}`);
  else if (dflt !== undefined) parts.push(`DEFAULT ${dflt}`);
  parts.push(f.null ? 'NULL' : 'NOT NULL');
  if (f.primaryKey) parts.push('PRIMARY KEY');
  else if (f.unique) parts.push('UNIQUE');
  return parts.join(' ');
}

/** `effective_default` as SQL: the field's default, '' for a blank text field, nothing otherwise. */
function effectiveDefault(f: Field): string | undefined {
  if (f.default !== undefined) return literal(f, f.default);
  if (!f.null && f.blank && emptyStringsAllowed(f)) {
    if (f.type === 'BinaryField') throw new NotRendered(`the empty bytes default of ${f.name} is not rendered`);
    return "''";
  }
  if (f.autoNow) throw new NotRendered(`the default of ${f.name} is the time the migration runs`);
  return undefined;
}

const INTEGER_TYPES = new Set(['IntegerField', 'BigIntegerField', 'SmallIntegerField', 'PositiveIntegerField', 'PositiveBigIntegerField', 'PositiveSmallIntegerField']);

/** A default as psycopg quotes it after the field's `get_db_prep_save`; computed ones are not guessed. */
function literal(f: Field, v: Literal): string | undefined {
  if (v.kind === 'none') return undefined;
  if (v.kind === 'str' && emptyStringsAllowed(f) && f.type !== 'BinaryField') return quoteString(v.value);
  if (v.kind === 'bool' && f.type === 'BooleanField') return v.value ? 'true' : 'false';
  if (v.kind === 'num' && INTEGER_TYPES.has(f.type) && Number.isInteger(v.value)) return String(v.value);
  if (v.kind === 'num' && f.type === 'FloatField') return pythonFloat(v.value);
  throw new NotRendered(`the default of ${f.name} is computed by Django (${v.kind === 'computed' ? short(v.text) : 'a literal of another type'})`);
}

const quoteString = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** Python's `repr(float)` for the values a default is written as. */
function pythonFloat(n: number): string {
  const text = String(n);
  return /[.e]/.test(text) ? text : `${text}.0`;
}

function constraintBody(m: ModelState, c: ConstraintDef): string {
  if (c.kind === 'opaque') throw new NotRendered(c.reason);
  if (c.kind === 'unique') return `UNIQUE (${c.fields.map((n) => q(columnOf(m, n))).join(', ')})`;
  return `CHECK (${lookupSql(m, c.check)})`;
}

/** One lookup of a condition as SQL, its value inlined as Django's constraint SQL does. */
function lookupSql(m: ModelState, l: Lookup): string {
  const col = q(columnOf(m, l.field));
  if (l.lookup === 'isnull') {
    if (l.value.kind !== 'bool') throw new NotRendered(`__isnull of ${l.field} is not True or False`);
    return `${col} IS ${l.value.value ? '' : 'NOT '}NULL`;
  }
  const op = CHECK_OPERATORS[l.lookup];
  if (!op) throw new NotRendered(`the lookup __${l.lookup} on ${l.field} is not rendered`);
  return `${col} ${op} ${checkValue(l.value)}`;
}

const CHECK_OPERATORS: Record<string, string> = { exact: '=', gt: '>', gte: '>=', lt: '<', lte: '<=' };

function checkValue(v: Literal): string {
  if (v.kind === 'num') return v.text.replace(/_/g, '');
  if (v.kind === 'str') return quoteString(v.value);
  if (v.kind === 'bool') return v.value ? 'true' : 'false';
  throw new NotRendered(`the value ${v.kind === 'computed' ? short(v.text) : 'None'} of a check is not rendered`);
}
