import { loadPython } from './sources/python/parser';
import { loadParser } from './sql/parser';

/** Loads every parser the engine uses (PostgreSQL's, Python's for Alembic); analysis is synchronous after it. */
export function loadParsers(): Promise<void> {
  return Promise.all([loadParser(), loadPython()]).then(() => undefined);
}
