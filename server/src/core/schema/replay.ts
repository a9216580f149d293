// Applies the DDL of one statement to a catalog. Only what rules ask about is modelled
// (tables, columns, constraints, indexes, enums); everything else leaves the catalog as
// it was. Statements that would fail on a real server (a column added twice) are applied
// leniently: the model follows the migration's intent, it does not validate it.
import { defaultConstraintName } from '../rules/fixes/constraint-name';
import { alterCommands, constraintColumns, droppedNames, indexColumns, stringList } from '../sql/ast';
import { columnFill } from '../sql/column-def';
import type { Statement } from '../sql/script';
import { volatileCall } from '../sql/volatility';
import { defaultExpressionText } from '../sql/expression-text';
import { Catalog, CatalogDraft, objectKey, rangeVarKey, type ColumnDefault, type ConstraintKind, type MutableTable } from './catalog';
import { columnType } from './column-type';

/** The catalog after `statements` run on `catalog`; `origin` is the migration file they come from. */
export function replay(catalog: Catalog, statements: readonly Statement[], origin: string): Catalog {
  if (!statements.some((s) => s.kind in HANDLERS)) return catalog;
  return catalog.edit((draft) => {
    for (const s of statements) HANDLERS[s.kind]?.(draft, s.node ?? {}, origin, s.text);
  });
}

/** `text` is the statement's own text, which AST locations point into. */
type Handler = (draft: CatalogDraft, node: any, origin: string, text: string) => void;

const HANDLERS: Record<string, Handler> = {
  CreateStmt: createTable,
  CreateTableAsStmt: (draft, node, origin) => {
    const rel = node.into?.rel;
    if (node.objtype === 'OBJECT_TABLE' && rel && !draft.has(rangeVarKey(rel))) draft.addTable(rangeVarKey(rel), emptyTable(rel, origin, false));
  },
  AlterTableStmt: (draft, node, _origin, text) => {
    if (node.objtype !== 'OBJECT_TABLE') return;
    const key = rangeVarKey(node.relation);
    for (const cmd of alterCommands(node)) ALTER_COMMANDS[cmd.subtype]?.(draft, key, cmd, text);
  },
  IndexStmt: (draft, node) => {
    const table = draft.table(rangeVarKey(node.relation));
    const columns = indexColumns(node);
    const name = node.idxname ?? `${node.relation?.relname}_${columns.join('_')}_idx`;
    if (table && !table.indexes.has(name)) {
      const nonNullOnly = node.whereClause && nonNullTests(node.whereClause);
      table.indexes.set(name, { name, unique: Boolean(node.unique), columns, valid: true, ...(node.whereClause ? { partial: true as const } : {}), ...(nonNullOnly ? { nonNullOnly } : {}) });
    }
  },
  RenameStmt: rename,
  AlterObjectSchemaStmt: (draft, node) => {
    if (node.objectType !== 'OBJECT_TABLE') return;
    draft.renameTable(rangeVarKey(node.relation), objectKey(node.relation.relname, node.newschema), node.relation.relname, node.newschema);
  },
  DropStmt: (draft, node) => {
    const keys = droppedNames(node).map((parts) => objectKey(parts[parts.length - 1], parts.length > 1 ? parts[parts.length - 2] : undefined));
    if (node.removeType === 'OBJECT_TABLE') keys.forEach((k) => draft.dropTable(k));
    else if (node.removeType === 'OBJECT_INDEX') keys.forEach((k) => dropIndex(draft, k));
    else if (node.removeType === 'OBJECT_TYPE') {
      for (const t of node.objects ?? []) draft.setEnum(typeKey(t?.TypeName?.names), undefined);
    }
  },
  CreateEnumStmt: (draft, node) => {
    draft.setEnum(typeKey(node.typeName), stringList(node.vals));
  },
  AlterEnumStmt: (draft, node) => {
    const key = typeKey(node.typeName);
    const values = draft.enum(key);
    if (!values) return;
    if (node.oldVal) draft.setEnum(key, values.map((v) => (v === node.oldVal ? node.newVal : v)));
    else if (node.newVal && !values.includes(node.newVal)) draft.setEnum(key, [...values, node.newVal]);
  },
};

function typeKey(names: any[]): string {
  const parts = stringList(names);
  return objectKey(parts[parts.length - 1], parts.length > 1 ? parts[parts.length - 2] : undefined);
}

function dropIndex(draft: CatalogDraft, key: string): void {
  const tableKey = draft.tableOfIndex(key);
  if (tableKey) draft.table(tableKey)!.indexes.delete(key.slice(key.indexOf('.') + 1));
}

function emptyTable(rel: any, origin: string, columnsKnown: boolean): MutableTable {
  return {
    schema: rel.schemaname || 'public',
    name: String(rel.relname),
    columns: new Map(),
    constraints: new Map(),
    indexes: new Map(),
    columnsKnown,
    createdIn: origin,
  };
}

