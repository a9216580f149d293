// The statements that undo an up script, for the fix that writes a missing down. Each
// undo is kept as data so that every format renders it its own way (SQL text, Alembic
// op.* calls); what cannot be undone is kept too, to be written as a TODO.
import { objectKey, type Catalog } from '../../schema/catalog';
import { formatColumnType } from '../../schema/column-type';
import { alterCommands, droppedNames, stringList } from '../../sql/ast';
import type { Statement } from '../../sql/script';
import { defaultConstraintName } from './constraint-name';
import { quoteIdent } from './tokens';

export interface QualifiedName {
  schema?: string;
  name: string;
}

type DropObject = 'TABLE' | 'VIEW' | 'MATERIALIZED VIEW' | 'SEQUENCE' | 'INDEX' | 'TYPE' | 'SCHEMA' | 'EXTENSION';
type RenameObject = Exclude<DropObject, 'SCHEMA' | 'EXTENSION'>;

export type TableChange =
  | { do: 'drop-column'; column: string }
  | { do: 'drop-constraint'; name: string }
  | { do: 'drop-not-null'; column: string }
  | { do: 'set-not-null'; column: string }
  | { do: 'drop-default'; column: string }
  | { do: 'set-default'; column: string; expression: string }
  | { do: 'type'; column: string; type: string }
  | { do: 'rename-column'; from: string; to: string }
  | { do: 'rename-constraint'; from: string; to: string };

export type Undo =
  | { kind: 'drop'; object: DropObject; target: QualifiedName; concurrently?: true; table?: string }
  | { kind: 'rename'; object: RenameObject; target: QualifiedName; to: string }
  | { kind: 'alter'; table: QualifiedName; change: TableChange }
  | { kind: 'cannot'; statement: string; why?: string };

const CREATED_RELATION: Record<string, DropObject> = { CreateStmt: 'TABLE', ViewStmt: 'VIEW', CreateSeqStmt: 'SEQUENCE' };
const RENAMED: Record<string, RenameObject> = {
  OBJECT_TABLE: 'TABLE',
  OBJECT_VIEW: 'VIEW',
  OBJECT_MATVIEW: 'MATERIALIZED VIEW',
  OBJECT_SEQUENCE: 'SEQUENCE',
  OBJECT_INDEX: 'INDEX',
  OBJECT_TYPE: 'TYPE',
};

/** Statements that change no schema object, so a down has nothing to undo for them. */
const NO_SCHEMA_CHANGE = new Set([
  'VariableSetStmt',
  'TransactionStmt',
  'SelectStmt',
  'ExplainStmt',
  'VacuumStmt',
  'ReindexStmt',
  'ClusterStmt',
  'CheckPointStmt',
  'LockStmt',
  'RefreshMatViewStmt',
]);

/** Whether `statement` changes anything a down would have to undo. */
export function needsUndo(statement: Statement): boolean {
  if (statement.kind === 'SelectStmt') return Boolean(statement.node?.intoClause);
  return !NO_SCHEMA_CHANGE.has(statement.kind) && !(statement.kind === 'AlterTableStmt' && alterCommands(statement.node).every((c) => c.subtype === 'AT_ValidateConstraint'));
}

/**
 * The undos of a whole script, in the order a down runs them: last statement first.
 * `before` gives the schema just before a statement (for previous column types),
 * `shown` the statement as the user wrote it (for TODOs).
 */
export function invertScript(statements: readonly Statement[], before: (s: Statement) => Catalog, shown: (s: Statement) => string): Undo[] {
  return statements
    .filter(needsUndo)
    .reverse()
    .flatMap((s): Undo[] => invertStatement(s, () => before(s)) ?? [{ kind: 'cannot', statement: shown(s), why: whyNotInvertible(s) }]);
}

/**
 * The undos of one statement, in the order to run them; undefined when it cannot be undone.
 * What the earlier migrations already made (a table created again `IF NOT EXISTS`) is not
 * the statement's to undo.
 */
