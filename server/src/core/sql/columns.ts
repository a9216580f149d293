// Columns a statement brings into being (CREATE TABLE, ALTER TABLE … ADD COLUMN), the
// only place where choosing a type costs nothing: later, changing it rewrites the table.
import { alterCommands, columnConstraints, relationName, stringList } from './ast';
import { SERIAL_TYPES } from './column-def';
import type { Statement } from './script';

export interface NewColumn {
  /** The table as written. */
  table: string;
  /** The ColumnDef body. */
  def: any;
  /** Whether it is part of the created table itself (CREATE TABLE) rather than added to an existing one. */
  inCreateTable: boolean;
}

// Worked out from the parse tree alone and asked by many rules for every statement; the
// parser caches trees by statement text, so these stay valid from one check to the next.
const columnsByNode = new WeakMap<object, NewColumn[]>();
const keyByDef = new WeakMap<object, boolean>();

/** Columns defined by a CREATE TABLE or ADD COLUMN, in document order. */
export function newColumns(statement: Statement): NewColumn[] {
  const n = statement.node;
  if (!n) return [];
  let columns = columnsByNode.get(n);
  if (!columns) columnsByNode.set(n, (columns = columnsOf(statement)));
  return columns;
}

function columnsOf(statement: Statement): NewColumn[] {
  const n = statement.node;
  if (statement.kind === 'CreateStmt') {
    const table = relationName(n.relation);
    return (n.tableElts ?? []).flatMap((e: any) => (e.ColumnDef ? [{ table, def: e.ColumnDef, inCreateTable: true }] : []));
  }
  if (statement.kind === 'AlterTableStmt') {
    const table = relationName(n.relation);
    return alterCommands(n)
      .filter((c) => c.subtype === 'AT_AddColumn' && c.def?.ColumnDef)
      .map((c) => ({ table, def: c.def.ColumnDef, inCreateTable: false }));
  }
  return [];
}

/** The type's own name, lowercased and without its schema (`int4`, `varchar`, `serial`). */
export function typeNameOf(def: any): string {
  return (stringList(def?.typeName?.names).pop() ?? '').toLowerCase();
}

/** The first length or precision written with the type (`varchar(20)` → 20), if any. */
export function typeModifier(def: any): number | undefined {
  return def?.typeName?.typmods?.[0]?.A_Const?.ival?.ival;
}

/** A serial pseudo-type, written without a schema (`app.serial` would be a type of its own). */
export function isSerial(def: any): boolean {
  return def?.typeName?.names?.length === 1 && SERIAL_TYPES.has(typeNameOf(def));
}

/**
 * Whether the column identifies rows, its own or another table's: a primary or foreign
 * key, an identity or serial column, or one named `id` or `…_id`. Such columns grow with
 * every row ever inserted, so their type has to leave room.
 */
export function isKeyColumn(statement: Statement, def: any): boolean {
  let key = keyByDef.get(def);
  if (key === undefined) keyByDef.set(def, (key = keyColumn(statement, def)));
  return key;
}

function keyColumn(statement: Statement, def: any): boolean {
  const name = String(def.colname ?? '').toLowerCase();
  if (name === 'id' || name.endsWith('_id') || isSerial(def)) return true;
  if (['CONSTR_PRIMARY', 'CONSTR_FOREIGN', 'CONSTR_IDENTITY'].some((t) => columnConstraints(def, t).length > 0)) return true;
  return tableConstraints(statement).some((c) => [...stringList(c.keys), ...stringList(c.fk_attrs)].includes(def.colname));
}

/** Constraints declared apart from any column (`PRIMARY KEY (a, b)`), which may name new columns. */
function tableConstraints(statement: Statement): any[] {
  const n = statement.node;
  if (statement.kind === 'CreateStmt') return (n.tableElts ?? []).map((e: any) => e.Constraint).filter(Boolean);
  if (statement.kind === 'AlterTableStmt') {
    return alterCommands(n)
      .filter((c) => c.subtype === 'AT_AddConstraint')
      .map((c) => c.def?.Constraint)
      .filter(Boolean);
  }
  return [];
}
