import type { Rule } from './types';

export const banDropDatabase: Rule = {
  meta: {
    id: 'ban-drop-database',
    category: 'destructive',
    defaultSeverity: 'error',
    summary: 'DROP DATABASE in a migration destroys a whole database, every table and its data.',
    fixable: false,
    equivalents: {
      squawk: 'ban-drop-database',
      'postgres-language-server': 'banDropDatabase',
      pgfence: 'drop-database',
    },
  },
  create: () => ({
    statementKinds: ['DropdbStmt'],
    statement({ statement, direction }, report) {
      if (direction !== 'up' || statement.kind !== 'DropdbStmt') return;
      report({
        span: statement.span,
        message: `Dropping database ${statement.node.dbname} destroys every table in it and all their data; databases are created and dropped by provisioning, not by migrations.`,
      });
    },
  }),
};
