// The one gate every rule's fixes pass: SQL text edits only where that SQL is in the file.
import type { Fix } from '../../model';
import type { Statement } from '../../sql/script';

/**
 * The fixes that may be offered for a finding on `statement`. SQL generated from code (an
 * Alembic operation) is not in the file, so SQL edits would land in Python; inside a plain
 * string literal they are kept when they cannot break the literal (no quote, backslash or
 * line break). Fixes that edit the code itself (`editsCode`) always pass.
 */
export function offerableFixes(statement: Statement | undefined, fixes: Fix[]): Fix[] {
  const rendered = statement?.rendered;
  if (!rendered) return fixes;
  return fixes.filter((f) => f.editsCode || (rendered.verbatim && f.edits.every((e) => !/["'\\\r\n]/.test(e.newText))));
}

/** SQL generated from code rather than written in the file: its fixes must edit the code. */
export function isGenerated(statement: Statement): boolean {
  return statement.rendered !== undefined && !statement.rendered.verbatim;
}
