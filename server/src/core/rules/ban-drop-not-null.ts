import { alterCommandRule } from './alterCommandRule';

export const banDropNotNull = alterCommandRule(
  {
    id: 'ban-drop-not-null',
    category: 'destructive',
    defaultSeverity: 'warning',
    summary: 'DROP NOT NULL lets NULLs into a column that running application code and other readers assume is never NULL.',
    fixable: false,
    equivalents: {
      squawk: 'ban-drop-not-null',
      'postgres-language-server': 'banDropNotNull',
    },
  },
  (cmd, table) =>
    cmd.subtype === 'AT_DropNotNull'
      ? `Dropping NOT NULL on ${cmd.name} of ${table} lets NULLs in that the running application, reports and other consumers of the column do not expect; make every reader handle NULL first, and drop the constraint in a later release.`
      : undefined,
);
