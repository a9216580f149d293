// How big each table of a database is, for hovers ("orders: 12M rows, 3.1 GB") and for the
// team's thresholds that make a lock on a big table more serious than one on a small table.
import type { ClientBase } from 'pg';

export interface TableSize {
  /** The planner's estimate (`reltuples`), or the live-row count when the table was never analysed. */
  rows: number;
  /** Table, indexes and TOAST (`pg_total_relation_size`). */
  bytes: number;
}

/** Tables by name: unqualified in `public`, `schema.table` elsewhere. */
export type TableSizes = Map<string, TableSize>;

export async function readTableSizes(db: Pick<ClientBase, 'query'>): Promise<TableSizes> {
  const { rows } = await db.query(
    `SELECT CASE WHEN n.nspname = 'public' THEN c.relname ELSE n.nspname || '.' || c.relname END AS name,
            -- reltuples is -1 (PostgreSQL 14+) or 0 before the first ANALYZE; the statistics collector still counts live rows.
            GREATEST(c.reltuples, COALESCE(s.n_live_tup, 0))::float8 AS rows,
            pg_total_relation_size(c.oid)::float8 AS bytes
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid
      WHERE c.relkind IN ('r', 'p', 'm')
        AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'`,
  );
  return new Map(rows.map((r) => [r.name, { rows: Math.max(0, r.rows), bytes: r.bytes }]));
}

/** The size of a relation as a statement names it (`public.orders`, `"Orders"`), if the database has it. */
export function sizeOf(sizes: TableSizes, relation: string): TableSize | undefined {
  return sizes.get(tableKey(relation));
}

/** A relation as the catalog lists it: the parser has already folded unquoted names; `public.` is dropped. */
export function tableKey(relation: string): string {
  return relation.replace(/"/g, '').replace(/^public\./, '');
}

/** `orders: 12M rows, 3.1 GB` */
export function describeSize(relation: string, size: TableSize): string {
  return `${relation}: ${compact(size.rows)} rows, ${bytes(size.bytes)}`;
}

function compact(n: number): string {
  const units: [number, string][] = [
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'k'],
  ];
  for (const [scale, unit] of units) if (n >= scale) return `${trim(n / scale)}${unit}`;
  return String(Math.round(n));
}

function bytes(n: number): string {
  const units = ['GB', 'MB', 'kB'];
  for (let i = 0; i < units.length; i++) {
    const scale = 1024 ** (3 - i);
    if (n >= scale) return `${trim(n / scale)} ${units[i]}`;
  }
  return `${n} bytes`;
}

/** One decimal below 10 (3.1 GB), none above (12M). */
function trim(x: number): string {
  return x < 10 ? String(Math.round(x * 10) / 10) : String(Math.round(x));
}
