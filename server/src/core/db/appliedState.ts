// What each migration framework recorded as applied, read from its own table. A database
// that has no such table has nothing applied by that framework; that is not an error.
import * as path from 'node:path';
import type { ClientBase } from 'pg';
import type { Migration } from '../model';
import { flywayChecksum, prismaChecksumMatches } from './checksums';

export type AppliedTool = 'alembic' | 'django' | 'flyway' | 'golang-migrate' | 'dbmate' | 'goose' | 'prisma' | 'supabase';

export interface AppliedRecord {
  tool: AppliedTool;
  /** As the tool keys it: a revision, `app.name` (Django), a version, a Prisma migration's folder name. */
  version: string;
  /** Flyway's CRC-32 (as text) or Prisma's SHA-256, when the tool stores one. */
  checksum?: string;
  /** False for a failed Flyway run, a dirty golang-migrate version, an unfinished or rolled-back Prisma migration. */
  ok: boolean;
  /** Why it is not ok. */
  problem?: string;
}

type Db = Pick<ClientBase, 'query'>;

interface Reader {
  tool: AppliedTool;
  table: string;
  /** Tells this tool's table from another tool's table of the same name. */
  hasColumn?: string;
  lacksColumn?: string;
  read(db: Db, table: string): Promise<AppliedRecord[]>;
}

const READERS: Reader[] = [
  {
    tool: 'alembic',
    table: 'alembic_version',
    read: async (db, t) => (await db.query(`SELECT version_num FROM ${t}`)).rows.map((r) => ({ tool: 'alembic', version: r.version_num, ok: true })),
  },
  {
    tool: 'django',
    table: 'django_migrations',
    read: async (db, t) =>
      (await db.query(`SELECT app, name FROM ${t} ORDER BY id`)).rows.map((r) => ({ tool: 'django', version: `${r.app}.${r.name}`, ok: true })),
  },
  {
    tool: 'flyway',
    table: 'flyway_schema_history',
    read: async (db, t) =>
      (await db.query(`SELECT version, description, checksum, success FROM ${t} WHERE type = 'SQL' ORDER BY installed_rank`)).rows.map((r) => ({
        tool: 'flyway',
        // Repeatable migrations have no version; Flyway knows them by description.
        version: r.version ?? `R__${r.description}`,
        checksum: r.checksum === null ? undefined : String(r.checksum),
        ...health(r.success, 'the migration failed'),
      })),
  },
  {
    tool: 'golang-migrate',
    table: 'schema_migrations',
    hasColumn: 'dirty',
    read: async (db, t) =>
      (await db.query(`SELECT version::text AS version, dirty FROM ${t}`)).rows.map((r) => ({
        tool: 'golang-migrate',
        version: r.version,
        ...health(!r.dirty, 'dirty: the migration failed part-way and needs fixing by hand'),
      })),
  },
  {
    tool: 'dbmate',
    table: 'schema_migrations',
    lacksColumn: 'dirty',
    read: async (db, t) => (await db.query(`SELECT version FROM ${t} ORDER BY version`)).rows.map((r) => ({ tool: 'dbmate', version: r.version, ok: true })),
  },
  {
    tool: 'goose',
    table: 'goose_db_version',
    // goose appends a row per apply and per rollback; a version's latest row says where it stands.
    read: async (db, t) =>
      (
        await db.query(
          `SELECT version_id::text AS version FROM (
             SELECT DISTINCT ON (version_id) version_id, is_applied FROM ${t} ORDER BY version_id, id DESC) AS latest
            WHERE is_applied AND version_id > 0 ORDER BY version_id`,
        )
      ).rows.map((r) => ({ tool: 'goose', version: r.version, ok: true })),
  },
  {
    tool: 'supabase',
    table: 'supabase_migrations.schema_migrations',
    read: async (db, t) => (await db.query(`SELECT version FROM ${t} ORDER BY version`)).rows.map((r) => ({ tool: 'supabase', version: r.version, ok: true })),
  },
  {
    tool: 'prisma',
    table: '_prisma_migrations',
    read: async (db, t) =>
      (await db.query(`SELECT migration_name, checksum, finished_at, rolled_back_at FROM ${t} ORDER BY started_at`)).rows.map((r) => ({
        tool: 'prisma',
        version: r.migration_name,
        checksum: r.checksum,
        ...(r.rolled_back_at ? health(false, 'rolled back') : health(r.finished_at !== null, 'started but never finished')),
      })),
  },
];

