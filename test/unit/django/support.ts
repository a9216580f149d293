// Django projects in memory: read by the real adapter and analysed by the engine.
import * as path from 'node:path';
import { analyzeFolder, type FolderAnalysis } from '../../../server/src/core/engine';
import type { MigrationFolder } from '../../../server/src/core/model';
import { discoverFolders, readFolder } from '../../../server/src/core/sources';
import { applyEdits, type Files } from '../../support/edits';
import { memoryFiles } from '../alembic/support';

export const PROJECT = '/project';
export const migrationPath = (app: string, name: string) => path.join(PROJECT, app, 'migrations', `${name}.py`);

export interface Spec {
  deps?: string[];
  /** Lines of the class body after `dependencies`, indented by four spaces. */
  body?: string[];
  operations?: string[];
}

/** A migration module as makemigrations writes it; `deps` are Python expressions. */
export function migration({ deps = [], body = [], operations = [] }: Spec): string {
  const list = (name: string, items: string[]) => [`    ${name} = [`, ...items.map((i) => `        ${i},`), '    ]'];
  return [
    'from django.conf import settings',
    'from django.db import migrations, models',
    '',
    '',
    'class Migration(migrations.Migration):',
    ...body.map((l) => `    ${l}`),
    ...list('dependencies', deps),
    '',
    ...list('operations', operations),
    '',
  ].join('\n');
}

/** Files of a project: `app/name` → module text. */
export function project(migrations: Record<string, string>, extra: Files = {}): Files {
  const files: Files = { ...extra };
  for (const [key, text] of Object.entries(migrations)) {
    const [app, name] = key.split('/');
    files[migrationPath(app, name)] = text;
    files[path.join(PROJECT, app, 'migrations', '__init__.py')] = '';
  }
  return files;
}

export function readProject(files: Files): MigrationFolder {
  const view = memoryFiles(files);
  const refs = discoverFolders([PROJECT], view);
  const django = refs.filter((r) => r.format === 'django');
  if (django.length !== 1 || django[0].path !== PROJECT) throw new Error(`not one Django project at ${PROJECT}: ${JSON.stringify(refs)}`);
  return readFolder(django[0], view);
}

export const analyzeProject = (files: Files): FolderAnalysis => analyzeFolder(readProject(files), { pgVersion: 16 });

export const findingsOf = (files: Files, ruleId: string) => analyzeProject(files).findings.filter((f) => f.ruleId === ruleId);

/** Applies the first fix of the first finding of `ruleId` and analyses the result. */
export function applyFirstFix(files: Files, ruleId: string) {
  const [finding] = findingsOf(files, ruleId);
  if (!finding?.fixes[0]) throw new Error(`no fix from ${ruleId}`);
  const fixed = applyEdits(files, finding.fixes[0].edits);
  return { finding, fix: finding.fixes[0], files: fixed, after: analyzeProject(fixed) };
}
