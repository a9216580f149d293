import { relationName } from '../sql/ast';
import { insertAt } from './fixes/text';
import { findKeyword, tokenize } from './fixes/tokens';
import type { Rule } from './types';

export const requireConcurrentRefreshMaterializedView: Rule = {
  meta: {
    id: 'require-concurrent-refresh-materialized-view',
    category: 'locking',
    defaultSeverity: 'warning',
    summary: 'REFRESH MATERIALIZED VIEW without CONCURRENTLY blocks every read of the view until the query has run again.',
    fixable: true,
    equivalents: {},
  },
  create: () => ({
    statementKinds: ['RefreshMatViewStmt'],
    statement(s, report) {
      // The migration is read only to fix what is reported, so that clean statements' visits are kept.
      const { statement, direction, createdEarlier } = s;
      const { node } = statement;
      // WITH NO DATA cannot be concurrent, and a view created in this script (maybe WITH NO DATA) has no readers yet.
      if (direction !== 'up' || statement.kind !== 'RefreshMatViewStmt' || node.concurrent || node.skipData) return;
      const view = relationName(node.relation);
      if (createdEarlier(view)) return;
      const at = findKeyword(tokenize(statement.text), 'VIEW');
      report({
        span: statement.span,
        message: `Refreshing ${view} holds an ACCESS EXCLUSIVE lock that blocks every read of it until its query has run again; use REFRESH MATERIALIZED VIEW CONCURRENTLY (it needs a unique index on the view).`,
        fixes: at
          ? [{ title: 'Refresh the view concurrently (needs a unique index on it)', edits: [insertAt(s.path, statement.span.start + at.end, ' CONCURRENTLY')] }]
          : [],
      });
    },
  }),
};
