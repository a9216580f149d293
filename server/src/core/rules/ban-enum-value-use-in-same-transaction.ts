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
    // Per up script: its transaction blocks and, in order, the statements that add an enum value.
    const scripts = new WeakMap<ParsedScript, { block: number[]; adds: Statement[] }>();
    const scriptOf = (unit: MigrationUnit) => {
      let a = scripts.get(unit.up);
      if (!a) {
        a = { block: transactionBlocks(unit.up.statements, unit.upInTransaction), adds: unit.up.statements.filter(addsValue) };
        scripts.set(unit.up, a);
      }
      return a;
    };
    return {
      statement({ statement, direction, unit }, report) {
        if (direction !== 'up' || statement.kind === 'AlterEnumStmt') return;
        const { block, adds } = scriptOf(unit);
        const mine = block[statement.index];
        if (!mine || !adds.some((s) => s.index < statement.index && block[s.index] === mine)) return;
        const literals = new Set(nodesOfKind(statement.node, 'A_Const').map((c) => c.sval?.sval).filter((v) => typeof v === 'string'));
        if (literals.size === 0) return;
        const added = adds.filter((s) => s.index < statement.index && block[s.index] === mine && literals.has(s.node.newVal));
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
