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
    statementKinds: Object.keys(VERB),
    statement({ statement, createdEarlier }, report) {
      const verb = VERB[statement.kind];
      const where = statement.node?.whereClause;
      // A WHERE that is never true (`NULL IS NOT NULL`, `1 = 0`) touches nothing.
      if (!verb || !where || !unselective(where) || constantValue(where) === false || constantValue(where) === null) return;
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
  return Boolean(expr.NullTest || expr.BooleanTest || expr.A_Const) || constantValue(expr) !== undefined;
}

/** Comparisons a tautology is written with (`1 = 1`, `'a' <> 'b'`). */
const COMPARE: Record<string, (a: unknown, b: unknown) => boolean> = { '=': (a, b) => a === b, '<>': (a, b) => a !== b, '!=': (a, b) => a !== b };

/**
 * The value of an expression made only of constants: a boolean, a number or string, or
 * null for SQL's NULL (and for unknown); undefined when it reads a column or calls anything.
 */
function constantValue(expr: any): unknown {
  const c = expr?.A_Const;
  if (c) {
    // libpg-query leaves out false and zero values: `FALSE` is `boolval: {}`, `0` is `ival: {}`.
    if (c.isnull) return null;
    if (c.boolval) return Boolean(c.boolval.boolval);
    if (c.ival) return c.ival.ival ?? 0;
    return c.fval?.fval ?? c.sval?.sval ?? c.bsval?.bsval;
  }
  if (expr?.NullTest) {
    const v = constantValue(expr.NullTest.arg);
    return v === undefined ? undefined : (v === null) === (expr.NullTest.nulltesttype === 'IS_NULL');
  }
  if (expr?.BoolExpr?.boolop === 'NOT_EXPR') {
    const v = constantValue(expr.BoolExpr.args?.[0]);
    return typeof v === 'boolean' ? !v : v === null ? null : undefined;
  }
  const op = expr?.A_Expr;
  const compare = op?.kind === 'AEXPR_OP' ? COMPARE[op.name?.[0]?.String?.sval] : undefined;
  if (!compare) return undefined;
  const [a, b] = [constantValue(op.lexpr), constantValue(op.rexpr)];
  if (a === undefined || b === undefined) return undefined;
  return a === null || b === null ? null : compare(a, b);
}
