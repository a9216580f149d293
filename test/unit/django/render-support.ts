// Django migration modules read into the renderer's input for the tests: the `operations`
// and `atomic` of the `Migration` class, evaluated with the shared Python reader. The
// real discovery and reading (sources/django/) is tested in reading.test.ts.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { PyNode } from '../../../server/src/core/sources/python/parser';
import { withPythonTree } from '../../../server/src/core/sources/python/parser';
import { evaluate, Scope } from '../../../server/src/core/sources/python/values';
import { emptyState, renderMigration, type DjangoMigrationInput, type ProjectState, type RenderedMigration } from '../../../server/src/core/sources/django/render';

/** Reads `text` and renders it on `state`, inside the tree's lifetime (the PyValues hold its nodes). */
export function renderModule(app: string, name: string, text: string, state: ProjectState = emptyState()): RenderedMigration {
  return withPythonTree(text, (root) => renderMigration(migrationInput(app, name, root), state));
}

function migrationInput(app: string, name: string, root: PyNode): DjangoMigrationInput {
  const moduleScope = Scope.of(root.namedChildren);
  const cls = root.namedChildren.find((n) => n.type === 'class_definition' && n.childForFieldName('name')?.text === 'Migration');
  if (!cls) throw new Error(`${app}.${name} has no Migration class`);
  const body = cls.childForFieldName('body')!.namedChildren;
  const scope = Scope.of(body, moduleScope);
  const value = (binding: string) => (scope.lookup(binding) ? evaluate(scope.lookup(binding)!, scope) : undefined);
  const operations = value('operations');
  if (operations?.kind !== 'seq') throw new Error(`${app}.${name} has no literal operations list`);
  const atomic = value('atomic');
  return { app, name, operations: operations.items, atomic: !(atomic?.kind === 'bool' && !atomic.value) };
}

/** A migration module whose Migration class holds `operations` (Python source lines) and `extra` class lines. */
export function migrationModule(operations: string[], extra: string[] = []): string {
  return [
    'from django.db import migrations, models',
    'import django.db.models.deletion',
    'from django.contrib.postgres.operations import AddIndexConcurrently, RemoveIndexConcurrently, AddConstraintNotValid, ValidateConstraint',
    '',
    '',
    'class Migration(migrations.Migration):',
    ...extra.map((l) => `    ${l}`),
    '    operations = [',
    ...operations.map((l) => `        ${l}`),
    '    ]',
    '',
  ].join('\n');
}

/** The migrations of a fixture app, in name order. */
export function fixtureMigrations(root: string, app: string): { name: string; text: string }[] {
  const dir = path.join(root, app, 'migrations');
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}_\w+\.py$/.test(f))
    .sort()
    .map((f) => ({ name: f.slice(0, -3), text: fs.readFileSync(path.join(dir, f), 'utf8') }));
}
