import type { Span } from '../model';
import type { Statement } from '../sql/script';
import { isGenerated } from './fixes/gate';

/**
 * File offsets of `part`, given as offsets in the statement's text; the whole statement's
 * span when its SQL is generated from code and so not in the file to point into.
 */
export function spanWithin(statement: Statement, part: Span): Span {
  if (isGenerated(statement)) return statement.span;
  return { start: statement.span.start + part.start, end: statement.span.start + part.end };
}
