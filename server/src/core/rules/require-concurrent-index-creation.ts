import { relationName } from '../sql/ast';
import { concurrentIndexFix } from '../sources/alembic/fixes';
import { addIndexConcurrentlyFix } from '../sources/django/fixes';
import { concurrentlyFix, keyword } from './fixes/concurrently';
import { isGenerated } from './fixes/gate';
import type { Rule } from './types';

export const requireConcurrentIndexCreation: Rule = {
  meta: {
    id: 'require-concurrent-index-creation',
    category: 'locking',
    defaultSeverity: 'warning',
    summary: 'CREATE INDEX without CONCURRENTLY blocks every write to the table until the index is built.',
    fixable: true,
    equivalents: {
      squawk: 'require-concurrent-index-creation',
      strong_migrations: 'add_index',
      pgfence: 'create-index-not-concurrent',
      eugene: 'E6',
      'postgres-language-server': 'requireConcurrentIndexCreation',
    },
  },
  create: () => ({
    statementKinds: ['IndexStmt'],
    statement(s, report) {
      // The migration is read only to fix what is reported, so that clean statements' visits are kept.
      const { statement, direction, createdEarlier } = s;
      if (direction !== 'up' || statement.kind !== 'IndexStmt' || statement.node.concurrent) return;
      const table = relationName(statement.node.relation);
      if (createdEarlier(table)) return;
      const fix = isGenerated(statement) ? (s.unit.migration.format === 'django' ? addIndexConcurrentlyFix : concurrentIndexFix)(statement, s.unit.up.script) : concurrentlyFix(statement, s.unit.migration, s.unit.up.statements.length, 'Create the index concurrently', keyword('INDEX'));
      report({
        span: statement.span,
        message: `Building this index holds a SHARE lock that blocks all writes to ${table} until it finishes; use CREATE INDEX CONCURRENTLY, outside a transaction.`,
        fixes: fix ? [fix] : [],
      });
    },
  }),
};
