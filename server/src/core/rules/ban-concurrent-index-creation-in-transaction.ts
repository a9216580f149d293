import { alterCommands, hasOption, mustRunOutsideTransaction } from '../sql/ast';
import type { Statement } from '../sql/script';
import { nonTransactionalEdits, nonTransactionalSetting, whyInTransaction } from './fixes/non-transactional';
import { isGenerated } from './fixes/gate';
import type { Rule } from './types';

export const banConcurrentIndexCreationInTransaction: Rule = {
  meta: {
    id: 'ban-concurrent-index-creation-in-transaction',
    category: 'transactions',
    defaultSeverity: 'error',
    summary: 'CREATE, DROP or REINDEX … CONCURRENTLY, or DETACH PARTITION … CONCURRENTLY, inside a transaction block, where PostgreSQL refuses to run it.',
    fixable: true,
    equivalents: {
      squawk: 'ban-concurrent-index-creation-in-transaction',
      pgfence: 'concurrent-in-transaction',
      'postgres-language-server': 'banConcurrentIndexCreationInTransaction',
    },
  },
  create: () => ({
    statementKinds: ['IndexStmt', 'DropStmt', 'ReindexStmt', 'AlterTableStmt'],
    statement(s, report) {
      const { statement, direction, inTransaction } = s;
      const what = concurrentIndexCommand(statement);
      if (!what || !inTransaction) return;
      const { unit } = s;
      // Flyway runs a script bare on its own only when it recognises the statement; DETACH it does not, so it wraps it.
      const migration =
        unit.migration.transaction === 'auto' && !mustRunOutsideTransaction(statement) ? { ...unit.migration, transaction: 'wrapped' as const } : unit.migration;
      const script = unit[direction]!;
      // The switches edited here are the up script's; a down one is left to the message.
      const outside = direction === 'up' ? nonTransactionalEdits(migration, script.statements.length) : undefined;
      report({
        span: statement.span,
        message: whyInTransaction(migration, direction, what, script.statements.length),
        fixes: outside?.length
          ? [{ title: `Run the migration outside a transaction (${nonTransactionalSetting(migration)})`, edits: outside, ...(isGenerated(statement) ? { editsCode: true as const } : {}) }]
          : [],
      });
    },
  }),
};

/** `CREATE INDEX CONCURRENTLY` and the like when the statement is one, else undefined. */
function concurrentIndexCommand(s: Statement): string | undefined {
  if (s.kind === 'IndexStmt' && s.node.concurrent) return 'CREATE INDEX CONCURRENTLY';
  if (s.kind === 'DropStmt' && s.node.removeType === 'OBJECT_INDEX' && s.node.concurrent) return 'DROP INDEX CONCURRENTLY';
  if (s.kind === 'ReindexStmt' && hasOption(s.node.params, 'concurrently')) return 'REINDEX CONCURRENTLY';
  if (s.kind === 'AlterTableStmt' && alterCommands(s.node).some((c) => c.subtype === 'AT_DetachPartition' && c.def?.PartitionCmd?.concurrent)) {
    return 'DETACH PARTITION … CONCURRENTLY';
  }
  return undefined;
}
