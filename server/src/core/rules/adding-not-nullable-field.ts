import type { Fix } from '../model';
import type { Catalog } from '../schema/catalog';
import type { Statement } from '../sql/script';
import { defaultConstraintName } from './fixes/constraint-name';
import { insertAt, lineBreakOf, placeAfter } from './fixes/text';
import { quoteIdent, quoteRelation } from './fixes/tokens';
import { alterOfExistingTable } from './existing-table';
import type { MigrationUnit, Rule } from './types';

/** PostgreSQL 12 lets SET NOT NULL skip its scan when a validated CHECK constraint proves the column non-null. */
const PROOF_SKIPS_SCAN = 12;

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
        const fixes = pgVersion >= PROOF_SKIPS_SCAN ? [checkFirstFix(s.statement, s.unit, alter.relation, cmd.name, schema)] : [];
        report({ span, message, fixes });
      }
    },
  }),
};

/**
 * The pattern PostgreSQL 12+ rewards: a NOT VALID check (brief lock, no scan), VALIDATE
 * (scans without blocking writes), SET NOT NULL (no scan), then the now redundant check
 * dropped. Inside one transaction the ADD's lock lasts until COMMIT, so the title says to
 * move the first two statements into an earlier migration.
 */
function checkFirstFix(statement: Statement, unit: MigrationUnit, relation: any, column: string, schema: Catalog): Fix {
  const { path, text } = unit.up.script;
  const table = quoteRelation(relation);
  const name = quoteIdent(freeConstraintName(schema, relation, column));
  const eol = lineBreakOf(text);
  const next = placeAfter(text, statement.span.end);
  const before =
    `ALTER TABLE ${table} ADD CONSTRAINT ${name} CHECK (${quoteIdent(column)} IS NOT NULL) NOT VALID;${eol}` +
    `ALTER TABLE ${table} VALIDATE CONSTRAINT ${name};${eol}`;
  const after = `${next.terminated ? '' : ';'}${eol}ALTER TABLE ${table} DROP CONSTRAINT ${name};`;
  const title =
    unit.migration.transaction === 'none'
      ? 'Prove the column non-null with a validated CHECK constraint first'
      : 'Prove the column non-null with a validated CHECK constraint first (move the ADD and VALIDATE into an earlier migration)';
  return { title, edits: [insertAt(path, statement.span.start, before), insertAt(path, next.at, after)] };
}

/** PostgreSQL's name for `CHECK (column IS NOT NULL)`, numbered when the table already has a constraint of that name. */
function freeConstraintName(schema: Catalog, relation: any, column: string): string {
  const base = defaultConstraintName(String(relation.relname), {
    contype: 'CONSTR_CHECK',
    raw_expr: { NullTest: { arg: { ColumnRef: { fields: [{ String: { sval: column } }] } } } },
  });
  const taken = schema.table(relation)?.constraints ?? new Map();
  let name = base;
  for (let n = 1; taken.has(name); n++) name = `${base}${n}`;
  return name;
}

