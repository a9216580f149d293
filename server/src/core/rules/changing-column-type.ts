import { columnType, formatColumnType } from '../schema/column-type';
import { typeChange } from '../schema/type-change';
import { alterOfExistingTable } from './existing-table';
import type { Rule } from './types';

const REWRITE = 'rewrites the table and rebuilds its indexes under an ACCESS EXCLUSIVE lock that blocks every read and write until it finishes';

export const changingColumnType: Rule = {
  meta: {
    id: 'changing-column-type',
    category: 'locking',
    defaultSeverity: 'warning',
    summary: 'ALTER COLUMN … TYPE to a type the stored values are not binary-compatible with rewrites the whole table under an ACCESS EXCLUSIVE lock.',
    fixable: false,
    equivalents: {
      squawk: 'changing-column-type',
      strong_migrations: 'change_column',
      eugene: 'E5',
      'postgres-language-server': 'changingColumnType',
      pgfence: 'alter-column-type',
    },
  },
  create: ({ pgVersion, schemaBefore }) => ({
    statementKinds: ['AlterTableStmt'],
    statement(s, report) {
      const alter = alterOfExistingTable(s);
      if (!alter) return;
      for (const { cmd, span } of alter.commands) {
        if (cmd.subtype !== 'AT_AlterColumnType') continue;
        const def = cmd.def?.ColumnDef;
        const to = columnType(def?.typeName);
        const column = `${alter.table}.${cmd.name}`;
        const from = schemaBefore(s).column(alter.relation, cmd.name)?.type;
        let message: string;
        if (def?.raw_default) message = `Changing ${column} to ${formatColumnType(to)} with USING computes every row anew: it ${REWRITE}.`;
        else if (!from) {
          message = `Changing ${column} to ${formatColumnType(to)} ${REWRITE}, unless the current type is binary-compatible with it (such as varchar(n) to text); the earlier migrations do not show the current type.`;
        } else {
          const change = typeChange(from, to, pgVersion);
          if (change.kind === 'none') continue;
          const what = `Changing ${column} from ${formatColumnType(from)} to ${formatColumnType(to)}`;
          message =
            change.kind === 'unless-utc'
              ? `${what} ${REWRITE}, unless the migration's session runs with TimeZone set to UTC (then PostgreSQL only relabels the values).`
              : `${what} ${REWRITE}.`;
        }
        report({ span, message: `${message} Add a new column, backfill it in batches and switch over instead.` });
      }
    },
  }),
};
