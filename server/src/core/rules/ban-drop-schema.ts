import { stringList } from '../sql/ast';
import { schemasCreatedBefore } from '../sql/objects';
import type { Rule } from './types';

export const banDropSchema: Rule = {
  meta: {
    id: 'ban-drop-schema',
    category: 'destructive',
    defaultSeverity: 'warning',
    summary: 'DROP SCHEMA destroys what the schema holds (with CASCADE, every table in it) and breaks code that still uses it.',
    fixable: false,
    equivalents: { pgfence: 'drop-schema, drop-schema-cascade' },
  },
  create: () => ({
    statementKinds: ['DropStmt'],
    statement({ statement, direction, unit }, report) {
      if (direction !== 'up' || statement.kind !== 'DropStmt' || statement.node.removeType !== 'OBJECT_SCHEMA') return;
      const created = schemasCreatedBefore(unit.up.statements, statement.index);
      const names = (statement.node.objects ?? []).flatMap((o: any) => stringList([o])).filter((n: string) => !created.has(n.toLowerCase()));
      if (names.length === 0) return;
      const cascade = statement.node.behavior === 'DROP_CASCADE';
      report({
        span: statement.span,
        message: cascade
          ? `DROP SCHEMA ${names.join(', ')} CASCADE drops every table, view, function and type in it with all their data, and whatever elsewhere depends on them; drop the objects one by one, in later releases, once nothing uses them.`
          : `Dropping schema ${names.join(', ')} breaks every running instance that still refers to it; stop using it first and drop it in a later release.`,
      });
    },
  }),
};
