// Where each migration of a folder stands on a database, and the problems that shows: files
// changed after they ran, versions no file holds, dirty or failed runs, migrations left behind.
import type { Finding, FormatId, Migration, Span } from '../model';
import { appliedIds, appliedKey, changedSinceApplied, compareVersions, type AppliedRecord, type AppliedTool } from './appliedState';

export type MigrationState = 'applied' | 'pending' | 'current' | 'dirty' | 'failed' | 'changed-after-applied';

export interface FolderStatus {
  /** By migration id. */
  states: Map<string, MigrationState>;
  /** Versions the database records that no file of the folder holds. */
  unknown: string[];
  findings: Finding[];
}

/** Tools whose table keeps an ordered list of versions, so that "older than the newest applied" means something. */
const LINEAR: ReadonlySet<FormatId> = new Set(['flyway', 'golang-migrate', 'dbmate', 'goose', 'prisma', 'supabase']);

export const APPLIED_STATE_RULE = 'applied-state';

/** The status of a folder's migrations (in their run order) on the database named `where` (e.g. `staging`). */
export function folderStatus(migrations: Migration[], all: AppliedRecord[], where: string): FolderStatus {
  const format = migrations[0]?.format;
  const records = all.filter((r) => r.tool === (format as AppliedTool));
  const states = new Map<string, MigrationState>();
  const findings: Finding[] = [];
  const report = (m: Migration, message: string) =>
    findings.push({ path: m.up.path, span: headSpan(m), severity: 'warning', ruleId: APPLIED_STATE_RULE, message: `${where}: ${message}`, fixes: [] });

  const ids = appliedIds(migrations, records);
  const newest = migrations.filter((m) => ids.has(m.id)).at(-1);
  for (const m of migrations) states.set(m.id, ids.has(m.id) ? (m === newest ? 'current' : 'applied') : 'pending');

  for (const c of changedSinceApplied(records, migrations)) {
    states.set(c.migration.id, 'changed-after-applied');
    report(c.migration, `this migration changed after it was applied (${c.message}); the database ran the old text. Put the change in a new migration.`);
  }
  for (const r of records.filter((r) => !r.ok)) {
    const m = recordedMigration(r, migrations);
    if (!m) continue;
    states.set(m.id, r.tool === 'golang-migrate' ? 'dirty' : 'failed');
    report(m, `${r.problem} (${r.tool} records version ${r.version})`);
  }
  const unknown = records.filter((r) => !recordedMigration(r, migrations)).map((r) => r.version);
  if (unknown.length && migrations.length) {
    report(migrations.at(-1)!, `the database records ${unknown.length === 1 ? 'version' : 'versions'} ${unknown.join(', ')}, which no file of this folder holds (deleted, renamed, or applied from another branch)`);
  }
  if (format && LINEAR.has(format) && newest) {
    for (const m of migrations) {
      if (states.get(m.id) !== 'pending' || compareVersions(m.sortKey, newest.sortKey) >= 0) continue;
      report(m, `pending, but older than ${newest.id}, which is applied: most runners skip it or refuse to run (out of order)`);
    }
  }
  return { states, unknown, findings };
}

function recordedMigration(r: AppliedRecord, migrations: Migration[]): Migration | undefined {
  if (r.tool === 'golang-migrate') return migrations.find((m) => compareVersions(m.sortKey, r.version.split(/\D+/).filter(Boolean).map(Number)) === 0);
  return migrations.find((m) => appliedKey(m) === r.version);
}

/** Where a migration-wide finding goes: the first line of its SQL. */
function headSpan(m: Migration): Span {
  const { text, span } = m.up;
  const lineEnd = text.indexOf('\n', span.start);
  return { start: span.start, end: Math.min(lineEnd < 0 ? text.length : lineEnd, span.end) };
}
