import type { Fix, Migration } from '../model';
import { relationName } from '../sql/ast';
import type { Statement } from '../sql/script';
import { concurrentIndexFix } from '../sources/alembic/fixes';
import { isGenerated } from './fixes/gate';
import { nonTransactionalEdits, nonTransactionalSetting } from './fixes/non-transactional';
import { insertAt } from './fixes/text';
import { findKeyword, tokenize } from './fixes/tokens';
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
    statement({ statement, direction, createdEarlier, unit }, report) {
      if (direction !== 'up' || statement.kind !== 'IndexStmt' || statement.node.concurrent) return;
      const table = relationName(statement.node.relation);
      if (createdEarlier(table)) return;
      const fix = isGenerated(statement) ? concurrentIndexFix(statement, unit.up.script) : concurrentFix(statement, unit.migration, unit.up.statements.length);
      report({
        span: statement.span,
        message: `Building this index holds a SHARE lock that blocks all writes to ${table} until it finishes; use CREATE INDEX CONCURRENTLY, outside a transaction.`,
        fixes: fix ? [fix] : [],
      });
    },
  }),
};

/** Inserts CONCURRENTLY after INDEX, and turns the migration's transaction off where its format allows. */
function concurrentFix(statement: Statement, migration: Migration, statementCount: number): Fix | undefined {
  const index = findKeyword(tokenize(statement.text), 'INDEX');
  if (!index) return undefined;
  const edits = [insertAt(migration.up.path, statement.span.start + index.end, ' CONCURRENTLY')];
  const outside = nonTransactionalEdits(migration, statementCount);
  if (outside === undefined) return { title: 'Create the index concurrently (then move it into a migration of its own)', edits };
  if (outside.length === 0) return { title: 'Create the index concurrently', edits };
  return {
    title: `Create the index concurrently and run the migration outside a transaction (${nonTransactionalSetting(migration)})`,
    edits: [...edits, ...outside],
  };
}
