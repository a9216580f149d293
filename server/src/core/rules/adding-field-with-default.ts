import { isKnownVolatile, volatileCall } from '../sql/volatility';
import { addedColumns, alterOfExistingTable, REWRITES_TABLE } from './existing-table';
import type { Rule } from './types';

export const addingFieldWithDefault: Rule = {
  meta: {
    id: 'adding-field-with-default',
    category: 'locking',
    defaultSeverity: 'warning',
    summary: 'ADD COLUMN with a volatile DEFAULT (or any DEFAULT before PostgreSQL 11) writes a value into every existing row.',
    fixable: false,
    equivalents: {
      squawk: 'adding-field-with-default',
      strong_migrations: 'add_column_default, add_column_default_callable',
      'postgres-language-server': 'addingFieldWithDefault',
      pgfence: 'add-column-non-constant-default, add-column-default-pre-pg11',
    },
  },
  create: ({ pgVersion }) => ({
    statementKinds: ['AlterTableStmt'],
    statement(s, report) {
      const alter = alterOfExistingTable(s);
      if (!alter) return;
      for (const { def, fill, span } of addedColumns(alter)) {
        // Sequences and generated values are adding-serial-or-generated-column's concern.
        if (fill.default === undefined || fill.serial || fill.identity || fill.generated) continue;
        const column = `${alter.table}.${def.colname}`;
        const fn = volatileCall(fill.default);
        let why: string;
        if (fn !== undefined) {
          why = isKnownVolatile(fn)
            ? `${fn}() is volatile: every existing row gets its own value`
            : `${fn}() is not known to be STABLE or IMMUTABLE (functions are VOLATILE unless declared otherwise): every existing row would get its own value`;
        } else if (pgVersion < 11) why = `before PostgreSQL 11 every existing row gets the default written into it`;
        else continue;
        report({
          span,
          message: `Adding ${column} with this default: ${why}, so PostgreSQL ${REWRITES_TABLE}. Add the column without a default (or with a constant one), set the default, then backfill in batches.`,
        });
      }
    },
  }),
};
