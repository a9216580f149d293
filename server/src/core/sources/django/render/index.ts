// The seam between reading Django migration modules (../) and rendering their operations as
// the PostgreSQL SQL `sqlmigrate` prints (this folder). The reader walks the project's
// migrations in dependency order and hands each one to renderMigration with one shared state.
import type { RenderedStatement } from '../../../model';
import type { PyValue } from '../../python/values';
import { NotRendered } from './errors';
import { readOperation, type Operation } from './operations';
import { SchemaEditor } from './schema';
import { contribModels, projectSettings, type ProjectSettings } from './settings';
import { modelKey, tableOf, type Models, type ModelState } from './state';

export type { ModelState } from './state';

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

/** The models of every app as the migrations so far leave them (`app.model` keys); advanced by renderMigration. */
export interface ProjectState {
  models: Map<string, ModelState>;
  settings: ProjectSettings;
}

export { projectSettings, type ProjectSettings } from './settings';

/** The state before the project's first migration: only django.contrib's models. */
export function emptyState(settings: ProjectSettings = projectSettings()): ProjectState {
  return { models: contribModels(), settings };
}

export interface RenderedMigration {
  /** What `sqlmigrate app name` prints, one entry per statement, each on the operation it came from. */
  up: RenderedStatement[];
  /** What `sqlmigrate --backwards` prints; an irreversible operation is an `unanalysed` entry saying so. */
  down: RenderedStatement[];
}

interface Step {
  op: PyValue;
  operation?: Operation;
  /** Why the operation or its SQL is not rendered. */
  failed?: string;
  before: Models;
  after: Models;
}

/** Renders one migration on `state` and advances `state` past it. */
export function renderMigration(migration: DjangoMigrationInput, state: ProjectState): RenderedMigration {
  const steps: Step[] = [];
  let models: Models = state.models;
  for (const op of migration.operations) {
    const before = models;
    let operation: Operation | undefined;
    let failed: string | undefined;
    try {
      operation = readOperation(op, migration.app, state.settings);
      models = operation.state(before);
    } catch (e) {
      failed = reason(e);
      // What the operation touched is no longer known; later operations on it are not guessed either.
      models = forgetTouched(before, op, migration.app);
    }
    steps.push({ op, operation, failed, before, after: models });
  }
  state.models = models;
  const up = new SchemaEditor(!migration.atomic);
  for (const s of steps) run(up, s, (o, ed) => o.forwards(ed, s.before, s.after), createdTable(s));
  const down = new SchemaEditor(!migration.atomic);
  for (const s of [...steps].reverse()) run(down, s, (o, ed) => o.backwards(ed, s.after, s.before));
  return { up: up.finish(), down: down.finish() };
}

function run(ed: SchemaEditor, step: Step, render: (o: Operation, ed: SchemaEditor) => void, createsTable?: string): void {
  ed.span = { start: step.op.node.startIndex, end: step.op.node.endIndex };
  if (!step.operation || step.failed) return ed.unanalysed(step.failed ?? 'not rendered', createsTable);
  try {
    ed.transaction(() => render(step.operation!, ed));
  } catch (e) {
    ed.unanalysed(reason(e), createsTable);
  }
}

/**
 * The table a step's model state gains (CreateModel), even when its SQL is not rendered:
 * netbox's virtualization 0038 creates VirtualDisk with a field it cannot render, then adds
 * a unique constraint to the new, empty table.
 */
function createdTable(step: Step): string | undefined {
  if (step.op.kind !== 'call' || !/(^|\.)CreateModel$/.test(step.op.callee)) return undefined;
  const made = [...step.after.values()].find((m) => m.hasTable && !step.before.has(modelKey(m.app, m.name)));
  return made && tableOf(made);
}

function reason(e: unknown): string {
  if (e instanceof NotRendered) return `Django operation not rendered: ${e.message}`;
  throw e;
}

/** The state without the model an unreadable operation names (`model_name=` or `name=`). */
function forgetTouched(models: Models, op: PyValue, app: string): Models {
  if (op.kind !== 'call') return models;
  const named = op.kwargs.get('model_name') ?? op.kwargs.get('name') ?? op.kwargs.get('old_name') ?? op.args[0];
  if (named?.kind !== 'str') return models;
  const next = new Map(models);
  next.delete(`${app}.${named.value.toLowerCase()}`);
  return next;
}