function invertStatement(s: Statement, before: () => Catalog): Undo[] | undefined {
  const n = s.node;
  if (!n) return undefined;
  const relationDrop = CREATED_RELATION[s.kind];
  if (s.kind === 'CreateStmt' && before().table(n.relation)) return [];
  if (relationDrop) return n.replace ? undefined : [drop(relationDrop, name(n.relation ?? n.view ?? n.sequence))];
  switch (s.kind) {
    case 'CreateTableAsStmt':
      return [drop(n.objtype === 'OBJECT_MATVIEW' ? 'MATERIALIZED VIEW' : 'TABLE', name(n.into?.rel))];
    case 'IndexStmt':
      if (!n.idxname) return undefined;
      if (before().index(objectKey(n.idxname, n.relation?.schemaname))) return [];
      return [{ ...drop('INDEX', { schema: n.relation?.schemaname, name: n.idxname }), ...(n.concurrent ? { concurrently: true } : {}), table: n.relation?.relname }];
    case 'CreateEnumStmt':
    case 'CreateRangeStmt':
      return [drop('TYPE', qualified(stringList(n.typeName)))];
    case 'CompositeTypeStmt':
      return [drop('TYPE', name(n.typevar))];
    case 'CreateSchemaStmt':
      return n.schemaname ? [drop('SCHEMA', { name: n.schemaname })] : undefined;
    case 'CreateExtensionStmt':
      return [drop('EXTENSION', { name: n.extname })];
    case 'RenameStmt':
      return invertRename(n);
    case 'AlterTableStmt':
      return n.objtype === 'OBJECT_TABLE' ? invertAlterTable(n, before) : undefined;
  }
  return undefined;
}

function drop(object: DropObject, target: QualifiedName): Extract<Undo, { kind: 'drop' }> {
  return { kind: 'drop', object, target };
}

function name(rangeVar: any): QualifiedName {
  return { schema: rangeVar?.schemaname, name: String(rangeVar?.relname ?? '') };
}

function qualified(names: string[]): QualifiedName {
  return { schema: names.length > 1 ? names[names.length - 2] : undefined, name: names[names.length - 1] ?? '' };
}

function invertRename(n: any): Undo[] | undefined {
  const table = name(n.relation);
  if (n.renameType === 'OBJECT_COLUMN') return [{ kind: 'alter', table, change: { do: 'rename-column', from: n.newname, to: n.subname } }];
  if (n.renameType === 'OBJECT_TABCONSTRAINT') return [{ kind: 'alter', table, change: { do: 'rename-constraint', from: n.newname, to: n.subname } }];
  const object = RENAMED[n.renameType];
  if (!object) return undefined;
  const old = object === 'TYPE' ? qualified(stringList(n.object?.List?.items)) : table;
  return [{ kind: 'rename', object, target: { ...old, name: n.newname }, to: old.name }];
}

/** Each command's undo, last command first; one that cannot be undone spoils the statement. */
function invertAlterTable(n: any, before: () => Catalog): Undo[] | undefined {
  const table = name(n.relation);
  const changes: TableChange[] = [];
  for (const cmd of alterCommands(n).reverse()) {
    const change = invertCommand(cmd, n.relation, before);
    if (change === undefined) return undefined;
    if (change !== 'nothing') changes.push(change);
  }
  return changes.map((change) => ({ kind: 'alter', table, change }));
}

function invertCommand(cmd: any, relation: any, before: () => Catalog): TableChange | 'nothing' | undefined {
  const column: string = cmd.name;
  const existing = () => before().column(relation, column);
  switch (cmd.subtype) {
    case 'AT_AddColumn': {
      const added: string = cmd.def?.ColumnDef?.colname;
      return before().column(relation, added) ? 'nothing' : { do: 'drop-column', column: added };
    }
    case 'AT_AddConstraint': {
      const c = cmd.def?.Constraint;
      return c ? { do: 'drop-constraint', name: c.conname ?? defaultConstraintName(String(relation?.relname ?? ''), c) } : undefined;
    }
    case 'AT_SetNotNull':
      return existing()?.notNull ? 'nothing' : { do: 'drop-not-null', column };
    case 'AT_DropNotNull':
      return existing()?.notNull === false ? 'nothing' : { do: 'set-not-null', column };
    case 'AT_ColumnDefault': {
      // A default whose expression the catalogue could not read back cannot be put back.
      const had = existing()?.default;
      if (!had) return cmd.def && !cmd.def.A_Const?.isnull ? { do: 'drop-default', column } : 'nothing';
      return had.expression ? { do: 'set-default', column, expression: had.expression } : undefined;
    }
    case 'AT_AlterColumnType': {
      const previous = existing()?.type;
      return previous ? { do: 'type', column, type: formatColumnType(previous) } : undefined;
    }
    case 'AT_ValidateConstraint':
      return 'nothing';
  }
  return undefined;
}

