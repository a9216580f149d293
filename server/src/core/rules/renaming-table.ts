import { renameRule } from './renameRule';

export const renamingTable = renameRule(
  {
    id: 'renaming-table',
    category: 'destructive',
    defaultSeverity: 'warning',
    summary: 'Renaming a table breaks every running instance of the application that still uses the old name.',
    fixable: false,
    equivalents: {
      squawk: 'renaming-table',
      strong_migrations: 'rename_table',
      'postgres-language-server': 'renamingTable',
    },
  },
  'OBJECT_TABLE',
  (node, table) =>
    `Renaming ${table} to ${node.newname} breaks every running instance that still queries ${table} until all of them are replaced; create the new table, write to both, backfill, switch reads, then drop the old one (or leave a view named ${table} behind during the deploy).`,
);
