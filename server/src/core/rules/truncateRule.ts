// TRUNCATE of tables that existed before the script, with or without CASCADE: two rules,
// so that CASCADE (which empties tables the statement does not name) can be an error.
import { relationName } from '../sql/ast';
import type { Rule, RuleMeta } from './types';

export function truncateRule(meta: RuleMeta, cascade: boolean, message: (tables: string) => string): Rule {
  return {
    meta,
    create: () => ({
      statementKinds: ['TruncateStmt'],
      statement({ statement, direction, createdEarlier }, report) {
        if (direction !== 'up' || statement.kind !== 'TruncateStmt') return;
        if ((statement.node.behavior === 'DROP_CASCADE') !== cascade) return;
        const tables = (statement.node.relations ?? []).map((r: any) => relationName(r.RangeVar)).filter((t: string) => !createdEarlier(t));
        if (tables.length > 0) report({ span: statement.span, message: message(tables.join(', ')) });
      },
    }),
  };
}
