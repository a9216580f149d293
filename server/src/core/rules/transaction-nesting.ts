import { closesTransaction, openBeginBefore, opensTransaction, runnerWraps } from '../sql/transactions';
import { RUNNER } from './fixes/non-transactional';
import { removeStatement } from './fixes/remove-statement';
import type { Rule } from './types';

export const transactionNesting: Rule = {
  meta: {
    id: 'transaction-nesting',
    category: 'transactions',
    defaultSeverity: 'warning',
    summary: 'BEGIN or COMMIT in a migration its runner already wraps in a transaction, or a BEGIN inside an open transaction.',
    fixable: true,
    equivalents: { squawk: 'transaction-nesting', 'postgres-language-server': 'transactionNesting' },
  },
  create: () => ({
    statement({ statement, direction, unit }, report) {
      const opens = opensTransaction(statement);
      if (!opens && !closesTransaction(statement)) return;
      const { migration } = unit;
      const script = unit[direction]!;
      if (runnerWraps(migration)) {
        const runner = RUNNER[migration.format];
        const control = script.statements.filter((s) => opensTransaction(s) || closesTransaction(s));
        report({
          span: statement.span,
          message: opens
            ? `${runner} already runs this migration in a transaction: this BEGIN only draws a warning, and the COMMIT that matches it ends the runner's transaction early, so a failure after it leaves the migration half applied.`
            : `${runner} already runs this migration in a transaction: this statement ends that transaction early, so a failure after it leaves the migration half applied.`,
          fixes: [
            {
              title: `Remove BEGIN and COMMIT (${runner} already runs the migration in a transaction)`,
              edits: control.map((s) => removeStatement(script.script.path, script.script.text, s)),
            },
          ],
        });
      } else if (opens && openBeginBefore(script.statements, statement.index)) {
        report({
          span: statement.span,
          message: 'BEGIN inside a transaction that is already open only draws a warning: the first COMMIT ends both, so statements meant for the outer transaction run on their own.',
        });
      }
    },
  }),
};
