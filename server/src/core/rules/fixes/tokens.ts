// PostgreSQL's own scanner over one statement's text, so that edits land on real
// tokens: never inside a comment, a string or a quoted identifier.
import { scanSync } from 'libpg-query';
import type { Span } from '../../model';
import { utf16Mapper } from '../../sql/parser';

export interface Token extends Span {
  /** As written. */
  text: string;
  /** 0 not a keyword, 1 unreserved, 2 column name, 3 type or function name, 4 reserved (PostgreSQL's categories). */
  keywordKind: number;
}

const CACHE_LIMIT = 20_000;
const cache = new Map<string, Token[]>();

/**
 * Tokens of `sql` without its comments, with UTF-16 offsets into `sql`; empty if it does not
 * scan. Several rules and fixes ask for the same statement's tokens on every check, so they
 * are remembered by text, as parses are. Callers must not change the array.
 */
export function tokenize(sql: string): Token[] {
  let tokens = cache.get(sql);
  if (!tokens) {
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
    cache.set(sql, (tokens = scan(sql)));
  }
  return tokens;
}

function scan(sql: string): Token[] {
  const at = utf16Mapper(sql, 'bytes');
  try {
    return scanSync(sql)
      .tokens.filter((t) => t.tokenName !== 'SQL_COMMENT' && t.tokenName !== 'C_COMMENT')
      .map((t) => ({ start: at(t.start), end: at(t.end), text: sql.slice(at(t.start), at(t.end)), keywordKind: t.keywordKind }));
  } catch {
    return [];
  }
}

/** The first token that is the keyword `word` (any case), not a quoted identifier spelled the same. */
export function findKeyword(tokens: Token[], word: string): Token | undefined {
  return tokens.find((t) => t.keywordKind > 0 && t.text.toUpperCase() === word);
}

/** Tokens split at commas outside parentheses and brackets: the commands of an ALTER TABLE. */
export function topLevelParts(tokens: Token[]): Token[][] {
  const parts: Token[][] = [[]];
  let depth = 0;
  for (const t of tokens) {
    if (t.text === '(' || t.text === '[') depth++;
    else if (t.text === ')' || t.text === ']') depth--;
    else if (t.text === ';' && depth === 0) break;
    else if (t.text === ',' && depth === 0) {
      parts.push([]);
      continue;
    }
    parts[parts.length - 1].push(t);
  }
  return parts;
}

/** An identifier as PostgreSQL's quote_ident would write it: bare when it can be, quoted otherwise. */
export function quoteIdent(name: string): string {
  const bare = /^[a-z_][a-z0-9_$]*$/.test(name) && (tokenize(name)[0]?.keywordKind ?? 0) <= 1;
  return bare ? name : `"${name.replace(/"/g, '""')}"`;
}

/** `schema.name` of a RangeVar, quoted where needed. */
export function quoteRelation(rangeVar: any): string {
  const name = quoteIdent(String(rangeVar?.relname ?? ''));
  return rangeVar?.schemaname ? `${quoteIdent(rangeVar.schemaname)}.${name}` : name;
}
