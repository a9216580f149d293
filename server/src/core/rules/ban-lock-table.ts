import { relationName } from '../sql/ast';
import { conflicts, describeLock, LOCK_MODES } from '../sql/locks';
import type { Rule } from './types';

export const banLockTable: Rule = {
  meta: {
    id: 'ban-lock-table',
    category: 'locking',
    defaultSeverity: 'info',
    summary: 'An explicit LOCK TABLE in a mode that blocks writes holds that lock until the migration’s transaction ends.',
    fixable: false,
    equivalents: {},
  },
  create: () => ({
    statementKinds: ['LockStmt'],
    statement({ statement, direction, createdEarlier, inTransaction }, report) {
      if (direction !== 'up' || statement.kind !== 'LockStmt') return;
      // LOCK TABLE numbers the modes from 1, weakest first; ACCESS EXCLUSIVE when none is given.
      const mode = LOCK_MODES[(statement.node.mode ?? 8) - 1] ?? 'ACCESS EXCLUSIVE';
      if (!conflicts(mode, 'ROW EXCLUSIVE')) return;
      const tables = (statement.node.relations ?? []).map((r: any) => relationName(r.RangeVar)).filter((t: string) => !createdEarlier(t));
      if (tables.length === 0) return;
      const message = inTransaction
        ? `LOCK TABLE ${tables.join(', ')} IN ${mode} MODE ${describeLock(mode)}, from the moment it starts waiting until the transaction ends; keep what follows it short, and set lock_timeout so the wait gives up instead of stalling the application.`
        : 'LOCK TABLE runs on its own here, outside any transaction block, where PostgreSQL refuses it: the migration fails.';
      report({ span: statement.span, message });
    },
  }),
};
