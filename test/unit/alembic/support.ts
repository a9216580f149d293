// Alembic revisions in memory: read by the real adapter and analysed by the engine.
import * as path from 'node:path';
import { analyzeFolder, type FolderAnalysis } from '../../../server/src/core/engine';
import type { MigrationFolder } from '../../../server/src/core/model';
import { discoverFolders, readFolder, type DirEntry, type FileView } from '../../../server/src/core/sources';
import { applyEdits, type Files } from '../../support/edits';
import { alembicSource } from '../../support/revisions';

export const VERSIONS = '/project/migrations/versions';
export const revisionPath = (name: string) => path.join(VERSIONS, name);

export function memoryFiles(files: Files): FileView {
  return {
    read: (file) => files[file],
    list(dir) {
      const entries = new Map<string, DirEntry>();
      for (const file of Object.keys(files)) {
        const rel = path.relative(dir, file);
        if (rel.startsWith('..') || path.isAbsolute(rel)) continue;
        const [first, ...more] = rel.split(path.sep);
        entries.set(first, { name: first, isDirectory: more.length > 0 });
      }
      return [...entries.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
    },
  };
}

export function readRevisions(files: Files): MigrationFolder {
  const view = memoryFiles(files);
  const [ref] = discoverFolders([VERSIONS], view, { maxDepth: 0 });
  if (ref?.format !== 'alembic') throw new Error(`not detected as Alembic: ${JSON.stringify(ref)}`);
  return readFolder(ref, view);
}

export const analyzeRevisions = (files: Files): FolderAnalysis => analyzeFolder(readRevisions(files), { pgVersion: 16 });

/** Analyses, applies the first fix of the first finding of `ruleId`, and analyses the result. */
export function applyFirstFix(files: Files, ruleId: string) {
  const before = analyzeRevisions(files);
  const finding = before.findings.find((f) => f.ruleId === ruleId);
  if (!finding?.fixes[0]) throw new Error(`no fix from ${ruleId}: ${JSON.stringify(before.findings)}`);
  const fixed = applyEdits(files, finding.fixes[0].edits);
  return { finding, fix: finding.fixes[0], files: fixed, after: analyzeRevisions(fixed) };
}

/** A revision module whose upgrade() body is the given lines (indented by four spaces). */
export function revision(id: string, down: string | null, upgrade: string[]): string {
  const body = ['def upgrade():', ...upgrade.map((l) => `    ${l}`)].join('\n');
  return alembicSource({ id, parents: down === null ? [] : [down] }).replace('def upgrade():\n    pass', body);
}
