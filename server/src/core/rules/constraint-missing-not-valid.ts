import type { FileEdit, Fix, Script, Span } from '../model';
import { alterCommands, relationName } from '../sql/ast';
import { utf16Mapper } from '../sql/parser';
import type { Statement } from '../sql/script';
import { notValidConstraintFix } from '../sources/alembic/fixes';
import { notValidConstraintFix as djangoNotValidConstraintFix } from '../sources/django/fixes';
import { defaultConstraintName } from './fixes/constraint-name';
import { isGenerated } from './fixes/gate';
import { insertAt, lineBreakOf, placeAfter } from './fixes/text';
import { quoteIdent, quoteRelation, tokenize, topLevelParts, type Token } from './fixes/tokens';
import type { Rule } from './types';

const LOCKS: Record<string, (table: string, constraint: any) => string> = {
  CONSTR_FOREIGN: (table, c) =>
    `checks every row of ${table} while holding SHARE ROW EXCLUSIVE locks that block writes to ${table} and ${relationName(c.pktable)}`,
  CONSTR_CHECK: (table) => `scans all of ${table} under an ACCESS EXCLUSIVE lock that blocks its reads and writes`,
};

export const constraintMissingNotValid: Rule = {
  meta: {
    id: 'constraint-missing-not-valid',
    category: 'locking',
    defaultSeverity: 'warning',
    summary: 'A FOREIGN KEY or CHECK constraint added without NOT VALID checks every existing row while blocking writes.',
    fixable: true,
    equivalents: {
      squawk: 'constraint-missing-not-valid',
      strong_migrations: 'add_foreign_key, add_check_constraint',
      pgfence: 'add-constraint-fk-no-not-valid, add-constraint-check-no-not-valid',
      eugene: 'E1',
      'postgres-language-server': 'constraintMissingNotValid',
    },
  },
  create: () => ({
    statementKinds: ['AlterTableStmt'],
    statement(s, report) {
      // The migration is read only to fix what is reported, so that clean statements' visits are kept.
      const { statement, direction, createdEarlier } = s;
      if (direction !== 'up' || statement.kind !== 'AlterTableStmt') return;
      const table = relationName(statement.node.relation);
      if (createdEarlier(table)) return;
      const cmds = alterCommands(statement.node);
      const parts = topLevelParts(tokenize(statement.text));
      cmds.forEach((cmd, i) => {
        const c = cmd.subtype === 'AT_AddConstraint' ? cmd.def?.Constraint : undefined;
        const locks = c && !c.skip_validation ? LOCKS[c.contype] : undefined;
        if (!locks) return;
        // Commands and comma-separated parts line up one to one; if they do not, point at the statement.
        const clause = parts.length === cmds.length ? constraintClause(statement, c, parts[i]) : undefined;
        const kind = c.contype === 'CONSTR_FOREIGN' ? 'foreign key' : 'check constraint';
        report({
          span: clause ?? statement.span,
          message: `Adding ${kind}${c.conname ? ` ${c.conname}` : ''} ${locks(table, c)}; add it NOT VALID, then run VALIDATE CONSTRAINT in a later migration.`,
          fixes: isGenerated(statement)
            ? [s.unit.migration.format === 'django' ? djangoNotValidConstraintFix(statement, s.unit.up.script, c, s.unit.migration) : notValidConstraintFix(statement, s.unit.up.script, c)].filter((f) => f !== undefined)
            : clause
              ? [notValidFix(statement, s.unit.up.script, c, clause, s.unit.migration.transaction === 'none')]
              : [],
        });
      });
    },
  }),
};

/**
 * File offsets from the constraint's first token to the end of its command, or undefined
 * when the AST's location and the tokens disagree.
 */
function constraintClause(statement: Statement, constraint: any, part: Token[]): Span | undefined {
  const start = utf16Mapper(statement.text, 'bytes')(constraint.location ?? -1);
  const last = part[part.length - 1];
  if (!last || !part.some((t) => t.start === start)) return undefined;
  return { start: statement.span.start + start, end: statement.span.start + last.end };
}

/**
 * Names the constraint if it has no name, adds NOT VALID, and validates it in a statement
 * of its own. Inside one transaction the ADD's stronger lock lasts until COMMIT, so the
 * scan only stops blocking once the VALIDATE moves to a later migration: the title says so.
 */
function notValidFix(statement: Statement, script: Script, constraint: any, clause: Span, autocommit: boolean): Fix {
  const relation = statement.node.relation;
  const name = constraint.conname ?? defaultConstraintName(String(relation.relname), constraint);
  const validate = `ALTER TABLE ${quoteRelation(relation)} VALIDATE CONSTRAINT ${quoteIdent(name)};`;
  const eol = lineBreakOf(script.text);
  const edits: FileEdit[] = [];
  if (!constraint.conname) edits.push(insertAt(script.path, clause.start, `CONSTRAINT ${quoteIdent(name)} `));
  const next = placeAfter(script.text, statement.span.end);
  if (next.at === clause.end) edits.push(insertAt(script.path, clause.end, ` NOT VALID;${eol}${validate}`));
  else {
    edits.push(
      insertAt(script.path, clause.end, ' NOT VALID'),
      insertAt(script.path, next.at, `${next.terminated ? '' : ';'}${eol}${validate}`),
    );
  }
  const title = autocommit
    ? 'Add the constraint NOT VALID, then validate it in a statement of its own'
    : 'Add the constraint NOT VALID, then validate it (move the VALIDATE into a later migration)';
  return { title, edits };
}