function createTable(draft: CatalogDraft, node: any, origin: string, text: string): void {
  const key = rangeVarKey(node.relation);
  if (draft.has(key)) return;
  const likes = (node.tableElts ?? []).some((e: any) => e.TableLikeClause) || (node.inhRelations ?? []).length > 0;
  draft.addTable(key, emptyTable(node.relation, origin, !likes));
  for (const element of node.tableElts ?? []) {
    // A new table is empty, so PostgreSQL marks even NOT VALID constraints validated.
    if (element.ColumnDef) addColumn(draft, key, element.ColumnDef, text, true);
    else if (element.Constraint) addConstraint(draft, key, element.Constraint, true);
  }
}

function addColumn(draft: CatalogDraft, key: string, def: any, text: string, newTable = false): void {
  const table = draft.table(key);
  if (!table || table.columns.has(def.colname)) return;
  const fill = columnFill(def);
  const volatile = fill.serial || (fill.default !== undefined && volatileCall(fill.default) !== undefined);
  table.columns.set(def.colname, {
    name: def.colname,
    type: columnType(def.typeName),
    notNull: fill.notNull || Boolean(fill.identity),
    ...(fill.default !== undefined || fill.serial ? { default: columnDefault(fill.default, text, volatile) } : {}),
    ...(fill.identity ? { identity: fill.identity } : {}),
    ...(fill.generated ? { generated: fill.generated } : {}),
  });
  for (const c of def.constraints ?? []) {
    const constraint = c.Constraint;
    if (constraint && CONSTRAINT_KINDS[constraint.contype] && constraint.contype !== 'CONSTR_NOTNULL') {
      addConstraint(draft, key, { ...constraint, keys: [{ String: { sval: def.colname } }], fk_attrs: [{ String: { sval: def.colname } }] }, newTable);
    }
  }
}

const CONSTRAINT_KINDS: Record<string, ConstraintKind> = {
  CONSTR_CHECK: 'check',
  CONSTR_UNIQUE: 'unique',
  CONSTR_PRIMARY: 'primary',
  CONSTR_FOREIGN: 'foreign',
  CONSTR_EXCLUSION: 'exclusion',
  CONSTR_NOTNULL: 'not-null',
};

function addConstraint(draft: CatalogDraft, key: string, c: any, newTable: boolean): void {
  const table = draft.table(key);
  const kind = CONSTRAINT_KINDS[c.contype];
  if (!table || !kind) return;
  const name: string = c.conname ?? defaultConstraintName(table.name, c);
  const columns = constraintColumns(c);
  const validated = newTable || !c.skip_validation;
  const notNullOf = kind === 'not-null' ? columns[0] : kind === 'check' ? notNullColumn(c.raw_expr) : undefined;
  table.constraints.set(name, { name, kind, validated, columns, ...(notNullOf ? { notNullOf } : {}) });
  if (kind === 'primary' || (kind === 'not-null' && validated)) {
    for (const col of columns) draft.updateColumn(key, col, (old) => ({ ...old, notNull: true }));
  }
  if (kind === 'primary' || kind === 'unique') {
    // USING INDEX renames the existing index to the constraint's name.
    if (c.indexname) table.indexes.delete(c.indexname);
    table.indexes.set(name, { name, unique: true, columns, valid: true });
  }
}

/** The columns of a predicate made only of `c IS NOT NULL` tests joined by AND; undefined for any other. */
function nonNullTests(expr: any): string[] | undefined {
  if (expr?.BoolExpr?.boolop === 'AND_EXPR') {
    const parts = (expr.BoolExpr.args ?? []).map(nonNullTests);
    return parts.every(Boolean) ? parts.flat() : undefined;
  }
  const column = notNullColumn(expr);
  return column === undefined ? undefined : [column];
}

/** The column of `CHECK (column IS NOT NULL)`, which PostgreSQL 12+ accepts as proof for SET NOT NULL. */
function notNullColumn(expr: any): string | undefined {
  const test = expr?.NullTest;
  if (test?.nulltesttype !== 'IS_NOT_NULL') return undefined;
  const fields = stringList(test.arg?.ColumnRef?.fields);
  return fields.length === 1 ? fields[0] : undefined;
}

/** The default a column gets from `expr`; a serial's nextval() is not written in the text. */
function columnDefault(expr: unknown, text: string, volatile: boolean): ColumnDefault {
  const expression = expr === undefined ? undefined : defaultExpressionText(text, expr);
  return { volatile, ...(expression ? { expression } : {}) };
}

type AlterCommand = (draft: CatalogDraft, key: string, cmd: any, text: string) => void;

