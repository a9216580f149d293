import { sameVersion } from './versions';

/** What pairing needs to know of an up or down file. */
export interface PairKey {
  /** The file name with its direction marker removed (`0001_create_users`). */
  stem: string;
  version: number[];
}

/**
 * Matches down files to up files. A down goes to the up with the same stem; failing
 * that, to the only up of its version still lacking one, because the tools pair by
 * version and a typo in a down's title (gitness `0026_…_join_id.down.sql`) does
 * not stop them running it. Returns, per up, the index of its down, and the downs
 * that matched nothing.
 */
export function pairDowns(ups: PairKey[], downs: PairKey[]): { downOf: (number | undefined)[]; orphans: number[] } {
  const downOf: (number | undefined)[] = ups.map(() => undefined);
  const unmatched: number[] = [];
  downs.forEach((down, d) => {
    const u = ups.findIndex((up, i) => downOf[i] === undefined && up.stem === down.stem);
    if (u >= 0) downOf[u] = d;
    else unmatched.push(d);
  });
  const orphans = unmatched.filter((d) => {
    const candidates = ups.flatMap((up, i) => (downOf[i] === undefined && sameVersion(up.version, downs[d].version) ? [i] : []));
    if (candidates.length !== 1) return true;
    downOf[candidates[0]] = d;
    return false;
  });
  return { downOf, orphans };
}
