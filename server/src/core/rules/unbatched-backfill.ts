import { relationName } from '../sql/ast';
import type { Rule } from './types';

const VERB: Record<string, string> = { UpdateStmt: 'UPDATE', DeleteStmt: 'DELETE' };

export const unbatchedBackfill: Rule = {
  meta: {
    id: 'unbatched-backfill',
    category: 'data',
    defaultSeverity: 'warning',
    summary: 'An UPDATE or DELETE whose WHERE only tests NULLs or constants touches most of the table in one transaction.',
    fixable: false,
    equivalents: {},
  },
  create: () => ({
    statement({ statement, createdEarlier }, report) {
      const verb = VERB[statement.kind];
      const where = statement.node?.whereClause;
      if (!verb || !where || !unselective(where)) return;
      const table = relationName(statement.node.relation);
      if (createdEarlier(table)) return;
      report({
        span: statement.span,
        message: `This ${verb}'s WHERE clause only tests NULLs or constants, so it reaches most rows of ${table} in one transaction, holding their row locks and bloating the table until it commits; backfill in batches of a few thousand rows by key, each in its own transaction.`,
      });
    },
  }),
};

/**
 * Whether a condition can only narrow rows by NULL-ness or truth values (`col IS NULL`,
 * `flag IS NOT TRUE`, `true`), which on a backfill is usually most of the table. Any
 * comparison with a value makes it selective enough to trust.
 */
function unselective(expr: any): boolean {
  if (expr.BoolExpr) return (expr.BoolExpr.args ?? []).every(unselective);
  return Boolean(expr.NullTest || expr.BooleanTest || expr.A_Const);
}