const ALTER_COMMANDS: Record<string, AlterCommand> = {
  AT_AddColumn: (draft, key, cmd, text) => addColumn(draft, key, cmd.def?.ColumnDef ?? {}, text),
  AT_DropColumn: (draft, key, cmd) => {
    const table = draft.table(key);
    if (!table) return;
    table.columns.delete(cmd.name);
    // Constraints and indexes on the column go with it.
    for (const [name, c] of table.constraints) if (c.columns.includes(cmd.name)) table.constraints.delete(name);
    for (const [name, index] of table.indexes) if (index.columns.includes(cmd.name)) table.indexes.delete(name);
  },
  AT_AlterColumnType: (draft, key, cmd) => draft.updateColumn(key, cmd.name, (c) => ({ ...c, type: columnType(cmd.def?.ColumnDef?.typeName) })),
  AT_SetNotNull: (draft, key, cmd) => draft.updateColumn(key, cmd.name, (c) => ({ ...c, notNull: true })),
  AT_DropNotNull: (draft, key, cmd) => draft.updateColumn(key, cmd.name, (c) => ({ ...c, notNull: false })),
  AT_ColumnDefault: (draft, key, cmd, text) =>
    // SET DEFAULT NULL leaves the column as without one.
    draft.updateColumn(key, cmd.name, ({ default: _old, ...c }) =>
      cmd.def && !cmd.def.A_Const?.isnull ? { ...c, default: columnDefault(cmd.def, text, volatileCall(cmd.def) !== undefined) } : c,
    ),
  AT_AddIdentity: (draft, key, cmd) =>
    draft.updateColumn(key, cmd.name, (c) => ({ ...c, notNull: true, identity: cmd.def?.Constraint?.generated_when === 'a' ? 'always' : 'by default' })),
  AT_DropIdentity: (draft, key, cmd) => draft.updateColumn(key, cmd.name, ({ identity: _old, ...c }) => c),
  AT_DropExpression: (draft, key, cmd) => draft.updateColumn(key, cmd.name, ({ generated: _old, ...c }) => c),
  AT_AddConstraint: (draft, key, cmd) => addConstraint(draft, key, cmd.def?.Constraint ?? {}, false),
  AT_ValidateConstraint: (draft, key, cmd) => {
    const table = draft.table(key);
    const c = table?.constraints.get(cmd.name);
    if (!table || !c) return;
    table.constraints.set(cmd.name, { ...c, validated: true });
    if (c.kind === 'not-null' && c.notNullOf) draft.updateColumn(key, c.notNullOf, (col) => ({ ...col, notNull: true }));
  },
  AT_DropConstraint: (draft, key, cmd) => {
    const table = draft.table(key);
    const c = table?.constraints.get(cmd.name);
    if (!table || !c) return;
    table.constraints.delete(cmd.name);
    if (c.kind === 'primary' || c.kind === 'unique') table.indexes.delete(cmd.name);
    if (c.kind === 'not-null' && c.notNullOf) draft.updateColumn(key, c.notNullOf, (col) => ({ ...col, notNull: false }));
  },
};

function rename(draft: CatalogDraft, node: any): void {
  const key = rangeVarKey(node.relation);
  switch (node.renameType) {
    case 'OBJECT_TABLE':
      return draft.renameTable(key, objectKey(node.newname, node.relation.schemaname), node.newname, node.relation.schemaname || 'public');
    case 'OBJECT_COLUMN': {
      const table = draft.table(key);
      const column = table?.columns.get(node.subname);
      if (!table || !column) return;
      // Keep the column's position: rebuild the map in order with the new name.
      const columns = [...table.columns.values()].map((c) => (c === column ? { ...c, name: node.newname } : c));
      table.columns = new Map(columns.map((c) => [c.name, c]));
      const renamed = (list: string[]) => list.map((n) => (n === node.subname ? node.newname : n));
      for (const [name, c] of table.constraints) {
        table.constraints.set(name, { ...c, columns: renamed(c.columns), ...(c.notNullOf === node.subname ? { notNullOf: node.newname } : {}) });
      }
      for (const [name, index] of table.indexes) table.indexes.set(name, { ...index, columns: renamed(index.columns) });
      return;
    }
    case 'OBJECT_TABCONSTRAINT': {
      const table = draft.table(key);
      const c = table?.constraints.get(node.subname);
      if (!table || !c) return;
      table.constraints.delete(node.subname);
      table.constraints.set(node.newname, { ...c, name: node.newname });
      return;
    }
    case 'OBJECT_INDEX': {
      const tableKey = draft.tableOfIndex(key);
      const indexes = tableKey ? draft.table(tableKey)!.indexes : undefined;
      const index = indexes?.get(node.relation.relname);
      if (!indexes || !index) return;
      indexes.delete(node.relation.relname);
      indexes.set(node.newname, { ...index, name: node.newname });
    }
  }
}
