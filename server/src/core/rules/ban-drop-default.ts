import { alterCommandRule } from './alterCommandRule';

export const banDropDefault = alterCommandRule(
  {
    id: 'ban-drop-default',
    category: 'destructive',
    defaultSeverity: 'warning',
    summary: 'DROP DEFAULT breaks inserts from running application code that leaves the column out.',
    fixable: false,
    equivalents: {},
  },
  (cmd, table) =>
    cmd.subtype === 'AT_ColumnDefault' && !cmd.def
      ? `Dropping the default of ${cmd.name} of ${table} makes inserts that leave the column out store NULL, or fail if it is NOT NULL, and the running application may still send such inserts; deploy code that always sets the column first, then drop the default in a later release.`
      : undefined,
);
