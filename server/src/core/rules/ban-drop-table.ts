import { droppedNames } from '../sql/ast';
import type { Rule } from './types';

export const banDropTable: Rule = {
  meta: {
    id: 'ban-drop-table',
    category: 'destructive',
    defaultSeverity: 'warning',
    summary: 'DROP TABLE destroys data and breaks every running instance of the application that still reads the table.',
    fixable: false,
    equivalents: {
      squawk: 'ban-drop-table',
      pgfence: 'drop-table',
      'postgres-language-server': 'banDropTable',
    },
  },
  create: () => ({
    statementKinds: ['DropStmt'],
    statement({ statement, direction, createdEarlier }, report) {
      if (direction !== 'up' || statement.kind !== 'DropStmt' || statement.node.removeType !== 'OBJECT_TABLE') return;
      const existing = droppedNames(statement.node)
        .map((parts) => parts.join('.'))
        .filter((name) => !createdEarlier(name));
      if (existing.length === 0) return;
      report({
        span: statement.span,
        message: `Dropping ${existing.join(', ')} deletes its data for good; stop the application using it first and drop it in a later release.`,
      });
    },
  }),
};
