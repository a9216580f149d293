import { nodesOfKind, stringList } from '../sql/ast';
import type { ParsedScript, Statement } from '../sql/script';
import { transactionBlocks } from '../sql/transactions';
import type { MigrationUnit, Rule } from './types';

export const banEnumValueUseInSameTransaction: Rule = {
  meta: {
    id: 'ban-enum-value-use-in-same-transaction',
    category: 'transactions',
    defaultSeverity: 'error',
    summary: 'An enum value added by ALTER TYPE … ADD VALUE is used before the transaction that added it commits, which PostgreSQL refuses.',
    pgVersions: { min: 12 },
    fixable: false,
    equivalents: {},
  },
  create: () => {
    const blocks = new WeakMap<ParsedScript, number[]>();
    const blocksOf = (unit: MigrationUnit) => {
      let b = blocks.get(unit.up);
      if (!b) blocks.set(unit.up, (b = transactionBlocks(unit.up.statements, unit.upInTransaction)));
      return b;
    };
    return {
      statement({ statement, direction, unit }, report) {
        if (direction !== 'up' || statement.kind === 'AlterEnumStmt') return;
        const block = blocksOf(unit);
        const mine = block[statement.index];
        if (!mine) return;
        const literals = new Set(nodesOfKind(statement.node, 'A_Const').map((c) => c.sval?.sval).filter((v) => typeof v === 'string'));
        if (literals.size === 0) return;
        const added = unit.up.statements
          .slice(0, statement.index)
          .filter((s) => block[s.index] === mine && addsValue(s) && literals.has(s.node.newVal));
        const last = added[added.length - 1];
        if (!last) return;
        report({
          span: statement.span,
          message: `'${last.node.newVal}' was added to ${stringList(last.node.typeName).join('.')} earlier in the same transaction, and PostgreSQL refuses to use a new enum value before that transaction commits ("unsafe use of new value"); move this statement into a later migration.`,
        });
      },
    };
  },
};

function addsValue(s: Statement): boolean {
  return s.kind === 'AlterEnumStmt' && !s.node.oldVal && typeof s.node.newVal === 'string';
}