/** The tables the frameworks keep their records in: not part of the schema the migrations make. */
export const BOOKKEEPING_TABLES: ReadonlySet<string> = new Set(READERS.map((r) => r.table));

function health(ok: boolean, problem: string): Pick<AppliedRecord, 'ok' | 'problem'> {
  return ok ? { ok } : { ok, problem };
}

/** Every record of every framework whose table exists (found through the search path). */
export async function readAppliedState(db: Db): Promise<AppliedRecord[]> {
  const records: AppliedRecord[] = [];
  for (const reader of READERS) {
    const { rows } = await db.query(
      `SELECT to_regclass($1)::text AS name,
              EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass($1) AND attname = $2 AND NOT attisdropped) AS has
         FROM (SELECT 1) AS one`,
      [reader.table, reader.hasColumn ?? reader.lacksColumn ?? ''],
    );
    const { name, has } = rows[0];
    if (!name) continue;
    if ((reader.hasColumn && !has) || (reader.lacksColumn && has)) continue;
    records.push(...(await reader.read(db, name)));
  }
  return records;
}

export interface ChangedMigration {
  migration: Migration;
  record: AppliedRecord;
  /** What the file's checksum is now. */
  message: string;
}

/** Applied Flyway and Prisma migrations whose file no longer has the checksum recorded when they ran. */
export function changedSinceApplied(records: AppliedRecord[], migrations: Migration[]): ChangedMigration[] {
  const changed: ChangedMigration[] = [];
  for (const migration of migrations) {
    const record = records.find((r) => r.checksum !== undefined && r.tool === migration.format && r.version === appliedKey(migration));
    if (!record || migration.repeatable) continue;
    const text = migration.up.text;
    if (record.tool === 'flyway' && String(flywayChecksum(text)) !== record.checksum) {
      changed.push({ migration, record, message: `applied with checksum ${record.checksum}, the file's is now ${flywayChecksum(text)}` });
    }
    if (record.tool === 'prisma' && !prismaChecksumMatches(text, record.checksum!)) {
      changed.push({ migration, record, message: 'the file changed after it was applied (its SHA-256 differs from the recorded checksum)' });
    }
  }
  return changed;
}

/** The key a framework records a migration under: Flyway writes `1_10` as `1.10`; Prisma uses the folder name; goose a bigint. */
export function appliedKey(m: Migration): string {
  if (m.format === 'flyway') return m.id.replace(/_/g, '.');
  if (m.format === 'prisma') return path.basename(path.dirname(m.path));
  if (m.format === 'goose') return m.id.replace(/^0+(?=\d)/, '');
  return m.id;
}

/**
 * The ids of the migrations the database records as applied (successfully or not: a failed one
 * is not pending either). Two tools keep only where they stand: golang-migrate the last version
 * (every version up to it is applied), Alembic its heads (every ancestor of a head is applied).
 */
export function appliedIds(migrations: Migration[], records: AppliedRecord[]): Set<string> {
  const applied = new Set<string>();
  for (const m of migrations) {
    const own = records.filter((r) => r.tool === m.format);
    if (m.format === 'golang-migrate') {
      if (own.some((r) => compareVersions(m.sortKey, r.version.split(/\D+/).filter(Boolean).map(Number)) <= 0)) applied.add(m.id);
    } else if (own.some((r) => r.version === appliedKey(m))) applied.add(m.id);
  }
  if (migrations[0]?.format === 'alembic') addAncestors(applied, new Map(migrations.map((m) => [m.id, m])));
  return applied;
}

function addAncestors(applied: Set<string>, byId: Map<string, Migration>): void {
  const work = [...applied];
  while (work.length) {
    const m = byId.get(work.pop()!);
    for (const up of [...(m?.parents ?? []), ...(m?.dependsOn ?? [])]) {
      if (!applied.has(up) && byId.has(up)) {
        applied.add(up);
        work.push(up);
      }
    }
  }
}

export function compareVersions(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}
