import { hasOption, relationName } from '../sql/ast';
import { concurrentlyFix } from './fixes/concurrently';
import type { Token } from './fixes/tokens';
import type { Rule } from './types';

const TARGETS: Record<string, string> = {
  REINDEX_OBJECT_INDEX: 'INDEX',
  REINDEX_OBJECT_TABLE: 'TABLE',
  REINDEX_OBJECT_SCHEMA: 'SCHEMA',
  REINDEX_OBJECT_DATABASE: 'DATABASE',
};

export const requireConcurrentReindex: Rule = {
  meta: {
    id: 'require-concurrent-reindex',
    category: 'locking',
    defaultSeverity: 'warning',
    summary: 'REINDEX without CONCURRENTLY blocks writes to the table, and reads that would use the index, until every index is rebuilt.',
    fixable: true,
    equivalents: { pgfence: 'reindex-non-concurrent' },
  },
  create: ({ pgVersion }) => ({
    statementKinds: ['ReindexStmt'],
    statement({ statement, direction, createdEarlier, unit }, report) {
      const { node } = statement;
      if (direction !== 'up' || statement.kind !== 'ReindexStmt' || hasOption(node.params, 'concurrently')) return;
      const relation = relationName(node.relation);
      const earlier = unit.up.statements.slice(0, statement.index);
      if (relation && (createdEarlier(relation) || earlier.some((s) => s.kind === 'IndexStmt' && s.node.idxname === node.relation.relname))) return;
      const target = TARGETS[node.kind];
      const what = relation || (node.kind === 'REINDEX_OBJECT_SCHEMA' ? `every table of schema ${node.name}` : 'every table of the database');
      // REINDEX CONCURRENTLY arrived in PostgreSQL 12; REINDEX SYSTEM never has it.
      const fix =
        pgVersion >= 12 && target
          ? concurrentlyFix(statement, unit.migration, unit.up.statements.length, 'Reindex concurrently', (tokens) => targetKeyword(tokens, target))
          : undefined;
      const instead =
        pgVersion >= 12
          ? target
            ? 'use REINDEX … CONCURRENTLY, outside a transaction'
            : 'reindex the tables that need it one by one with REINDEX TABLE CONCURRENTLY'
          : 'build a replacement with CREATE INDEX CONCURRENTLY, then DROP INDEX CONCURRENTLY the old one';
      report({
        span: statement.span,
        message: `REINDEX locks ${what} against writes (SHARE) and each index against reads (ACCESS EXCLUSIVE) while it rebuilds; ${instead}.`,
        fixes: fix ? [fix] : [],
      });
    },
  }),
};

/** The INDEX / TABLE / SCHEMA / DATABASE keyword after REINDEX and its options, where CONCURRENTLY goes. */
function targetKeyword(tokens: Token[], word: string): Token | undefined {
  let depth = 0;
  return tokens.find((t) => {
    if (t.text === '(') depth++;
    else if (t.text === ')') depth--;
    return depth === 0 && t.keywordKind > 0 && t.text.toUpperCase() === word;
  });
}
