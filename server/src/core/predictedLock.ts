import type { StatementUnit } from './rules/types';
import { locksOf, strongestLock, type LockInfo } from './sql/locks';

/**
 * The strongest lock a statement takes on a relation others may be using: tables created
 * earlier in the same script are left out, as the rules leave them out (nobody else can be
 * waiting on them).
 */
export function predictedLock(s: StatementUnit, pgVersion: number): LockInfo | undefined {
  return strongestLock(locksOf(s.statement, pgVersion).filter((l) => l.relation === '*' || !s.createdEarlier(l.relation)));
}

/** `SHARE on orders`, or `ACCESS EXCLUSIVE on every table`. */
export function lockLabel(lock: LockInfo): string {
  return `${lock.mode} on ${lock.relation === '*' ? 'every table' : lock.relation}`;
}
