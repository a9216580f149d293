import { describeObject, netEffects, ObjectIndex, type DbObject } from '../sql/objects';
import type { MigrationUnit, Rule } from './types';

/** Down statements whose effect cannot be read (DO blocks, code that is not translated, SQL that does not parse). */
const OPAQUE = new Set(['DoStmt', 'Unanalysed', 'Invalid']);

/** How many objects a list names before it counts the rest. */
const LISTED = 4;

function list(objects: DbObject[], show: (o: DbObject) => string = describeObject): string {
  const named = objects.slice(0, LISTED).map(show).join(', ');
  return objects.length > LISTED ? `${named} and ${objects.length - LISTED} more` : named;
}

/** What rolling back leaves different from before the up, each completing "rolling it back …"; empty when nothing. */
function leftovers({ up, down }: MigrationUnit): string[] {
  if (!down || down.skipped || down.statements.some((s) => OPAQUE.has(s.kind))) return [];
  const made = netEffects(up.statements);
  const undone = netEffects(down.statements);
  const removedAgain = new ObjectIndex(undone.removed);
  const created = made.created.filter((c) => !c.byRename && !removedAgain.covers(c));
  // A relation left behind is named once, not with each of its columns and indexes.
  const leftBehind = new ObjectIndex(created);
  const createdShown = created.filter((c) => !leftBehind.hasContainerOf(c));
  const restored = new ObjectIndex(undone.created);
  const notRestored = made.removed.filter((r) => !restored.covers(r));
  const dropped = notRestored.filter((r) => r.renamedTo === undefined);
  const renamed = notRestored.filter((r) => r.renamedTo !== undefined);
  const lost = dropped.filter((r) => r.kind === 'table' || r.kind === 'column');
  const out: string[] = [];
  if (createdShown.length) out.push(`leaves in place what the up created (${list(createdShown)})`);
  if (dropped.length) {
    const loss = lost.length ? `: the data of ${list(lost, (o) => `${o.kind === 'column' ? o.table + '.' : ''}${o.name}`)} is lost by the up already, whatever the down does` : '';
    out.push(`does not restore what the up dropped (${list(dropped)}${loss})`);
  }
  if (renamed.length) out.push(`does not rename back ${list(renamed, (o) => `${describeObject(o)} (now ${o.renamedTo})`)}`);
  return out;
}

export const downDoesNotUndoUp: Rule = {
  meta: {
    id: 'down-does-not-undo-up',
    category: 'downgrade',
    defaultSeverity: 'warning',
    summary: 'The down leaves behind a table, index, column, constraint, type or view the up created, or does not restore one the up dropped or renamed.',
    fixable: false,
    equivalents: {},
  },
  create: () => ({
    // Reported on the down's first statement, where an ignore comment can silence it.
    statement({ statement, unit, direction }, report) {
      if (direction !== 'down' || statement.index !== 0) return;
      const found = leftovers(unit);
      if (found.length === 0) return;
      report({
        span: statement.span,
        message: `This down does not undo its up: rolling it back ${found.join('; it ')}. Add the statements that undo them, so that running the up again after a rollback works.`,
      });
    },
  }),
};
