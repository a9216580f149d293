// Which migrations a dry run replays first and which it runs (and rolls back).
import type { MigrationUnit } from '../rules/types';
import { isApplied, type AppliedRecord } from './appliedState';

export interface DryRunPlan {
  /** Applied for real first: only ever on the embedded throwaway database. */
  replay: MigrationUnit[];
  /** Run inside the rolled-back transaction. */
  run: MigrationUnit[];
}

/** Embedded database: replay everything before the target, dry-run the target (by default the last migration). */
export function embeddedPlan(units: MigrationUnit[], target?: string): DryRunPlan | undefined {
  const at = target === undefined ? units.length - 1 : units.findIndex((u) => u.migration.id === target);
  if (at < 0) return undefined;
  return { replay: units.slice(0, at), run: [units[at]] };
}

/** A real database: dry-run what it has not applied, up to the target (by default all of it). */
export function serverPlan(units: MigrationUnit[], applied: AppliedRecord[], target?: string): DryRunPlan | undefined {
  const end = target === undefined ? units.length : units.findIndex((u) => u.migration.id === target) + 1;
  if (end <= 0) return undefined;
  return { replay: [], run: units.slice(0, end).filter((u) => !isApplied(u.migration, applied)) };
}
