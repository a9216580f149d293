// The name PostgreSQL gives a constraint added without one, so that a fix which must
// refer to the constraint later (VALIDATE CONSTRAINT) names it the way the server would.
import { nodesOfKind, stringList } from '../../sql/ast';

/** NAMEDATALEN - 1: identifiers longer than this many bytes are cut. */
const MAX_IDENTIFIER_BYTES = 63;

/**
 * `<table>_<columns>_fkey` for a foreign key, `<table>_<columns>_key` for a unique
 * constraint, `<table>_pkey` for a primary key; `<table>_<column>_check` for a check on
 * one column, `<table>_check` otherwise (ChooseConstraintName in PostgreSQL). When that
 * name is taken PostgreSQL appends a number instead, which only the database knows.
 */
export function defaultConstraintName(table: string, constraint: any): string {
  if (constraint.contype === 'CONSTR_FOREIGN') return makeObjectName(table, stringList(constraint.fk_attrs).join('_'), 'fkey');
  if (constraint.contype === 'CONSTR_UNIQUE') return makeObjectName(table, stringList(constraint.keys).join('_'), 'key');
  if (constraint.contype === 'CONSTR_PRIMARY') return makeObjectName(table, '', 'pkey');
  if (constraint.contype === 'CONSTR_NOTNULL') return makeObjectName(table, stringList(constraint.keys).join('_'), 'not_null');
  const columns = new Set(nodesOfKind(constraint.raw_expr, 'ColumnRef').map((ref) => stringList(ref.fields).pop()));
  const [only] = columns;
  return makeObjectName(table, columns.size === 1 && only ? only : '', 'check');
}

/** PostgreSQL's makeObjectName: shortens the longer of the two names until the result fits. */
function makeObjectName(name1: string, name2: string, label: string): string {
  const overhead = (name2 ? 1 : 0) + label.length + 1;
  let bytes1 = Buffer.byteLength(name1);
  let bytes2 = Buffer.byteLength(name2);
  while (bytes1 + bytes2 > MAX_IDENTIFIER_BYTES - overhead) {
    if (bytes1 > bytes2) bytes1--;
    else bytes2--;
  }
  return [clip(name1, bytes1), ...(name2 ? [clip(name2, bytes2)] : []), label].join('_');
}

/** The longest prefix of `s` within `bytes` UTF-8 bytes that does not split a character. */
function clip(s: string, bytes: number): string {
  let out = '';
  for (const ch of s) {
    if (Buffer.byteLength(out + ch) > bytes) break;
    out += ch;
  }
  return out;
}
