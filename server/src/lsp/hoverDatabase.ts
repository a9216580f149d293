// The hover's database part: what the last dry run observed beside the static prediction
// (and where they disagree), and how big the locked tables are on the connected environment.
import type { HeldLock } from '../core/db/dryRun';
import { describeSize, sizeOf, tableKey, type TableSizes } from '../core/db/tableSizes';
import type { LockInfo } from '../core/sql/locks';
import type { Traced } from './lastDryRuns';

export interface HoverDatabase {
  traced?: Traced;
  sizes?: { environment: string; sizes: TableSizes };
}

export function databaseHoverParts(predicted: LockInfo[], db: HoverDatabase): string[] {
  const parts: string[] = [];
  if (db.sizes) {
    const known = [...new Set(predicted.map((l) => l.relation))].flatMap((r) => {
      const size = r === '*' ? undefined : sizeOf(db.sizes!.sizes, r);
      return size ? [describeSize(r, size)] : [];
    });
    if (known.length) parts.push(`**On ${db.sizes.environment}**: ${known.join('; ')}.`);
  }
  if (db.traced) parts.push(...tracedParts(predicted, db.traced));
  return parts;
}

function tracedParts(predicted: LockInfo[], { environment, outcome }: Traced): string[] {
  const title = `**Last dry run on ${environment}**`;
  if (outcome.status === 'error') return [`${title}: failed: ${outcome.message}`];
  if (outcome.status !== 'ok') return [`${title}: not run (${outcome.reason}).`];
  const took = outcome.acquired.length ? outcome.acquired.map(lockText).join(', ') : 'no new table lock';
  const rewrite = outcome.rewritten.length ? `; rewrote ${outcome.rewritten.join(', ')}` : '';
  const parts = [`${title}: took ${took} in ${outcome.durationMs.toFixed(1)} ms${rewrite}.`];
  const disagreements = disagreement(predicted, outcome.locks, outcome.acquired.filter((a) => !outcome.created.includes(a.relation)));
  if (disagreements.length) parts.push(`⚠ **The dry run disagrees with the static analysis**: ${disagreements.join('; ')}.`);
  return parts;
}

/** Predicted locks the session did not hold, and locks it took that nothing predicted. */
function disagreement(predicted: LockInfo[], held: HeldLock[], acquired: HeldLock[]): string[] {
  const named = predicted.filter((l) => l.relation !== '*');
  const heldOn = (relation: string) => held.filter((h) => tableKey(h.relation) === tableKey(relation));
  const out: string[] = [];
  for (const p of named) {
    const modes = heldOn(p.relation).map((h) => h.mode);
    if (!modes.includes(p.mode)) out.push(`predicted ${p.mode} on ${p.relation}, the database held ${modes.join(', ') || 'none'}`);
  }
  for (const a of acquired) {
    if (!named.some((p) => tableKey(p.relation) === tableKey(a.relation))) out.push(`took ${lockText(a)}, which was not predicted`);
  }
  return out;
}

const lockText = (l: HeldLock) => `${l.mode} on ${l.relation}`;
