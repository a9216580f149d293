import type { Fix } from '../model';
import { rangeVarKey } from '../schema/catalog';
import { alterCommands, relationName } from '../sql/ast';
import { locksOf } from '../sql/locks';
import type { Statement } from '../sql/script';
import { commandSpans } from './alterCommandRule';
import { removeStatement } from './fixes/remove-statement';
import { lineBreakOf } from './fixes/text';
import type { MigrationUnit, Rule } from './types';

/** Subcommands PostgreSQL will not combine with others, or that are kept apart on purpose (VALIDATE runs under a weaker lock). */
const KEPT_APART = new Set(['AT_AttachPartition', 'AT_DetachPartition', 'AT_DetachPartitionFinalize', 'AT_ValidateConstraint']);

export const combineAlterTable: Rule = {
  meta: {
    id: 'combine-alter-table',
    category: 'locking',
    defaultSeverity: 'info',
    summary: 'Two ALTER TABLE statements that each scan or rewrite the same table read it twice where one combined statement reads it once.',
    fixable: true,
    equivalents: { eugene: 'W12' },
  },
  create: ({ pgVersion }) => ({
    statementKinds: ['AlterTableStmt'],
    statement(s, report) {
      const { statement, direction, createdEarlier } = s;
      if (direction !== 'up' || !readsWholeTable(statement, pgVersion) || createdEarlier(relationName(statement.node.relation))) return;
      const { unit } = s;
      const earlier = combinablePartner(unit, statement, pgVersion);
      if (!earlier) return;
      const table = relationName(statement.node.relation);
      const line = unit.up.script.text.slice(0, earlier.span.start).split('\n').length;
      const fix = mergeFix(unit, earlier, statement);
      report({
        span: statement.span,
        message: `This ALTER TABLE reads all of ${table} again, after the one on line ${line} did, each time under an ACCESS EXCLUSIVE lock; combine their commands into one statement (separated by commas) so PostgreSQL scans or rewrites ${table} once.`,
        fixes: fix ? [fix] : [],
      });
    },
  }),
};

/** An ALTER TABLE whose commands can be combined, at least one of which scans or rewrites its table. */
function readsWholeTable(s: Statement, pgVersion: number): boolean {
  if (s.kind !== 'AlterTableStmt' || s.node.objtype !== 'OBJECT_TABLE') return false;
  if (alterCommands(s.node).some((c) => KEPT_APART.has(c.subtype))) return false;
  const table = relationName(s.node.relation);
  return locksOf(s, pgVersion).some((l) => l.relation === table && (l.effect === 'scan' || l.effect === 'rewrite'));
}

/**
 * The closest earlier statement of the script that also reads the whole table, when every
 * statement between them leaves the table alone (a backfill in between means the two cannot be merged).
 */
function combinablePartner(unit: MigrationUnit, statement: Statement, pgVersion: number): Statement | undefined {
  const key = rangeVarKey(statement.node.relation);
  const name = relationName(statement.node.relation);
  for (let i = statement.index - 1; i >= 0; i--) {
    const s = unit.up.statements[i];
    if (s.kind === 'AlterTableStmt' && rangeVarKey(s.node.relation) === key) return readsWholeTable(s, pgVersion) ? s : undefined;
    if (locksOf(s, pgVersion).some((l) => l.relation === name || l.relation === '*')) return undefined;
  }
  return undefined;
}

/** Moves the earlier statement's commands to the front of the later one's, keeping the later one's place (after any SET lock_timeout). */
function mergeFix(unit: MigrationUnit, earlier: Statement, later: Statement): Fix | undefined {
  const from = commandSpans(earlier, alterCommands(earlier.node).length);
  const to = commandSpans(later, alterCommands(later.node).length);
  if (from.length === 0 || to.length === 0) return undefined;
  const { path, text } = unit.up.script;
  const commands = text.slice(from[0].start, from[from.length - 1].end);
  return {
    title: 'Combine the two ALTER TABLE statements into one',
    edits: [removeStatement(path, text, earlier), { path, span: { start: to[0].start, end: to[0].start }, newText: `${commands},${lineBreakOf(text)}  ` }],
  };
}
