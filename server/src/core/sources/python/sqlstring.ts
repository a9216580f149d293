// SQL given to a migration framework as a Python string (Alembic's op.execute, Django's
// RunSQL), made parseable while keeping positions inside the literal exact where it can.
import type { RenderedStatement } from '../../model';
import type { PyValue } from './values';

/** The SQL of a string value, with `verbatimAt` when it stands in the file as written. */
export function sqlOfString(v: Extract<PyValue, { kind: 'str' }>): Pick<RenderedStatement, 'sql' | 'verbatimAt'> {
  const { sql, sameLength } = withoutBindParameters(v.value);
  return v.verbatimAt !== undefined && sameLength ? { sql, verbatimAt: v.verbatimAt } : { sql };
}

/**
 * `:name` bind parameters (SQLAlchemy's text()) and `%s` / `%(name)s` placeholders become
 * NULL, so the statement parses; padded to the placeholder's length where it is long enough,
 * so positions inside a verbatim literal stay exact.
 */
export function withoutBindParameters(sql: string): { sql: string; sameLength: boolean } {
  let sameLength = true;
  const out = sql.replace(/(?<![:\w\\]):[A-Za-z_]\w*|%\([A-Za-z_]\w*\)s|%s/g, (p) => {
    if (p.length < 4) sameLength = false;
    return 'NULL'.padEnd(p.length);
  });
  return { sql: out, sameLength };
}
