// Which migrations a dry run replays first and which it runs (and rolls back).
import type { MigrationUnit } from '../rules/types';
import { appliedIds, type AppliedRecord } from './appliedState';

export interface DryRunPlan {
  /** Applied for real first: only ever on the embedded throwaway database. */
  replay: MigrationUnit[];
  /** Run inside the rolled-back transaction. */
  run: MigrationUnit[];
}

/** `this`: the target alone (on top of what comes before it); `pending`: everything not applied, up to the target. */
export type PlanScope = 'this' | 'pending';

/**
 * Embedded database: replay everything before the target, dry-run the target (by default the
 * last migration). With scope `pending` nothing is applied there, so everything up to the target runs.
 */
export function embeddedPlan(units: MigrationUnit[], target?: string, scope: PlanScope = 'this'): DryRunPlan | undefined {
  const at = indexOf(units, target);
  if (at < 0) return undefined;
  return scope === 'this' ? { replay: units.slice(0, at), run: [units[at]] } : { replay: [], run: units.slice(0, at + 1) };
}

/** A real database: dry-run what it has not applied, up to the target (by default all of it), or the target alone. */
export function serverPlan(units: MigrationUnit[], applied: AppliedRecord[], target?: string, scope: PlanScope = 'pending'): DryRunPlan | undefined {
  const at = target === undefined ? units.length - 1 : indexOf(units, target);
  if (at < 0) return undefined;
  const candidates = scope === 'this' ? [units[at]] : units.slice(0, at + 1);
  const done = appliedIds(units.map((u) => u.migration), applied);
  return { replay: [], run: candidates.filter((u) => !done.has(u.migration.id)) };
}

function indexOf(units: MigrationUnit[], target: string | undefined): number {
  return target === undefined ? units.length - 1 : units.findIndex((u) => u.migration.id === target);
}
