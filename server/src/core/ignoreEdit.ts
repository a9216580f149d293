import type { FileEdit } from './model';

/**
 * Inserts `-- migration-guard-ignore <rule>: <reason>` (`#` in Python) on its own line right above a
 * statement, at its indentation. A statement that shares its line with another gets
 * a line break first, or the directive would land above the other one.
 */
export function ignoreDirectiveEdit(path: string, text: string, statementStart: number, ruleId: string): FileEdit {
  const lineStart = text.lastIndexOf('\n', statementStart - 1) + 1;
  const before = text.slice(lineStart, statementStart);
  // Python (Alembic revisions) comments with `#`; the directive sits above the op.* call.
  const comment = /\.py$/i.test(path) ? '#' : '--';
  const directive = `${comment} migration-guard-ignore ${ruleId}: explain why this is safe\n`;
  if (/^[ \t]*$/.test(before)) {
    return { path, span: { start: lineStart, end: lineStart }, newText: before + directive };
  }
  return { path, span: { start: statementStart, end: statementStart }, newText: `\n${directive}` };
}
