import { schemasCreatedBefore } from '../sql/objects';
import type { Rule } from './types';

export const renamingSchema: Rule = {
  meta: {
    id: 'renaming-schema',
    category: 'destructive',
    defaultSeverity: 'warning',
    summary: 'Renaming a schema breaks every query, view, function and setting that still names the old one.',
    fixable: false,
    equivalents: { pgfence: 'rename-schema' },
  },
  create: () => ({
    statementKinds: ['RenameStmt'],
    statement({ statement, direction, unit }, report) {
      if (direction !== 'up' || statement.kind !== 'RenameStmt' || statement.node.renameType !== 'OBJECT_SCHEMA') return;
      const { subname, newname } = statement.node;
      if (schemasCreatedBefore(unit.up.statements, statement.index).has(String(subname).toLowerCase())) return;
      report({
        span: statement.span,
        message: `Renaming schema ${subname} to ${newname} breaks every running instance, function body and search_path that still names ${subname}; create ${newname}, move the objects with ALTER … SET SCHEMA, switch the application over, then drop ${subname} in a later release.`,
      });
    },
  }),
};
