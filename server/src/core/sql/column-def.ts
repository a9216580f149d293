// Readers over a ColumnDef (CREATE TABLE column, ALTER TABLE … ADD COLUMN): what fills
// the column's existing rows, which is what decides whether adding it rewrites the table.
import { stringList } from './ast';

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
  // One pass over the constraints (asked for every new column, by the schema model and by rules).
  let identity: any;
  let generated: any;
  let defaulted: { expr: unknown } | undefined;
  let notNull = false;
  for (const item of def?.constraints ?? []) {
    const c = item?.Constraint;
    switch (c?.contype) {
      case 'CONSTR_IDENTITY':
        identity ??= c;
        break;
      case 'CONSTR_GENERATED':
        generated ??= c;
        break;
      // The first DEFAULT that is not `DEFAULT NULL`.
      case 'CONSTR_DEFAULT':
        if (!defaulted && !c.raw_expr?.A_Const?.isnull) defaulted = { expr: c.raw_expr };
        break;
      case 'CONSTR_NOTNULL':
      case 'CONSTR_PRIMARY':
        notNull = true;
    }
  }
  return {
    default: defaulted?.expr,
    serial: SERIAL_TYPES.has(stringList(def?.typeName?.names).pop() ?? ''),
    identity: identity ? (identity.generated_when === 'a' ? 'always' : 'by default') : undefined,
    generated: generated ? (generated.generated_kind === 'v' ? 'virtual' : 'stored') : undefined,
    notNull,
  };
}
