// The seam between reading Django migration modules (../) and rendering their operations as
// the PostgreSQL SQL `sqlmigrate` prints (this folder). The reader walks the project's
// migrations in dependency order and hands each one to renderMigration with one shared state.
import type { RenderedStatement } from '../../../model';
import type { PyValue } from '../../python/values';

export interface DjangoMigrationInput {
  /** The app label (`dcim`). */
  app: string;
  /** The migration's name (`0002_auto_20160622_1821`). */
  name: string;
  /** The items of `operations = [...]`, evaluated statically; calls such as `migrations.AddField(...)`. */
  operations: PyValue[];
  /** `atomic = False` on the Migration class makes this false. */
  atomic: boolean;
}

/** The models of every app as the migrations so far leave them; advanced by renderMigration. */
export interface ProjectState {
  readonly models: Map<string, unknown>;
}

export function emptyState(): ProjectState {
  return { models: new Map() };
}

export interface RenderedMigration {
  /** What `sqlmigrate app name` prints, one entry per statement, each on the operation it came from. */
  up: RenderedStatement[];
  /** What `sqlmigrate --backwards` prints; an irreversible operation is an `unanalysed` entry saying so. */
  down: RenderedStatement[];
}

/** Renders one migration on `state` and advances `state` past it. */
export function renderMigration(migration: DjangoMigrationInput, state: ProjectState): RenderedMigration {
  void state;
  const pending = (op: PyValue): RenderedStatement => ({ sql: '', span: { start: op.node.startIndex, end: op.node.endIndex }, unanalysed: 'Django operations are not rendered yet' });
  return { up: migration.operations.map(pending), down: [] };
}
