import { typeModifier } from '../sql/columns';
import { quoteIdent } from './fixes/tokens';
import type { TypeCheck, TypeVerdict } from './preferType';

/**
 * `text` with the length limit kept as a CHECK constraint, for a column of a table the
 * script creates. On an existing table a CHECK added with the column makes PostgreSQL
 * scan every row under ACCESS EXCLUSIVE, so no rewrite is offered there.
 */
export function boundedText({ column, tableIsNew }: TypeCheck): Pick<TypeVerdict, 'replacement' | 'fixTitle'> {
  const length = typeModifier(column.def);
  if (!tableIsNew || column.def.typeName?.arrayBounds) return {};
  if (length === undefined) return { replacement: 'text' };
  return {
    replacement: `text CHECK (char_length(${quoteIdent(column.def.colname)}) <= ${length})`,
    fixTitle: `Use text with a CHECK on its length`,
  };
}
