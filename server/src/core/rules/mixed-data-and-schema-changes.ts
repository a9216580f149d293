import { relationName } from '../sql/ast';
import { locksOf } from '../sql/locks';
import type { Statement } from '../sql/script';
import type { MigrationUnit, Rule, StatementUnit } from './types';

const DATA_CHANGES = new Set(['InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt', 'CopyStmt']);

interface Seen {
  data?: Statement;
  schema?: Statement;
}

export const mixedDataAndSchemaChanges: Rule = {
  meta: {
    id: 'mixed-data-and-schema-changes',
    category: 'data',
    defaultSeverity: 'warning',
    summary: 'A migration that changes existing data and the schema of existing tables, so both succeed or fail and hold locks together.',
    fixable: false,
    equivalents: {},
  },
  create: ({ pgVersion }) => {
    // Statements of one script arrive in order, so the first of each kind is enough.
    const seen = new Map<MigrationUnit, Seen>();
    return {
      statement(s, report) {
        if (s.direction !== 'up') return;
        const state = seen.get(s.unit) ?? {};
        seen.set(s.unit, state);
        // Reported already: the rest of the script has nothing to add.
        if (state.data && state.schema) return;
        const kind = changesData(s) ? 'data' : changesSchema(s, pgVersion) ? 'schema' : undefined;
        if (!kind || state[kind]) return;
        state[kind] = s.statement;
        if (!state.data || !state.schema) return;
        // On the second of the two, where an ignore directive for this pair would sit.
        report({
          span: s.statement.span,
          message: `This migration changes existing rows (line ${lineOf(s.unit, state.data)}) and the schema of an existing table (line ${lineOf(s.unit, state.schema)}): their row and table locks are held together, a failure undoes or strands both, and they cannot be deployed or rolled back apart; put the data change in a migration of its own.`,
        });
      },
    };
  },
};

function changesData({ statement, createdEarlier }: StatementUnit): boolean {
  // RunPython (Django), or rows changed through an ORM session in an Alembic revision.
  if (statement.rendered?.dataChange || statement.rendered?.orm === 'data') return true;
  if (!DATA_CHANGES.has(statement.kind)) return false;
  if (statement.kind === 'CopyStmt' && !statement.node.is_from) return false;
  if (addsLiteralRows(statement)) return false;
  return !createdEarlier(relationName(statement.node.relation));
}

/**
 * `INSERT … VALUES` that leaves existing rows alone (no ON CONFLICT DO UPDATE): seeding a
 * row, as chatbot-ui's `INSERT INTO storage.buckets … VALUES (…)` next to its new tables,
 * locks only the rows it adds.
 */
function addsLiteralRows(statement: Statement): boolean {
  const n = statement.node;
  return statement.kind === 'InsertStmt' && Boolean(n.selectStmt?.SelectStmt?.valuesLists) && n.onConflictClause?.action !== 'ONCONFLICT_UPDATE';
}

/** A statement that blocks writes to a table the script did not create. */
function changesSchema({ statement, createdEarlier }: StatementUnit, pgVersion: number): boolean {
  if (DATA_CHANGES.has(statement.kind)) return false;
  return locksOf(statement, pgVersion).some((l) => l.blocksWrites && l.relation !== '*' && !createdEarlier(l.relation));
}

function lineOf(unit: MigrationUnit, statement: Statement): number {
  return unit.up.script.text.slice(0, statement.span.start).split('\n').length;
}
