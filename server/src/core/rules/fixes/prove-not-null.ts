// The fix shared by rules whose statement sets columns NOT NULL on an existing table
// (SET NOT NULL, a PRIMARY KEY over nullable columns): prove the columns non-null with a
// validated CHECK first, which PostgreSQL 12+ accepts instead of scanning under its lock.
import type { Fix } from '../../model';
import type { Catalog } from '../../schema/catalog';
import type { Statement } from '../../sql/script';
import type { MigrationUnit } from '../types';
import { defaultConstraintName } from './constraint-name';
import { insertAt, lineBreakOf, placeAfter } from './text';
import { quoteIdent, quoteRelation } from './tokens';

/** PostgreSQL 12 lets SET NOT NULL skip its scan when a validated CHECK constraint proves the column non-null. */
export const PROOF_SKIPS_SCAN = 12;

/**
 * Before the statement: a NOT VALID check per column (brief lock, no scan) and its
 * VALIDATE (scans without blocking writes); after it, the now redundant checks dropped.
 * Inside one transaction the ADD's lock lasts until COMMIT, so the title says to move the
 * first statements into an earlier migration.
 */
export function proveNotNullFix(statement: Statement, unit: MigrationUnit, relation: any, columns: readonly string[], schema: Catalog): Fix {
  const { path, text } = unit.up.script;
  const table = quoteRelation(relation);
  const taken = new Set(schema.table(relation)?.constraints.keys() ?? []);
  const names = columns.map((column) => {
    const name = freeConstraintName(taken, relation, column);
    taken.add(name);
    return quoteIdent(name);
  });
  const eol = lineBreakOf(text);
  const next = placeAfter(text, statement.span.end);
  const before = columns
    .map(
      (column, i) =>
        `ALTER TABLE ${table} ADD CONSTRAINT ${names[i]} CHECK (${quoteIdent(column)} IS NOT NULL) NOT VALID;${eol}` +
        `ALTER TABLE ${table} VALIDATE CONSTRAINT ${names[i]};${eol}`,
    )
    .join('');
  const after = `${next.terminated ? '' : ';'}${names.map((name) => `${eol}ALTER TABLE ${table} DROP CONSTRAINT ${name};`).join('')}`;
  const what = columns.length === 1 ? 'the column' : 'the columns';
  const title =
    unit.migration.transaction === 'none'
      ? `Prove ${what} non-null with a validated CHECK constraint first`
      : `Prove ${what} non-null with a validated CHECK constraint first (move the ADD and VALIDATE into an earlier migration)`;
  return { title, edits: [insertAt(path, statement.span.start, before), insertAt(path, next.at, after)] };
}

/** PostgreSQL's name for `CHECK (column IS NOT NULL)`, numbered when the table already has a constraint of that name. */
function freeConstraintName(taken: ReadonlySet<string>, relation: any, column: string): string {
  const base = defaultConstraintName(String(relation.relname), {
    contype: 'CONSTR_CHECK',
    raw_expr: { NullTest: { arg: { ColumnRef: { fields: [{ String: { sval: column } }] } } } },
  });
  let name = base;
  for (let n = 1; taken.has(name); n++) name = `${base}${n}`;
  return name;
}
