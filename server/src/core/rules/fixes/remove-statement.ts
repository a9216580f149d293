// Deleting whole statements, with their `;` and, when they stand alone on their lines, those lines.
import type { FileEdit } from '../../model';
import type { Statement } from '../../sql/script';
import { placeAfter } from './text';

/** An edit that removes `statement` from `text` (the file at `path`). */
export function removeStatement(path: string, text: string, statement: Statement): FileEdit {
  const lineStart = text.lastIndexOf('\n', statement.span.start - 1) + 1;
  const aloneBefore = /^[ \t]*$/.test(text.slice(lineStart, statement.span.start));
  let end = placeAfter(text, statement.span.end).at;
  while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
  const aloneAfter = end === text.length || text[end] === '\n' || text[end] === '\r';
  if (aloneBefore && aloneAfter) {
    if (text.startsWith('\r\n', end)) end += 2;
    else if (text[end] === '\n') end++;
    return { path, span: { start: lineStart, end }, newText: '' };
  }
  return { path, span: { start: statement.span.start, end }, newText: '' };
}
