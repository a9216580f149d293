import { nodesOfKind, relationName } from '../sql/ast';
import type { Rule } from './types';

const DEFAULT_MAX_ROWS = 1000;

export const bulkInsert: Rule = {
  meta: {
    id: 'bulk-insert',
    category: 'data',
    defaultSeverity: 'info',
    summary: 'An INSERT of many VALUES rows, or of a SELECT from an existing table, makes the migration a long bulk load.',
    fixable: false,
    equivalents: {},
  },
  create: ({ options }) => {
    const maxRows = typeof options.maxRows === 'number' ? options.maxRows : DEFAULT_MAX_ROWS;
    return {
      statementKinds: ['InsertStmt'],
      statement({ statement, direction, createdEarlier }, report) {
        if (direction !== 'up' || statement.kind !== 'InsertStmt') return;
        const select = statement.node.selectStmt?.SelectStmt;
        const table = relationName(statement.node.relation);
        const rows = select?.valuesLists?.length ?? 0;
        // Joined and nested tables too: each is read in full in the worst case.
        const read = nodesOfKind(select?.fromClause, 'RangeVar').map(relationName);
        const sources = [...new Set(read)].filter((t) => t && !createdEarlier(t));
        if (rows > maxRows) {
          report({
            span: statement.span,
            message: `This INSERT writes ${rows} rows into ${table} inside the migration, which makes deploys slow and the migration file a data dump; load data with a seed script or a batched job instead.`,
          });
        } else if (sources.length > 0) {
          report({
            span: statement.span,
            message: `This INSERT copies every row of ${sources.join(', ')} into ${table} in one transaction, whose time and WAL grow with the table; copy in batches by key outside the migration.`,
          });
        }
      },
    };
  },
};
