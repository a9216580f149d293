import { renameRule } from './renameRule';

export const renamingColumn = renameRule(
  {
    id: 'renaming-column',
    category: 'destructive',
    defaultSeverity: 'warning',
    summary: 'Renaming a column breaks every running instance of the application that still uses the old name.',
    fixable: false,
    equivalents: {
      squawk: 'renaming-column',
      strong_migrations: 'rename_column',
      'postgres-language-server': 'renamingColumn',
      pgfence: 'rename-column',
    },
  },
  'OBJECT_COLUMN',
  (node, table) =>
    `Renaming ${node.subname} of ${table} to ${node.newname} breaks every running instance whose queries still name ${node.subname}; add the new column, write to both, backfill, switch reads, then drop the old one in a later release.`,
);
