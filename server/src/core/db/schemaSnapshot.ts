// A database's schema as PostgreSQL itself describes it (format_type, pg_get_expr,
// pg_get_indexdef, pg_get_constraintdef), flattened to comparable text per object. Reading
// both sides of a drift comparison with the same queries means both are spelled alike.
import type { ClientBase } from 'pg';

export type ObjectKind = 'table' | 'column' | 'index' | 'constraint';

/** By kind, object name (`orders`, `orders.total`, `orders.orders_pkey`) → its definition. */
export type SchemaSnapshot = Record<ObjectKind, Map<string, string>>;

const USER_SCHEMAS = `n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'`;
const TABLE_NAME = `CASE WHEN n.nspname = 'public' THEN c.relname ELSE n.nspname || '.' || c.relname END`;

/** Every table of the user's schemas but those named in `ignore` (the frameworks' own bookkeeping tables). */
export async function readSchema(db: Pick<ClientBase, 'query'>, ignore: ReadonlySet<string> = new Set()): Promise<SchemaSnapshot> {
  const tables = `SELECT c.oid, ${TABLE_NAME} AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                   WHERE c.relkind IN ('r', 'p') AND ${USER_SCHEMAS}`;
  // One after another: a pg client runs one query at a time anyway.
  const t = await db.query(`SELECT name AS tbl, name, '' AS def FROM (${tables}) t`);
  const columns = await db.query(
      `SELECT t.name AS tbl, t.name || '.' || a.attname AS name,
              format_type(a.atttypid, a.atttypmod)
                || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END
                || COALESCE(' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid), '') AS def
         FROM (${tables}) t JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped
         LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum`,
  );
  const indexes = await db.query(
      `SELECT t.name AS tbl, t.name || '.' || i.relname AS name, pg_get_indexdef(x.indexrelid) AS def
         FROM (${tables}) t JOIN pg_index x ON x.indrelid = t.oid JOIN pg_class i ON i.oid = x.indexrelid`,
  );
  const constraints = await db.query(
      `SELECT t.name AS tbl, t.name || '.' || k.conname AS name, pg_get_constraintdef(k.oid) || CASE WHEN k.convalidated THEN '' ELSE ' NOT VALID' END AS def
         FROM (${tables}) t JOIN pg_constraint k ON k.conrelid = t.oid`,
  );
  const byName = (rows: { tbl: string; name: string; def: string }[]) => new Map(rows.filter((r) => !ignore.has(r.tbl)).map((r) => [r.name, r.def]));
  return { table: byName(t.rows), column: byName(columns.rows), index: byName(indexes.rows), constraint: byName(constraints.rows) };
}
