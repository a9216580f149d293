import { alterOfExistingTable } from './existing-table';
import { PROOF_SKIPS_SCAN, proveNotNullFix } from './fixes/prove-not-null';
import type { Rule } from './types';

export const addingNotNullableField: Rule = {
  meta: {
    id: 'adding-not-nullable-field',
    category: 'locking',
    defaultSeverity: 'warning',
    summary: 'ALTER COLUMN … SET NOT NULL scans the whole table for nulls under an ACCESS EXCLUSIVE lock that blocks reads and writes.',
    fixable: true,
    equivalents: {
      squawk: 'adding-not-nullable-field',
      strong_migrations: 'change_column_null',
      eugene: 'E2',
      'postgres-language-server': 'addingNotNullField',
    },
  },
  create: ({ pgVersion, schemaBefore }) => ({
    statementKinds: ['AlterTableStmt'],
    statement(s, report) {
      const alter = alterOfExistingTable(s);
      if (!alter) return;
      const schema = schemaBefore(s);
      for (const { cmd, span } of alter.commands) {
        if (cmd.subtype !== 'AT_SetNotNull') continue;
        const column = schema.column(alter.relation, cmd.name);
        if (column?.notNull) continue;
        const proven = schema.provesNotNull(alter.relation, cmd.name);
        if (proven && pgVersion >= PROOF_SKIPS_SCAN) continue;
        const message =
          `Setting ${alter.table}.${cmd.name} NOT NULL scans all of ${alter.table} for nulls under an ACCESS EXCLUSIVE lock that blocks every read and write until it finishes` +
          (pgVersion >= PROOF_SKIPS_SCAN
            ? '; add CHECK (… IS NOT NULL) NOT VALID and VALIDATE it first (without blocking writes), and PostgreSQL skips the scan.'
            : `; PostgreSQL ${pgVersion} cannot skip the scan (from 12 a validated CHECK (… IS NOT NULL) constraint lets it).`);
        const fixes = pgVersion >= PROOF_SKIPS_SCAN ? [proveNotNullFix(s.statement, s.unit, alter.relation, [cmd.name], schema)] : [];
        report({ span, message, fixes });
      }
    },
  }),
};
