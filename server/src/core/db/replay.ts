// Applies migrations for real, on the embedded throwaway database, to bring it to the state
// the migrations under test start from. Never pointed at a configured database.
import type { ClientBase } from 'pg';
import type { Span } from '../model';
import type { MigrationUnit } from '../rules/types';
import { mustRunOutsideTransaction } from '../sql/ast';
import type { Statement } from '../sql/script';
import { messageOf } from './connection';

export interface ReplayFailure {
  path: string;
  span: Span;
  message: string;
}

type Db = Pick<ClientBase, 'query'>;

/**
 * Runs each migration in order and stops at the first failure. A migration goes to the server
 * in one round trip, which PostgreSQL runs as one transaction, as most runners run a
 * migration; on a busy machine each round trip costs a scheduling delay, and hundreds of them
 * dominated the replay. One that cannot run that way (CONCURRENTLY, VACUUM), or whose batch
 * fails (rolled back whole), or that controls its own transaction, runs statement by statement, autocommitted, which also tells
 * which statement fails.
 */
export async function replay(db: Db, units: MigrationUnit[]): Promise<ReplayFailure | undefined> {
  for (const unit of units) {
    const path = unit.up.script.path;
    const statements = unit.up.statements.filter((s) => s.kind !== 'Unanalysed');
    const broken = statements.find((s) => s.error);
    if (broken?.error) return { path, span: broken.error.span, message: `syntax error: ${broken.error.message}` };
    if (statements.length > 1 && statements.every(batchable) && (await batch(db, statements.map((s) => s.text)))) continue;
    for (const s of statements) {
      try {
        await db.query(s.text);
      } catch (e) {
        return { path, span: s.span, message: messageOf(e) };
      }
    }
  }
  return undefined;
}

/**
 * A batch is all or nothing only without transaction control of its own: a COMMIT inside
 * would keep half of a failed batch, and running it again statement by statement would then fail.
 */
function batchable(s: Statement): boolean {
  return s.kind !== 'TransactionStmt' && !mustRunOutsideTransaction(s);
}

/** Whether the statements ran as one query; a line break before each `;` keeps a trailing `--` comment from hiding it. */
async function batch(db: Db, texts: string[]): Promise<boolean> {
  try {
    await db.query(texts.join('\n;\n'));
    return true;
  } catch {
    return false;
  }
}
