import { alterCommands, relationName } from '../sql/ast';
import { concurrentlyFix } from './fixes/concurrently';
import type { Token } from './fixes/tokens';
import type { Rule } from './types';

export const requireConcurrentDetachPartition: Rule = {
  meta: {
    id: 'require-concurrent-detach-partition',
    category: 'locking',
    defaultSeverity: 'warning',
    summary: 'DETACH PARTITION without CONCURRENTLY takes ACCESS EXCLUSIVE locks that block every query on the partitioned table.',
    pgVersions: { min: 14 },
    fixable: true,
    equivalents: {},
  },
  create: () => ({
    statementKinds: ['AlterTableStmt'],
    statement(s, report) {
      // The migration is read only to fix what is reported, so that clean statements' visits are kept.
      const { statement, direction, createdEarlier } = s;
      if (direction !== 'up' || statement.kind !== 'AlterTableStmt') return;
      const parent = relationName(statement.node.relation);
      const detach = alterCommands(statement.node).find((c) => c.subtype === 'AT_DetachPartition' && !c.def?.PartitionCmd?.concurrent);
      if (!detach || createdEarlier(parent)) return;
      const partition = relationName(detach.def.PartitionCmd.name);
      // The grammar allows DETACH PARTITION only as an ALTER TABLE's one command, so the partition's name ends the statement.
      const last = (tokens: Token[]) => tokens[tokens.length - 1];
      const fix = concurrentlyFix(statement, s.unit.migration, s.unit.up.statements.length, 'Detach the partition concurrently', last, false);
      report({
        span: statement.span,
        message: `Detaching ${partition} takes ACCESS EXCLUSIVE locks on ${parent} and ${partition}, which block every read and write of the partitioned table while they wait and hold; use DETACH PARTITION … CONCURRENTLY, outside a transaction.`,
        fixes: fix ? [fix] : [],
      });
    },
  }),
};
