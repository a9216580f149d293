import { objectKey } from '../schema/catalog';
import { alterOfExistingTable } from './existing-table';
import { PROOF_SKIPS_SCAN, proveNotNullFix } from './fixes/prove-not-null';
import type { Rule } from './types';

export const primaryKeyOnNullableColumn: Rule = {
  meta: {
    id: 'primary-key-on-nullable-column',
    category: 'locking',
    defaultSeverity: 'warning',
    summary: 'ADD PRIMARY KEY USING INDEX over a nullable column sets it NOT NULL, scanning the table under an ACCESS EXCLUSIVE lock.',
    fixable: true,
    equivalents: { eugene: 'W14' },
  },
  create: ({ pgVersion, schemaBefore }) => ({
    statementKinds: ['AlterTableStmt'],
    statement(s, report) {
      const alter = alterOfExistingTable(s);
      if (!alter) return;
      const schema = schemaBefore(s);
      for (const { cmd, span } of alter.commands) {
        const c = cmd.subtype === 'AT_AddConstraint' ? cmd.def?.Constraint : undefined;
        if (c?.contype !== 'CONSTR_PRIMARY' || !c.indexname) continue;
        // Only columns the catalogue knows to be nullable: an unknown table or index may be fine.
        const index = schema.index(objectKey(c.indexname, alter.relation.schemaname))?.index;
        const nullable = (index?.columns ?? []).filter((name) => {
          const column = schema.column(alter.relation, name);
          return column && !column.notNull && !(pgVersion >= PROOF_SKIPS_SCAN && schema.provesNotNull(alter.relation, name));
        });
        if (nullable.length === 0) continue;
        const list = nullable.join(', ');
        report({
          span,
          message:
            `The primary key makes ${alter.table}.${list} NOT NULL, which scans all of ${alter.table} for nulls under an ACCESS EXCLUSIVE lock that blocks every read and write` +
            (pgVersion >= PROOF_SKIPS_SCAN
              ? `; set ${nullable.length === 1 ? 'the column' : 'the columns'} NOT NULL first, proved by a validated CHECK (… IS NOT NULL), and the primary key is a catalog change.`
              : `; on PostgreSQL ${pgVersion} only an earlier SET NOT NULL, in its own migration, moves the scan out of this statement.`),
          fixes: pgVersion >= PROOF_SKIPS_SCAN ? [proveNotNullFix(s.statement, s.unit, alter.relation, nullable, schema)] : [],
        });
      }
    },
  }),
};
