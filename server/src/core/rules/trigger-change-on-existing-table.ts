import { alterCommands, droppedNames, relationName } from '../sql/ast';
import type { Statement } from '../sql/script';
import { settingInEffect } from '../sql/transactions';
import type { Rule } from './types';

/** ENABLE [ALWAYS | REPLICA] TRIGGER …, DISABLE TRIGGER … (named, ALL or USER). */
const TRIGGER_SWITCH = /^AT_(Enable|Disable)(Always|Replica)?Trig/;

export const triggerChangeOnExistingTable: Rule = {
  meta: {
    id: 'trigger-change-on-existing-table',
    category: 'locking',
    defaultSeverity: 'info',
    summary: 'CREATE TRIGGER, DROP TRIGGER and ENABLE/DISABLE TRIGGER lock the table against writes, and queue behind long transactions.',
    fixable: false,
    equivalents: {},
  },
  create: () => ({
    statementKinds: ['CreateTrigStmt', 'DropStmt', 'AlterTableStmt'],
    statement(s, report) {
      const { statement, direction, createdEarlier } = s;
      const change = direction === 'up' ? triggerChange(statement) : undefined;
      if (!change || !change.table || createdEarlier(change.table)) return;
      // With lock_timeout set the wait gives up instead of stalling writes, which is all this rule asks for.
      if (settingInEffect(s.unit.up, 'lock_timeout')[statement.index]) return;
      report({
        span: statement.span,
        message: `${change.what} takes ${change.lock === 'ACCESS EXCLUSIVE' ? 'an' : 'a'} ${change.lock} lock on ${change.table}, which blocks its writes${change.lock === 'ACCESS EXCLUSIVE' ? ' and reads' : ''}; the change itself is instant, but while it waits for a long-running transaction every later write waits behind it. Set lock_timeout first and retry on timeout.`,
      });
    },
  }),
};

function triggerChange(s: Statement): { what: string; table: string; lock: string } | undefined {
  const { node } = s;
  if (s.kind === 'CreateTrigStmt') return { what: 'CREATE TRIGGER', table: relationName(node.relation), lock: 'SHARE ROW EXCLUSIVE' };
  if (s.kind === 'DropStmt' && node.removeType === 'OBJECT_TRIGGER') {
    // `DROP TRIGGER t ON s.tbl` lists the table's parts, then the trigger's name.
    const [name] = droppedNames(node);
    return { what: 'DROP TRIGGER', table: (name ?? []).slice(0, -1).join('.'), lock: 'ACCESS EXCLUSIVE' };
  }
  if (s.kind === 'AlterTableStmt' && alterCommands(node).some((c) => TRIGGER_SWITCH.test(c.subtype))) {
    return { what: 'Enabling or disabling a trigger', table: relationName(node.relation), lock: 'SHARE ROW EXCLUSIVE' };
  }
  return undefined;
}
