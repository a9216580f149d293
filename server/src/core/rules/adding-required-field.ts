import { addedColumns, alterOfExistingTable } from './existing-table';
import type { Rule } from './types';

export const addingRequiredField: Rule = {
  meta: {
    id: 'adding-required-field',
    category: 'correctness',
    defaultSeverity: 'warning',
    summary: 'ADD COLUMN … NOT NULL without a DEFAULT fails on a table that already has rows.',
    fixable: false,
    equivalents: {
      squawk: 'adding-required-field',
      'postgres-language-server': 'addingRequiredField',
      pgfence: 'add-column-not-null-no-default',
    },
  },
  create: () => ({
    statementKinds: ['AlterTableStmt'],
    statement(s, report) {
      const alter = alterOfExistingTable(s);
      if (!alter) return;
      for (const { def, fill, span } of addedColumns(alter)) {
        // Sequences, identities and generated expressions fill the existing rows themselves.
        if (!fill.notNull || fill.default !== undefined || fill.serial || fill.identity || fill.generated) continue;
        report({
          span,
          message: `Adding ${alter.table}.${def.colname} as NOT NULL without a default fails as soon as ${alter.table} has a row ("column contains null values"). Add it nullable, backfill it, then set NOT NULL; or give it a constant DEFAULT.`,
        });
      }
    },
  }),
};
