// Applies migrations for real, on the embedded throwaway database, to bring it to the state
// the migrations under test start from. Never pointed at a configured database.
import type { ClientBase } from 'pg';
import type { Span } from '../model';
import type { MigrationUnit } from '../rules/types';
import { messageOf } from './connection';

export interface ReplayFailure {
  path: string;
  span: Span;
  message: string;
}

/** Runs each statement in order, autocommitted as a runner would; stops at the first failure. */
export async function replay(db: Pick<ClientBase, 'query'>, units: MigrationUnit[]): Promise<ReplayFailure | undefined> {
  for (const unit of units) {
    for (const s of unit.up.statements) {
      if (s.kind === 'Unanalysed') continue;
      if (s.error) return { path: unit.up.script.path, span: s.error.span, message: `syntax error: ${s.error.message}` };
      try {
        await db.query(s.text);
      } catch (e) {
        return { path: unit.up.script.path, span: s.span, message: messageOf(e) };
      }
    }
  }
  return undefined;
}
