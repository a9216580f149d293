// Whether ALTER COLUMN … TYPE rewrites the table, as ATColumnChangeRequiresRewrite in
// tablecmds.c decides it: no rewrite when the old values are valid bits of the new type
// (binary-coercible types, and length or precision limits that only grow, which the
// types' planner support functions turn into no-ops).
import type { ColumnType } from './catalog';

export type TypeChange =
  | { kind: 'none' }
  /** timestamp ↔ timestamptz: no rewrite from PostgreSQL 12, but only when the session TimeZone is UTC. */
  | { kind: 'unless-utc' }
  | { kind: 'rewrite' };

/** Types whose values are stored the same way, so PostgreSQL only relabels them. */
const BINARY_COERCIBLE: Record<string, string[]> = {
  varchar: ['text'],
  text: ['varchar'],
  cidr: ['inet'],
};

/** Types whose typmod is a limit that can grow without touching stored values. */
const GROWABLE: Record<string, (from: number[], to: number[]) => boolean> = {
  varchar: (from, to) => from.length > 0 && to[0] >= from[0],
  varbit: (from, to) => from.length > 0 && to[0] >= from[0],
  // Precision may grow; the scale must stay, or every value would be re-rounded.
  numeric: (from, to) => from.length > 0 && to[0] >= from[0] && (to[1] ?? 0) === (from[1] ?? 0),
  timestamp: (from, to) => from.length > 0 && to[0] >= from[0],
  timestamptz: (from, to) => from.length > 0 && to[0] >= from[0],
  time: (from, to) => from.length > 0 && to[0] >= from[0],
  timetz: (from, to) => from.length > 0 && to[0] >= from[0],
  interval: (from, to) => from.length > 0 && to[0] >= from[0],
};

export function typeChange(from: ColumnType, to: ColumnType, pgVersion: number): TypeChange {
  if (from.arrayDims !== to.arrayDims) return { kind: 'rewrite' };
  // Arrays are converted element by element; only an unchanged element type is free.
  if (from.arrayDims > 0) return sameType(from, to) ? { kind: 'none' } : { kind: 'rewrite' };
  if (from.name === to.name) {
    if (sameType(from, to) || to.typmods.length === 0) return { kind: 'none' };
    return GROWABLE[from.name]?.(from.typmods, to.typmods) ? { kind: 'none' } : { kind: 'rewrite' };
  }
  // Relabelled to a type without a limit, or with one the old values cannot exceed.
  if (BINARY_COERCIBLE[from.name]?.includes(to.name)) {
    if (to.typmods.length === 0) return { kind: 'none' };
    return GROWABLE[to.name]?.(from.typmods, to.typmods) ? { kind: 'none' } : { kind: 'rewrite' };
  }
  const timestamps = new Set([from.name, to.name]);
  if (timestamps.has('timestamp') && timestamps.has('timestamptz') && timestamps.size === 2 && pgVersion >= 12) {
    return { kind: 'unless-utc' };
  }
  return { kind: 'rewrite' };
}

function sameType(a: ColumnType, b: ColumnType): boolean {
  return a.name === b.name && a.typmods.join(',') === b.typmods.join(',');
}