/** `schema.name` with each part quoted where needed. */
function sqlName(q: QualifiedName): string {
  return q.schema ? `${quoteIdent(q.schema)}.${quoteIdent(q.name)}` : quoteIdent(q.name);
}

/** The marker of what the generated down could not undo, followed by the first line of the statement. */
export const CANNOT_INVERT = 'TODO(migration-guard): cannot invert:';

/** One undo as a SQL statement (without `;`), or the TODO comment lines standing for it. */
export function undoSql(u: Undo): string {
  switch (u.kind) {
    case 'drop':
      return `DROP ${u.object}${u.concurrently ? ' CONCURRENTLY' : ''} IF EXISTS ${sqlName(u.target)}`;
    case 'rename':
      return `ALTER ${u.object} ${sqlName(u.target)} RENAME TO ${quoteIdent(u.to)}`;
    case 'alter':
      return `ALTER TABLE ${sqlName(u.table)} ${tableChangeSql(u.change)}`;
    case 'cannot':
      return `-- ${CANNOT_INVERT} ${firstLine(u.statement)}${u.why ? `\n--   ${u.why}` : ''}`;
  }
}

function tableChangeSql(c: TableChange): string {
  switch (c.do) {
    case 'drop-column':
      return `DROP COLUMN IF EXISTS ${quoteIdent(c.column)}`;
    case 'drop-constraint':
      return `DROP CONSTRAINT IF EXISTS ${quoteIdent(c.name)}`;
    case 'drop-not-null':
      return `ALTER COLUMN ${quoteIdent(c.column)} DROP NOT NULL`;
    case 'set-not-null':
      return `ALTER COLUMN ${quoteIdent(c.column)} SET NOT NULL`;
    case 'drop-default':
      return `ALTER COLUMN ${quoteIdent(c.column)} DROP DEFAULT`;
    case 'set-default':
      return `ALTER COLUMN ${quoteIdent(c.column)} SET DEFAULT ${c.expression}`;
    case 'type':
      return `ALTER COLUMN ${quoteIdent(c.column)} TYPE ${c.type} USING ${quoteIdent(c.column)}::${c.type}`;
    case 'rename-column':
      return `RENAME COLUMN ${quoteIdent(c.from)} TO ${quoteIdent(c.to)}`;
    case 'rename-constraint':
      return `RENAME CONSTRAINT ${quoteIdent(c.from)} TO ${quoteIdent(c.to)}`;
  }
}

/** A whole down script: one statement or TODO per undo. */
export function downSql(undos: readonly Undo[], eol: string): string {
  return undos.map((u) => (u.kind === 'cannot' ? undoSql(u) : `${undoSql(u)};`).replace(/\n/g, eol)).join(eol) + eol;
}

export function firstLine(text: string): string {
  return text.trim().split(/\r?\n/)[0];
}

/** Why a dropped table or column is beyond a down's reach. */
function whyNotInvertible(s: Statement): string | undefined {
  if (s.kind === 'DropStmt' && ['OBJECT_TABLE', 'OBJECT_MATVIEW'].includes(s.node?.removeType)) {
    return `recreating ${droppedNames(s.node).map((n) => n.join('.')).join(', ')} would not bring back its rows`;
  }
  if (s.kind === 'AlterTableStmt' && alterCommands(s.node).some((c) => c.subtype === 'AT_DropColumn')) {
    return 'adding the column back would not bring back its values';
  }
  return undefined;
}
