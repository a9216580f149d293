import { nonTransactionalEdits, nonTransactionalSetting, whyInTransaction } from './fixes/non-transactional';
import type { Rule } from './types';

export const banAlterEnumAddValueInTransaction: Rule = {
  meta: {
    id: 'ban-alter-enum-add-value-in-transaction',
    category: 'transactions',
    defaultSeverity: 'error',
    summary: 'ALTER TYPE … ADD VALUE inside a transaction block, which PostgreSQL before 12 refuses to run.',
    pgVersions: { max: 11 },
    fixable: true,
    equivalents: {},
  },
  create: () => ({
    statementKinds: ['AlterEnumStmt'],
    statement({ statement, direction, inTransaction, unit }, report) {
      // oldVal is set for RENAME VALUE, which transactions do not bother.
      if (statement.kind !== 'AlterEnumStmt' || statement.node.oldVal || !inTransaction) return;
      const { migration } = unit;
      const count = unit[direction]!.statements.length;
      const outside = direction === 'up' ? nonTransactionalEdits(migration, count) : undefined;
      report({
        span: statement.span,
        message: whyInTransaction(migration, direction, 'ALTER TYPE … ADD VALUE (before PostgreSQL 12)', count),
        fixes: outside?.length ? [{ title: `Run the migration outside a transaction (${nonTransactionalSetting(migration)})`, edits: outside }] : [],
      });
    },
  }),
};
