// Revision graphs built in memory: Migration objects with ids, parents and Alembic's
// extra links, and the folders TRUTH.json describes (computed by real Alembic).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FormatId, Migration, MigrationFolder } from '../../server/src/core/model';
import { corpusRoot } from './paths';

export const GRAPH_FOLDER = '/project/versions';

export interface RevisionSpec {
  id: string;
  parents?: string[];
  dependsOn?: string[];
  branchLabels?: string[];
  /** Relative to the folder; defaults to `<id>_change.py`. */
  file?: string;
  name?: string;
  text?: string;
}

/** An Alembic revision module declaring what the spec says, with empty upgrade() and downgrade(). */
export function alembicSource(spec: RevisionSpec): string {
  const literal = (ids: string[] = []) => (ids.length === 0 ? 'None' : ids.length === 1 ? `'${ids[0]}'` : `(${ids.map((i) => `'${i}'`).join(', ')})`);
  return [
    `"""${spec.name ?? spec.id}"""`,
    'from alembic import op',
    '',
    `revision = '${spec.id}'`,
    `down_revision = ${literal(spec.parents)}`,
    `branch_labels = ${spec.branchLabels ? `(${spec.branchLabels.map((l) => `'${l}',`).join(' ')})` : 'None'}`,
    `depends_on = ${literal(spec.dependsOn)}`,
    '',
    '',
    'def upgrade():',
    '    pass',
    '',
    '',
    'def downgrade():',
    '    pass',
    '',
  ].join('\n');
}

export function revision(spec: RevisionSpec, format: FormatId = 'alembic'): Migration {
  const file = path.join(GRAPH_FOLDER, spec.file ?? `${spec.id}_change.py`);
  const text = spec.text ?? (format === 'alembic' ? alembicSource(spec) : '');
  return {
    id: spec.id,
    name: spec.name ?? spec.id,
    format,
    folder: GRAPH_FOLDER,
    path: file,
    sortKey: [],
    parents: spec.parents ?? [],
    up: { path: file, text, span: { start: 0, end: text.length } },
    supportsDown: true,
    transaction: 'wrapped',
    ...(spec.dependsOn ? { dependsOn: spec.dependsOn } : {}),
    ...(spec.branchLabels ? { branchLabels: spec.branchLabels } : {}),
  };
}

export function revisionFolder(specs: RevisionSpec[], format: FormatId = 'alembic'): MigrationFolder {
  return { path: GRAPH_FOLDER, format, migrations: specs.map((s) => revision(s, format)), strays: [] };
}

/** A linear chain 1 → 2 → … → n, as the linear formats' adapters link it. */
export function chain(n: number, format: FormatId = 'golang-migrate'): MigrationFolder {
  const ids = Array.from({ length: n }, (_, i) => String(i + 1).padStart(6, '0'));
  return revisionFolder(
    ids.map((id, i) => ({ id, parents: i === 0 ? [] : [ids[i - 1]], file: `${id}_change.up.sql` })),
    format,
  );
}

export interface AlembicTruth {
  revision_count: number;
  heads: string[];
  bases: string[];
  branchpoints: string[];
  mergepoints: string[];
  branch_labels: Record<string, string[]>;
  depends_on: Record<string, string[]>;
  down_revision: Record<string, string | string[] | null>;
  files: Record<string, string>;
  alembic_cli_history: string[];
}

export const TRUTH_SETS = {
  redash: 'redash/migrations/versions',
  keystone: 'keystone/keystone/common/sql/migrations/versions',
} as const;

export function alembicTruth(set: keyof typeof TRUTH_SETS): AlembicTruth {
  return JSON.parse(fs.readFileSync(path.join(corpusRoot, 'TRUTH.json'), 'utf8')).alembic[set];
}

/**
 * The folder TRUTH.json describes, without reading the files: ids, down
 * revisions, the file each is in, and the doc `alembic history` printed.
 * Own branch labels are not in TRUTH.json (it lists inherited ones), so they
 * are given: keystone declares `expand` and `contract` on its two Yoga revisions.
 */
export function truthFolder(set: keyof typeof TRUTH_SETS, ownLabels: Record<string, string[]> = {}): MigrationFolder {
  const truth = alembicTruth(set);
  const docs = new Map(truth.alembic_cli_history.map((line) => {
    const [, rest] = line.split(' -> ');
    return [rest.split(/[ ,]/)[0], rest.slice(rest.indexOf(', ') + 2)];
  }));
  const specs = Object.entries(truth.files).map(([id, file]): RevisionSpec => {
    const down = truth.down_revision[id];
    return { id, file, name: docs.get(id), parents: down === null ? [] : typeof down === 'string' ? [down] : down, branchLabels: ownLabels[id], dependsOn: truth.depends_on[id] };
  });
  return revisionFolder(specs);
}

export const corpusVersions = (set: keyof typeof TRUTH_SETS) => path.join(corpusRoot, TRUTH_SETS[set]);
