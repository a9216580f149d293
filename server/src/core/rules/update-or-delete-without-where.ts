import { relationName } from '../sql/ast';
import type { Rule } from './types';

const VERB: Record<string, string> = { UpdateStmt: 'UPDATE', DeleteStmt: 'DELETE' };

export const updateOrDeleteWithoutWhere: Rule = {
  meta: {
    id: 'update-or-delete-without-where',
    category: 'data',
    defaultSeverity: 'warning',
    summary: 'UPDATE or DELETE with no WHERE clause changes every row of the table in one transaction.',
    fixable: false,
    equivalents: {
      pgfence: 'delete-without-where',
      'postgres-language-server': 'banUpdateWithoutWhere, banDeleteWithoutWhere',
    },
  },
  create: () => ({
    statementKinds: Object.keys(VERB),
    statement({ statement, createdEarlier }, report) {
      const verb = VERB[statement.kind];
      if (!verb || statement.node.whereClause) return;
      const table = relationName(statement.node.relation);
      if (createdEarlier(table)) return;
      const effect = verb === 'UPDATE' ? 'rewrites every row' : 'deletes every row';
      report({
        span: statement.span,
        message: `This ${verb} has no WHERE clause, so it ${effect} of ${table} and holds their row locks until the migration commits; add a WHERE clause, or backfill in batches outside the migration.`,
      });
    },
  }),
};
