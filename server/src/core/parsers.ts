import type { FormatId } from './model';
import { loadPython } from './sources/python/parser';
import { adapterFor } from './sources/registry';
import { loadParser } from './sql/parser';

/** Loads every parser the engine uses (PostgreSQL's, Python's for Alembic); analysis is synchronous after it. */
export function loadParsers(): Promise<void> {
  return Promise.all([loadParser(), loadPython()]).then(() => undefined);
}

/**
 * Loads the parsers that reading folders of `formats` needs: PostgreSQL's, and Python's only
 * for formats whose migrations are code. Compiling Python's grammar costs a one-shot run
 * (the CLI) tens of milliseconds that SQL-only projects never use.
 */
export function loadParsersFor(formats: readonly FormatId[]): Promise<void> {
  const python = formats.some((f) => adapterFor(f).readsPython);
  return Promise.all([loadParser(), python && loadPython()]).then(() => undefined);
}
