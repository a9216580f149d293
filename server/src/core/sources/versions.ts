import type { Migration } from '../model';

/** A migration before its place in the run order is known. */
export type Unlinked = Omit<Migration, 'parents'>;

/** Numeric parts of a version, so `1_10` and `1.10` both come after `1_9` and equal each other. */
export function versionKey(version: string): number[] {
  return (version.match(/\d+/g) ?? []).map(Number);
}

/** Orders version keys numerically, part by part; a key that is a prefix of another comes first. */
export function compareKeys(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) return a[i] - b[i];
  }
  return a.length - b.length;
}

/** Same version in every format's eyes: `0001` is `1`, `1_10` is `1.10`. */
export function sameVersion(a: number[], b: number[]): boolean {
  return compareKeys(a, b) === 0;
}

/**
 * Puts migrations in run order (versioned by key, then repeatables by name, as
 * Flyway runs them) and chains each to the one before it. Ties keep a stable,
 * path-based order so duplicates come out the same way every time.
 */
export function orderAndLink(migrations: Unlinked[]): Migration[] {
  const ordered = [...migrations].sort(
    (a, b) =>
      Number(Boolean(a.repeatable)) - Number(Boolean(b.repeatable)) ||
      compareKeys(a.sortKey, b.sortKey) ||
      compareText(a.id, b.id) ||
      compareText(a.path, b.path),
  );
  return ordered.map((m, i) => ({ ...m, parents: i === 0 ? [] : [ordered[i - 1].id] }));
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
