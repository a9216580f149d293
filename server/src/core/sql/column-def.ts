// Readers over a ColumnDef (CREATE TABLE column, ALTER TABLE … ADD COLUMN): what fills
// the column's existing rows, which is what decides whether adding it rewrites the table.
import { columnConstraints, stringList } from './ast';

/** Pseudo-types that create a sequence and default the column to its nextval(). */
export const SERIAL_TYPES = new Set(['serial', 'serial2', 'serial4', 'serial8', 'smallserial', 'bigserial']);

export interface ColumnFill {
  /** The DEFAULT expression, unless it is absent or `DEFAULT NULL`. */
  default?: unknown;
  serial: boolean;
  identity?: 'always' | 'by default';
  /** `GENERATED ALWAYS AS (…) STORED`, or VIRTUAL (PostgreSQL 18, computed on read). */
  generated?: 'stored' | 'virtual';
  notNull: boolean;
}

export function columnFill(def: any): ColumnFill {
  const identity = columnConstraints(def, 'CONSTR_IDENTITY')[0];
  const generated = columnConstraints(def, 'CONSTR_GENERATED')[0];
  return {
    default: columnConstraints(def, 'CONSTR_DEFAULT').map((c) => c.raw_expr).find((e) => !e?.A_Const?.isnull),
    serial: SERIAL_TYPES.has(stringList(def?.typeName?.names).pop() ?? ''),
    identity: identity ? (identity.generated_when === 'a' ? 'always' : 'by default') : undefined,
    generated: generated ? (generated.generated_kind === 'v' ? 'virtual' : 'stored') : undefined,
    notNull: columnConstraints(def, 'CONSTR_NOTNULL').length > 0 || columnConstraints(def, 'CONSTR_PRIMARY').length > 0,
  };
}
