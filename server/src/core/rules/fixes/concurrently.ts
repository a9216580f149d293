// The fix shared by the rules that ask for a statement's CONCURRENTLY form, which
// PostgreSQL refuses inside a transaction block (DROP INDEX, REINDEX, DETACH PARTITION).
import type { Fix, Migration } from '../../model';
import type { Statement } from '../../sql/script';
import { nonTransactionalEdits, nonTransactionalSetting } from './non-transactional';
import { insertAt } from './text';
import { findKeyword, tokenize, type Token } from './tokens';

/**
 * Inserts ` CONCURRENTLY` after the token `after` picks, and turns the migration's
 * transaction off where its format allows. `action` starts the title ("Drop the index
 * concurrently"). `detectedByFlyway` is false for statements Flyway does not recognise as
 * non-transactional on its own, so that its `.conf` switch is written for them too.
 */
export function concurrentlyFix(
  statement: Statement,
  migration: Migration,
  statementCount: number,
  action: string,
  after: (tokens: Token[]) => Token | undefined,
  detectedByFlyway = true,
): Fix | undefined {
  const at = after(tokenize(statement.text));
  if (!at) return undefined;
  const edits = [insertAt(migration.up.path, statement.span.start + at.end, ' CONCURRENTLY')];
  const runner = !detectedByFlyway && migration.transaction === 'auto' ? { ...migration, transaction: 'wrapped' as const } : migration;
  const outside = nonTransactionalEdits(runner, statementCount);
  if (outside === undefined) return { title: `${action} (then move it into a migration of its own)`, edits };
  if (outside.length === 0) return { title: action, edits };
  return { title: `${action} and run the migration outside a transaction (${nonTransactionalSetting(migration)})`, edits: [...edits, ...outside] };
}

/** The keyword `word` as a picker for `concurrentlyFix`. */
export const keyword = (word: string) => (tokens: Token[]) => findKeyword(tokens, word);
