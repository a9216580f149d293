import type { Span } from '../model';
import { alterCommands, relationName } from '../sql/ast';
import { findKeyword, tokenize, topLevelParts } from './fixes/tokens';
import type { Rule } from './types';

export const banDropColumn: Rule = {
  meta: {
    id: 'ban-drop-column',
    category: 'destructive',
    defaultSeverity: 'warning',
    summary: 'DROP COLUMN destroys data and breaks running application code that still reads or writes the column.',
    fixable: false,
    equivalents: {
      squawk: 'ban-drop-column',
      strong_migrations: 'remove_column',
      pgfence: 'drop-column',
      'postgres-language-server': 'banDropColumn',
    },
  },
  create: () => ({
    statement({ statement, direction, createdEarlier }, report) {
      if (direction !== 'up' || statement.kind !== 'AlterTableStmt') return;
      const table = relationName(statement.node.relation);
      if (createdEarlier(table)) return;
      const cmds = alterCommands(statement.node);
      if (!cmds.some((c) => c.subtype === 'AT_DropColumn')) return;
      const parts = topLevelParts(tokenize(statement.text));
      cmds.forEach((cmd, i) => {
        if (cmd.subtype !== 'AT_DropColumn') return;
        // Point at `DROP … column` when commands and comma-separated parts line up, else at the statement.
        const drop = parts.length === cmds.length ? findKeyword(parts[i], 'DROP') : undefined;
        const last = parts[i]?.[parts[i].length - 1];
        const span: Span =
          drop && last ? { start: statement.span.start + drop.start, end: statement.span.start + last.end } : statement.span;
        report({
          span,
          message: `Dropping column ${cmd.name} of ${table} deletes its data and breaks application code that still uses it; stop using the column in the code first, deploy, and drop it in a later migration.`,
        });
      });
    },
  }),
};
