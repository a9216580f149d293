// Django's generated identifiers (django/db/backends/base/schema.py `_create_index_name`,
// django/db/backends/utils.py `truncate_name`), so rendered names match what sqlmigrate prints.
import { createHash } from 'node:crypto';

/** PostgreSQL's identifier limit, `connection.ops.max_name_length()`. */
const MAX_NAME = 63;

/** `names_digest`: md5 over the UTF-8 of every part, hex, first `length` digits. */
export function namesDigest(parts: string[], length: number): string {
  const h = createHash('md5');
  for (const p of parts) h.update(Buffer.from(p, 'utf8'));
  return h.digest('hex').slice(0, length);
}

/** `truncate_name`: a default table name longer than the limit keeps a 4-digit digest of the whole. */
export function truncateName(name: string): string {
  return name.length <= MAX_NAME ? name : `${name.slice(0, MAX_NAME - 4)}${namesDigest([name], 4)}`;
}

/** `_create_index_name(table, columns, suffix)`: index, unique and FK constraint names. */
export function indexName(table: string, columns: string[], suffix = ''): string {
  let hashSuffix = `${namesDigest([table, ...columns], 8)}${suffix}`;
  const joined = columns.join('_');
  const full = `${table}_${joined}_${hashSuffix}`;
  if (full.length <= MAX_NAME) return full;
  if (hashSuffix.length > MAX_NAME / 3) hashSuffix = hashSuffix.slice(0, Math.floor(MAX_NAME / 3));
  const other = Math.floor((MAX_NAME - hashSuffix.length) / 2) - 1;
  const name = `${table.slice(0, other)}_${joined.slice(0, other)}_${hashSuffix}`;
  return /^[_0-9]/.test(name) ? `D${name.slice(0, -1)}` : name;
}

/** `quote_name`. */
export const q = (name: string) => `"${name}"`;
