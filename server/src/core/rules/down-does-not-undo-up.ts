import type { Catalog } from '../schema/catalog';
import type { SchemaPoint } from '../schema/history';
import { remembered } from '../remember';
import { replay } from '../schema/replay';
import { alterCommands, relationName } from '../sql/ast';
import { describeObject, netEffects, ObjectIndex, type DbObject, type Effects } from '../sql/objects';
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
function leftovers(unit: MigrationUnit, schemaBefore: (at: SchemaPoint) => Catalog): string[] {
  const { up, down } = unit;
  if (!down || down.skipped || down.statements.some((s) => OPAQUE.has(s.kind))) return [];
  const out = [...objectLeftovers(netEffects(up.statements), netEffects(down.statements))];
  const defaults = defaultsNotRestored(unit, schemaBefore);
  if (defaults.length) out.push(`does not restore the default of ${defaults.slice(0, LISTED).join(', ')}${defaults.length > LISTED ? ` and ${defaults.length - LISTED} more` : ''}`);
  return out;
}

// netEffects hands back the same objects while the scripts' effects stay the same, as they
// do while one types inside a statement: the comparison of thousands of objects is kept too.
const compared = new WeakMap<Effects, WeakMap<Effects, string[]>>();

/** What the down leaves of the objects the up created, dropped or renamed. */
function objectLeftovers(made: Effects, undone: Effects): string[] {
  return remembered(remembered(compared, made, () => new WeakMap()), undone, () => compareObjects(made, undone));
}

function compareObjects(made: Effects, undone: Effects): string[] {
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

/** Whitespace-insensitive, so that a down may lay the expression out its own way. */
const sameExpression = (a: string | undefined, b: string | undefined) => a?.replace(/\s+/g, ' ').trim() === b?.replace(/\s+/g, ' ').trim();

/**
 * Columns of tables that existed before the up whose default the up set or dropped and
 * the down leaves different, each as `table.column (was …)`. Defaults the model could not
 * read back are not judged.
 */
function defaultsNotRestored(unit: MigrationUnit, schemaBefore: (at: SchemaPoint) => Catalog): string[] {
  // A loop, not flatMap: it runs over every statement of the up on each check.
  const changed: { relation: any; column: string }[] = [];
  for (const s of unit.up.statements) {
    if (s.kind !== 'AlterTableStmt' || s.node.objtype !== 'OBJECT_TABLE') continue;
    for (const c of alterCommands(s.node)) if (c.subtype === 'AT_ColumnDefault') changed.push({ relation: s.node.relation, column: String(c.name) });
  }
  if (changed.length === 0) return [];
  const before = schemaBefore({ unit });
  const afterDown = replay(schemaBefore({ unit, direction: 'down' }), unit.down!.statements, unit.migration.path);
  const seen = new Set<string>();
  return changed.flatMap(({ relation, column }) => {
    const name = `${relationName(relation)}.${column}`;
    if (seen.has(name)) return [];
    seen.add(name);
    const was = before.column(relation, column)?.default;
    const after = afterDown.column(relation, column);
    if (!before.column(relation, column) || !after) return [];
    if ((was && !was.expression) || (after.default && !after.default.expression)) return [];
    if (sameExpression(was?.expression, after.default?.expression)) return [];
    return [`${name} (was ${was ? was.expression : 'none'})`];
  });
}

export const downDoesNotUndoUp: Rule = {
  meta: {
    id: 'down-does-not-undo-up',
    category: 'downgrade',
    defaultSeverity: 'warning',
    summary: 'The down leaves behind a table, index, column, constraint, type or view the up created, or does not restore one the up dropped or renamed, or a column default the up changed.',
    fixable: false,
    equivalents: {},
  },
  create: ({ schemaBefore }) => ({
    // Reported on the down's first statement, where an ignore comment can silence it.
    statement({ statement, unit, direction }, report) {
      if (direction !== 'down' || statement.index !== 0) return;
      const found = leftovers(unit, schemaBefore);
      if (found.length === 0) return;
      report({
        span: statement.span,
        message: `This down does not undo its up: rolling it back ${found.join('; it ')}. Add the statements that undo them, so that running the up again after a rollback works.`,
      });
    },
  }),
};
