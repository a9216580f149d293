import type { Fix, Span } from '../model';
import { stringList } from '../sql/ast';
import type { Statement } from '../sql/script';
import { defaultConstraintName } from './fixes/constraint-name';
import { nonTransactionalEdits, nonTransactionalSetting } from './fixes/non-transactional';
import { insertAt, lineBreakOf } from './fixes/text';
import { quoteIdent, quoteRelation } from './fixes/tokens';
import { alterOfExistingTable } from './existing-table';
import type { MigrationUnit, Rule } from './types';

const KINDS: Record<string, string> = { CONSTR_UNIQUE: 'UNIQUE', CONSTR_PRIMARY: 'PRIMARY KEY' };

export const disallowedUniqueConstraint: Rule = {
  meta: {
    id: 'disallowed-unique-constraint',
    category: 'locking',
    defaultSeverity: 'warning',
    summary: 'ADD UNIQUE or PRIMARY KEY without USING INDEX builds the index while blocking every read and write of the table.',
    fixable: true,
    equivalents: {
      squawk: 'disallowed-unique-constraint',
      strong_migrations: 'add_unique_constraint',
      eugene: 'E7',
      'postgres-language-server': 'disallowUniqueConstraint',
      pgfence: 'add-constraint-unique, add-pk-without-using-index',
    },
  },
  create: () => ({
    statementKinds: ['AlterTableStmt'],
    statement(s, report) {
      const alter = alterOfExistingTable(s);
      if (!alter) return;
      for (const { cmd, span, exact } of alter.commands) {
        const constraints =
          cmd.subtype === 'AT_AddConstraint'
            ? [cmd.def?.Constraint]
            : cmd.subtype === 'AT_AddColumn'
              ? (cmd.def?.ColumnDef?.constraints ?? []).map((c: any) => c.Constraint)
              : [];
        for (const c of constraints) {
          const kind = KINDS[c?.contype];
          if (!kind || c.indexname) continue;
          const fix = cmd.subtype === 'AT_AddConstraint' && exact ? usingIndexFix(s.statement, s.unit, alter.relation, c, span) : undefined;
          report({
            span,
            message: `Adding a ${kind} constraint to ${alter.table} builds its index under an ACCESS EXCLUSIVE lock that blocks every read and write until the build finishes; build a unique index with CREATE UNIQUE INDEX CONCURRENTLY, then add the constraint with USING INDEX.`,
            fixes: fix ? [fix] : [],
          });
        }
      }
    },
  }),
};

/**
 * Builds the index concurrently under the constraint's name, then attaches it, which only
 * touches the catalog. Options USING INDEX cannot carry (INCLUDE, WITH, NULLS NOT DISTINCT,
 * DEFERRABLE) would be lost, so such constraints get no fix.
 */
function usingIndexFix(statement: Statement, unit: MigrationUnit, relation: any, c: any, command: Span): Fix | undefined {
  const plain = !c.including?.length && !c.options?.length && !c.indexspace && !c.nulls_not_distinct && !c.deferrable;
  const columns = stringList(c.keys);
  if (!plain || columns.length === 0) return undefined;
  const { migration } = unit;
  const name = quoteIdent(c.conname ?? defaultConstraintName(String(relation.relname), c));
  const eol = lineBreakOf(migration.up.text);
  const index = `CREATE UNIQUE INDEX CONCURRENTLY ${name} ON ${quoteRelation(relation)} (${columns.map(quoteIdent).join(', ')});${eol}`;
  const edits = [
    insertAt(migration.up.path, statement.span.start, index),
    { path: migration.up.path, span: command, newText: `ADD CONSTRAINT ${name} ${KINDS[c.contype]} USING INDEX ${name}` },
  ];
  const title = 'Build the index concurrently, then add the constraint USING INDEX';
  const outside = nonTransactionalEdits(migration, unit.up.statements.length + 1);
  if (outside === undefined) return { title: `${title} (then move the index into a migration of its own)`, edits };
  if (outside.length === 0) return { title, edits };
  return { title: `${title}, outside a transaction (${nonTransactionalSetting(migration)})`, edits: [...edits, ...outside] };
}
