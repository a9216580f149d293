import { stringList } from '../sql/ast';
import type { Rule } from './types';

export const enumValueOrder: Rule = {
  meta: {
    id: 'enum-value-order',
    category: 'correctness',
    defaultSeverity: 'info',
    summary: 'ALTER TYPE … ADD VALUE without BEFORE or AFTER puts the value last in the enum\'s sort order, for good.',
    fixable: false,
    equivalents: {},
  },
  create: () => ({
    statementKinds: ['AlterEnumStmt'],
    statement({ statement, direction }, report) {
      if (direction !== 'up' || statement.kind !== 'AlterEnumStmt') return;
      // RENAME VALUE has an old value; BEFORE or AFTER names a neighbour.
      const { newVal, oldVal, newValNeighbor } = statement.node;
      if (!newVal || oldVal || newValNeighbor) return;
      const type = stringList(statement.node.typeName).join('.');
      report({
        span: statement.span,
        message: `'${newVal}' goes last in ${type}, and enums sort, compare and show in their declared order, which cannot be changed afterwards; if the values have an order (sizes, levels, stages), place it with BEFORE or AFTER.`,
      });
    },
  }),
};
