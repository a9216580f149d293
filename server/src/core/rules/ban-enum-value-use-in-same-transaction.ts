import { ancestorsOf, descendantsOf, graphOf } from '../graph';
import { nodesOfKind, stringList } from '../sql/ast';
import type { ParsedScript, Statement } from '../sql/script';
import { CarriedTransaction, transactionBlocks } from '../sql/transactions';
import type { MigrationUnit, Report, Rule, RuleContext } from './types';

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
  create: (context) => {
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
    const earlier = earlierRevisions(context);
    return {
      statement({ statement, direction, unit }, report) {
        if (direction !== 'up' || statement.kind === 'AlterEnumStmt') return;
        const { block, adds } = scriptOf(unit);
        // Most scripts add no enum value: leave before the closures below (V8 makes their context on entry).
        if (adds.length === 0 && !earlier) return;
        judge(statement, unit, block, adds, report);
      },
    };

    function judge(statement: Statement, unit: MigrationUnit, block: number[], adds: Statement[], report: (r: Report) => void): void {
      const mine = block[statement.index];
      if (!mine) return;
      // Most statements follow no ADD VALUE at all: skip the literal search for them.
      if (!earlier && !adds.some((s) => s.index < statement.index && block[s.index] === mine)) return;
      const literals = new Set(nodesOfKind(statement.node, 'A_Const').map((c) => c.sval?.sval).filter((v) => typeof v === 'string'));
      if (literals.size === 0) return;
      const added = adds.filter((s) => s.index < statement.index && block[s.index] === mine && literals.has(s.node.newVal));
      const last = added[added.length - 1];
      if (last) {
        const later = unit.migration.transactionSpansRun
          ? 'add the value inside `with op.get_context().autocommit_block():`, which commits it (a later revision alone runs in the same transaction unless env.py sets transaction_per_migration=True)'
          : 'move this statement into a later migration';
        return report({
          span: statement.span,
          message: `'${last.node.newVal}' was added to ${typeName(last)} earlier in the same transaction, and PostgreSQL refuses to use a new enum value before that transaction commits ("unsafe use of new value"); ${later}.`,
        });
      }
      const carried = earlier?.(unit, statement.index, literals);
      if (carried) {
        report({
          span: statement.span,
          message: `'${carried.added.node.newVal}' is added to ${typeName(carried.added)} by revision ${carried.by}, and Alembic runs every pending revision in one transaction, so wherever both are applied by one \`alembic upgrade\` (a new database, or one deploy) PostgreSQL refuses this use of the uncommitted value ("unsafe use of new value"): set \`transaction_per_migration=True\` in env.py's \`context.configure()\`, or add the value inside \`with op.get_context().autocommit_block():\`.`,
        });
      }
    }
  },
};

interface CarriedValue {
  added: Statement;
  /** The revision id that added it. */
  by: string;
}

/**
 * For migrations in a run-long transaction (Alembic's default): finds an ADD VALUE that an
 * earlier revision leaves uncommitted and that is still uncommitted at statement `index`.
 * Every revision that is both above the one adding the value and below this one runs in
 * between whatever the order of the run, so one of them committing is enough.
 */
function earlierRevisions({ folder, units }: RuleContext) {
  const spanning = units.filter((u) => u.migration.transactionSpansRun);
  const carriedBy = new Map<string, { transaction: CarriedTransaction; adds: Statement[] }>();
  for (const u of spanning) {
    const transaction = new CarriedTransaction(u.up.statements, u.upInTransaction);
    carriedBy.set(u.migration.id, { transaction, adds: transaction.uncommittedAtEnd().filter(addsValue) });
  }
  if (![...carriedBy.values()].some((c) => c.adds.length > 0)) return undefined;
  const ancestors = new WeakMap<MigrationUnit, Set<string>>();
  return (unit: MigrationUnit, index: number, literals: Set<string>): CarriedValue | undefined => {
    const mine = carriedBy.get(unit.migration.id);
    if (!mine || !mine.transaction.stillInOpeningTransaction(index)) return undefined;
    const graph = graphOf(folder);
    if (!graph.nodes.has(unit.migration.id)) return undefined;
    let below = ancestors.get(unit);
    if (!below) ancestors.set(unit, (below = ancestorsOf(graph, unit.migration.id)));
    for (const id of below) {
      const added = carriedBy.get(id)?.adds.filter((s) => literals.has(s.node.newVal)).pop();
      if (!added) continue;
      const between = [...descendantsOf(graph, id)].filter((d) => below.has(d));
      if (between.every((d) => carriedBy.get(d)?.transaction.commits() === false)) return { added, by: id };
    }
    return undefined;
  };
}

function typeName(s: Statement): string {
  return stringList(s.node.typeName).join('.');
}

function addsValue(s: Statement): boolean {
  return s.kind === 'AlterEnumStmt' && !s.node.oldVal && typeof s.node.newVal === 'string';
}
