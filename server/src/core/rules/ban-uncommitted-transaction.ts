import { openBeginBefore, opensTransaction, runnerWraps } from '../sql/transactions';
import { insertAt, lineBreakOf, placeAfter } from './fixes/text';
import type { Rule } from './types';

export const banUncommittedTransaction: Rule = {
  meta: {
    id: 'ban-uncommitted-transaction',
    category: 'transactions',
    defaultSeverity: 'error',
    summary: 'A BEGIN with no COMMIT before the end of the script, so the migration’s changes are never committed.',
    fixable: true,
    equivalents: { squawk: 'ban-uncommitted-transaction' },
  },
  create: () => ({
    statement({ statement, direction, unit }, report) {
      // A runner that wraps the script commits whatever is open (transaction-nesting covers its BEGIN).
      if (!opensTransaction(statement) || runnerWraps(unit.migration)) return;
      const script = unit[direction]!;
      if (openBeginBefore(script.statements, script.statements.length) !== statement) return;
      const { path, text } = script.script;
      const after = placeAfter(text, script.statements[script.statements.length - 1].span.end);
      report({
        span: statement.span,
        message: 'This transaction is never committed: the script ends inside it, so its changes are rolled back when the connection closes, or the runner records the migration as applied inside a transaction that never ends. Add COMMIT at the end.',
        fixes: [
          { title: 'Add COMMIT at the end of the script', edits: [insertAt(path, after.at, `${after.terminated ? '' : ';'}${lineBreakOf(text)}COMMIT;`)] },
        ],
      });
    },
  }),
};
