// Small text edits that fixes share.
import type { FileEdit } from '../../model';

/** An insertion of `newText` at `at` in `path`. */
export function insertAt(path: string, at: number, newText: string): FileEdit {
  return { path, span: { start: at, end: at }, newText };
}

// The last file asked about: rules ask once per fix, and a 5,000-statement file with
// hundreds of fixes was scanned whole for each.
let last = { text: '', lineBreak: '\n' };

/** The line break the file already uses, so that inserted lines match it. */
export function lineBreakOf(text: string): string {
  if (text !== last.text) last = { text, lineBreak: text.includes('\r\n') ? '\r\n' : '\n' };
  return last.lineBreak;
}

/**
 * Where a new statement can follow the one ending at `end`: after its `;` and any line
 * comment sharing that line, or right at `end` when no `;` closes it (a file's last statement).
 */
export function placeAfter(text: string, end: number): { at: number; terminated: boolean } {
  let j = end;
  while (j < text.length && /\s/.test(text[j])) j++;
  if (text[j] !== ';') return { at: end, terminated: false };
  const newline = text.indexOf('\n', j);
  const rest = text.slice(j + 1, newline < 0 ? text.length : newline).replace(/\r$/, '');
  return { at: /^[ \t]*(--.*)?$/.test(rest) ? j + 1 + rest.length : j + 1, terminated: true };
}
