import { alterCommandRule } from './alterCommandRule';

export const banDropColumn = alterCommandRule(
  {
    id: 'ban-drop-column',
    category: 'destructive',
    defaultSeverity: 'warning',
    summary: 'DROP COLUMN destroys data and breaks running application code that still reads or writes the column.',
    fixable: false,
    equivalents: {
      squawk: 'ban-drop-column',
      strong_migrations: 'remove_column',
      pgfence: 'drop-column',
      'postgres-language-server': 'banDropColumn',
    },
  },
  (cmd, table) =>
    cmd.subtype === 'AT_DropColumn'
      ? `Dropping column ${cmd.name} of ${table} deletes its data and breaks application code that still uses it; stop using the column in the code first, deploy, and drop it in a later migration.`
      : undefined,
);
