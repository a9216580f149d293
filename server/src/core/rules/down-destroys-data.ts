import { contains, describeObject, effectsOf, sameObject, type DbObject, type Effects } from '../sql/objects';
import type { Statement } from '../sql/script';
import type { MigrationUnit, Rule } from './types';

/** Statements whose effect cannot be read: with one in the up, what the up created is not known. */
const OPAQUE = new Set(['DoStmt', 'Unanalysed', 'Invalid']);

const holdsData = (o: DbObject) => o.kind === 'table' || o.kind === 'column';
const isOrHolds = (a: DbObject, b: DbObject) => sameObject(a, b) || contains(a, b);

interface Knowledge {
  /** Everything the up created at some point, renames aside: dropping it is its undo, even when the up dropped an older one first. */
  createdByUp: DbObject[];
  /** The old names of what the up renamed. */
  renamedByUp: DbObject[];
  /** What each down statement does, by index. */
  down: Effects[];
}

function knowledgeOf(unit: MigrationUnit): Knowledge | undefined {
  const up = unit.up.statements;
  if (up.some((s: Statement) => OPAQUE.has(s.kind))) return undefined;
  const effects = up.map(effectsOf);
  return {
    createdByUp: effects.flatMap((e) => e.created.filter((c) => !c.byRename)),
    renamedByUp: effects.flatMap((e) => e.removed.filter((r) => r.renamedTo !== undefined)),
    down: (unit.down?.statements ?? []).map(effectsOf),
  };
}

/** Why dropping `o` at down statement `index` loses data; undefined when it does not. */
function loss(o: DbObject, index: number, k: Knowledge): string | undefined {
  if (k.createdByUp.some((c) => isOrHolds(c, o))) return undefined;
  // Made earlier in the down, or rebuilt: a copy renamed into its place later in the down.
  if (k.down.slice(0, index).some((e) => e.created.some((c) => isOrHolds(c, o)))) return undefined;
  if (k.down.slice(index + 1).some((e) => e.created.some((c) => c.byRename && sameObject(c, o)))) return undefined;
  const renamed = k.renamedByUp.find((r) => r.kind === o.kind && r.renamedTo === o.name && (r.table === undefined || r.table === o.table));
  return renamed
    ? `it holds the data of ${describeObject(renamed)}, which the up renamed: rename it back instead`
    : 'the up did not create it, so it holds data production wrote before and since: restore what the up changed without dropping it, or make the migration forward-only';
}

export const downDestroysData: Rule = {
  meta: {
    id: 'down-destroys-data',
    category: 'downgrade',
    defaultSeverity: 'warning',
    summary: 'The down drops a table or column the up did not create, so rolling back loses the data production wrote to it.',
    fixable: false,
    equivalents: {},
  },
  create: () => {
    const known = new WeakMap<MigrationUnit, Knowledge | undefined>();
    const knowledge = (unit: MigrationUnit) => (known.has(unit) ? known.get(unit) : known.set(unit, knowledgeOf(unit)).get(unit));
    return {
      statement({ statement, unit, direction }, report) {
        if (direction !== 'down') return;
        const dropped = effectsOf(statement).removed.filter((o) => holdsData(o) && !o.byRename);
        const k = dropped.length > 0 ? knowledge(unit) : undefined;
        if (!k) return;
        for (const o of dropped) {
          const why = loss(o, statement.index, k);
          if (why) report({ span: statement.span, message: `Rolling back drops ${describeObject(o)} and every value in it: ${why}.` });
        }
      },
    };
  },
};
