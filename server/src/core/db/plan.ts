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

/** Which script of the planned migrations runs; a down covers the target alone. */
export type PlanDirection = 'up' | 'down';

/**
 * Embedded database: replay everything before the target, dry-run the target (by default the
 * last migration). With scope `pending` nothing is applied there, so everything up to the target runs.
 * A down replays the target too, then runs its down.
 */
export function embeddedPlan(units: MigrationUnit[], target?: string, scope: PlanScope = 'this', direction: PlanDirection = 'up'): DryRunPlan | undefined {
  const at = indexOf(units, target);
  if (at < 0) return undefined;
  if (direction === 'down') return { replay: units.slice(0, at + 1), run: [units[at]] };
  return scope === 'this' ? { replay: units.slice(0, at), run: [units[at]] } : { replay: [], run: units.slice(0, at + 1) };
}

/**
 * A real database: dry-run what it has not applied, up to the target (by default all of it), or
 * the target alone. A down runs only where the target is applied: there is nothing to undo otherwise.
 */
export function serverPlan(units: MigrationUnit[], applied: AppliedRecord[], target?: string, scope: PlanScope = 'pending', direction: PlanDirection = 'up'): DryRunPlan | undefined {
  const at = target === undefined ? units.length - 1 : indexOf(units, target);
  if (at < 0) return undefined;
  const done = appliedIds(units.map((u) => u.migration), applied);
  if (direction === 'down') return { replay: [], run: done.has(units[at].migration.id) ? [units[at]] : [] };
  const candidates = scope === 'this' ? [units[at]] : units.slice(0, at + 1);
  return { replay: [], run: candidates.filter((u) => !done.has(u.migration.id)) };
}

function indexOf(units: MigrationUnit[], target: string | undefined): number {
  return target === undefined ? units.length - 1 : units.findIndex((u) => u.migration.id === target);
}
