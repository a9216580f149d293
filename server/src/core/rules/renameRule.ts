// Renames of a table or a column: the application's running instances still use the old
// name until they are replaced, so both rules share one shape.
import { relationName } from '../sql/ast';
import type { Rule, RuleMeta } from './types';

export function renameRule(meta: RuleMeta, renameType: string, message: (node: any, table: string) => string): Rule {
  return {
    meta,
    create: () => ({
      statementKinds: ['RenameStmt'],
      statement({ statement, direction, createdEarlier }, report) {
        if (direction !== 'up' || statement.kind !== 'RenameStmt' || statement.node.renameType !== renameType) return;
        const table = relationName(statement.node.relation);
        if (!createdEarlier(table)) report({ span: statement.span, message: message(statement.node, table) });
      },
    }),
  };
}
