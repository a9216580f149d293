import { addedColumns, alterOfExistingTable, REWRITES_TABLE } from './existing-table';
import type { Rule } from './types';

export const addingSerialOrGeneratedColumn: Rule = {
  meta: {
    id: 'adding-serial-or-generated-column',
    category: 'locking',
    defaultSeverity: 'warning',
    summary: 'ADD COLUMN of a serial, identity or GENERATED … STORED column computes a value for every existing row, rewriting the table.',
    fixable: false,
    equivalents: {
      strong_migrations: 'add_column_auto_incrementing, add_column_generated_stored',
      eugene: 'E11',
      pgfence: 'add-column-stored-generated',
    },
  },
  create: () => ({
    statementKinds: ['AlterTableStmt'],
    statement(s, report) {
      const alter = alterOfExistingTable(s);
      if (!alter) return;
      for (const { def, fill, span } of addedColumns(alter)) {
        const column = `${alter.table}.${def.colname}`;
        let what: string;
        let instead: string;
        if (fill.serial || fill.identity) {
          what = `Adding ${column} fills every existing row from a sequence`;
          instead = 'Add a plain nullable column, set its DEFAULT to nextval() of a new sequence (only new rows get it), and backfill the old rows in batches';
        } else if (fill.generated === 'stored') {
          // VIRTUAL columns (PostgreSQL 18) are computed on read: nothing is written.
          what = `Adding stored generated column ${column} computes and stores its value for every existing row`;
          instead = 'Add a plain nullable column kept up to date by a trigger and backfill it in batches, or use a VIRTUAL generated column on PostgreSQL 18';
        } else continue;
        report({ span, message: `${what}, so PostgreSQL ${REWRITES_TABLE}. ${instead}.` });
      }
    },
  }),
};
