// Drift: what the database has that replaying its applied migrations does not give, and the
// reverse. The migrations are replayed on the embedded server (real PostgreSQL, so types,
// defaults, index and constraint definitions are spelled exactly as the database spells them)
// and both catalogs are read with the same queries.
import type { MigrationUnit } from '../rules/types';
import { appliedIds, BOOKKEEPING_TABLES, readAppliedState } from './appliedState';
import { connect, type Connection } from './connection';
import { startEmbedded } from './embedded';
import { replay, type ReplayFailure } from './replay';
import { readSchema, type ObjectKind, type SchemaSnapshot } from './schemaSnapshot';

export interface Difference {
  kind: ObjectKind;
  name: string;
  /** `missing`: the migrations make it, the database lacks it; `extra`: the reverse; `changed`: both, defined differently. */
  change: 'missing' | 'extra' | 'changed';
  /** As the migrations define it. */
  expected?: string;
  /** As the database has it. */
  actual?: string;
}

export interface DriftResult {
  differences: Difference[];
  /** How many migrations were replayed: those the database records as applied (all when it records none). */
  replayed: number;
  replayFailure?: ReplayFailure;
}

/** Compares the database with the folder's migrations it has applied. */
export async function drift(database: Connection, units: MigrationUnit[]): Promise<DriftResult> {
  const records = await readAppliedState(database.client);
  const applied = appliedIds(units.map((u) => u.migration), records);
  const replayed = applied.size ? units.filter((u) => applied.has(u.migration.id)) : units;
  const actual = await readSchema(database.client, BOOKKEEPING_TABLES);
  const server = await startEmbedded();
  try {
    const embedded = await connect({ url: server.url });
    try {
      const replayFailure = await replay(embedded.client, replayed);
      if (replayFailure) return { differences: [], replayed: replayed.length, replayFailure };
      return { differences: diffSchemas(await readSchema(embedded.client, BOOKKEEPING_TABLES), actual), replayed: replayed.length };
    } finally {
      await embedded.client.end().catch(() => undefined);
    }
  } finally {
    await server.stop();
  }
}

const KINDS: ObjectKind[] = ['table', 'column', 'index', 'constraint'];

/** The differences, a missing or extra table standing for its columns, indexes and constraints. */
export function diffSchemas(expected: SchemaSnapshot, actual: SchemaSnapshot): Difference[] {
  const out: Difference[] = [];
  const wholeTable = (side: SchemaSnapshot, other: SchemaSnapshot, name: string) => [...side.table.keys()].some((t) => !other.table.has(t) && name.startsWith(`${t}.`));
  for (const kind of KINDS) {
    for (const [name, def] of expected[kind]) {
      const found = actual[kind].get(name);
      if (found === undefined) {
        if (kind === 'table' || !wholeTable(expected, actual, name)) out.push({ kind, name, change: 'missing', expected: def });
      } else if (found !== def) out.push({ kind, name, change: 'changed', expected: def, actual: found });
    }
    for (const [name, def] of actual[kind]) {
      if (!expected[kind].has(name) && (kind === 'table' || !wholeTable(actual, expected, name))) out.push({ kind, name, change: 'extra', actual: def });
    }
  }
  return out;
}

/** One line for a person: `column orders.note: text in the migrations, varchar(20) in the database`. */
export function describeDifference(d: Difference): string {
  const what = `${d.kind} ${d.name}`;
  if (d.change === 'missing') return `${what} is missing from the database${d.expected ? ` (migrations: ${d.expected})` : ''}`;
  if (d.change === 'extra') return `${what} is in the database only${d.actual ? ` (${d.actual})` : ''}`;
  return `${what}: ${d.expected} in the migrations, ${d.actual} in the database`;
}
