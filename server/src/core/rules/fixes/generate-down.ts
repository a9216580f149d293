// "Generate the down migration": the up's undos written where the migration's format keeps
// its down (a file of its own, a section of the same file, Alembic's downgrade()).
import * as path from 'node:path';
import type { FileEdit, Fix, Migration, MigrationFolder, TransactionMode } from '../../model';
import { undoCall } from '../../sources/alembic/invert';
import type { Statement } from '../../sql/script';
import type { MigrationUnit, RuleContext } from '../types';
import { downSql, invertScript, type Undo } from './invert';
import { insertAt, lineBreakOf } from './text';

/** The file a down of its own goes in, for the formats that keep one (undefined for the others). */
export function downFilePath(migration: Migration, folder: MigrationFolder): string | undefined {
  const up = migration.path;
  const dir = path.dirname(up);
  switch (migration.format) {
    case 'golang-migrate':
      return up.replace(/\.up\.sql$/, '.down.sql');
    case 'flyway':
      return path.join(dir, path.basename(up).replace(/^V/, 'U'));
    case 'plain':
      // A folder that keeps its rollbacks in rollback/ gets the new one there too.
      return usesRollbackDir(folder) ? path.join(dir, 'rollback', path.basename(up)) : up.replace(/\.sql$/, '_down.sql');
  }
  return undefined;
}

const usesRollbackDir = (folder: MigrationFolder) => folder.migrations.some((m) => m.down && path.basename(path.dirname(m.down.path)) === 'rollback');

/** The marker line that opens a down section, for the formats that keep both in one file. */
const SECTION_MARKER: Partial<Record<Migration['format'], string>> = { dbmate: '-- migrate:down', goose: '-- +goose Down' };

export const keepsDownInSection = (format: Migration['format']) => format in SECTION_MARKER;

/** The fix for a migration whose down is missing or empty; undefined when the up changes nothing to undo. */
export function generateDownFix(unit: MigrationUnit, context: RuleContext): Fix | undefined {
  const { migration } = unit;
  const shown = (s: Statement) => (s.rendered && !s.rendered.verbatim ? migration.up.text.slice(s.span.start, s.span.end) : s.text);
  const before = (statement: Statement) => context.schemaBefore({ unit, statement, direction: 'up' });
  const undos = concurrentOnlyOutsideTransaction(invertScript(unit.up.statements, before, shown), downMode(migration));
  if (undos.length === 0) return undefined;
  const edits = migration.format === 'alembic' ? alembicEdits(migration, undos) : sqlEdits(migration, context.folder, undos);
  if (!edits) return undefined;
  const cannot = undos.filter((u) => u.kind === 'cannot').length;
  const title = `Generate the down migration${cannot ? ` (${cannot} statement${cannot === 1 ? '' : 's'} could not be inverted: see the TODO${cannot === 1 ? '' : 's'})` : ''}`;
  return { title, edits, ...(migration.format === 'alembic' ? { editsCode: true as const } : {}) };
}

/** How the runner will run the new down: a dbmate section without `transaction:false` and Alembic's downgrade() are wrapped. */
function downMode(migration: Migration): TransactionMode {
  return migration.format === 'dbmate' || migration.format === 'alembic' ? 'wrapped' : migration.transaction;
}

/**
 * DROP INDEX CONCURRENTLY fails inside a transaction block: keep it only where the down
 * runs bare (no transaction, or a single statement sent on its own).
 */
function concurrentOnlyOutsideTransaction(undos: Undo[], mode: TransactionMode): Undo[] {
  const statements = undos.filter((u) => u.kind !== 'cannot').length;
  const bare = mode === 'none' || ((mode === 'implicit' || mode === 'auto') && statements === 1);
  return bare ? undos : undos.map((u) => (u.kind === 'drop' && u.concurrently ? { ...u, concurrently: undefined } : u));
}

function sqlEdits(migration: Migration, folder: MigrationFolder, undos: Undo[]): FileEdit[] | undefined {
  const { down, up } = migration;
  const eol = lineBreakOf(up.text);
  const sql = downSql(undos, eol);
  // An empty down (a section or a file with nothing in it) is filled where it ends.
  if (down) return [insertAt(down.path, down.span.end, `${startsLine(down.text, down.span.end) ? '' : eol}${sql}`)];
  const file = downFilePath(migration, folder);
  if (file) return [{ path: file, span: { start: 0, end: 0 }, newText: sql, create: true }];
  const marker = SECTION_MARKER[migration.format];
  if (!marker) return undefined;
  const end = up.text.length;
  return [insertAt(up.path, end, `${startsLine(up.text, end) ? '' : eol}${eol}${marker}${eol}${sql}`)];
}

const startsLine = (text: string, at: number) => at === 0 || text[at - 1] === '\n';

/** A docstring opening a function body. */
const DOCSTRING = /^(?:"{3}[\s\S]*?"{3}|'{3}[\s\S]*?'{3}|"[^"\n]*"|'[^'\n]*')/;

/** downgrade()'s body replaced but for its docstring (it was `pass` or a `raise`), or a downgrade() added at the end of the module. */
function alembicEdits(migration: Migration, undos: Undo[]): FileEdit[] {
  const lines = undos.flatMap(undoCall);
  const { up, down } = migration;
  const eol = lineBreakOf(up.text);
  if (down) {
    const indent = /[ \t]*$/.exec(down.text.slice(down.text.lastIndexOf('\n', down.span.start - 1) + 1, down.span.start))![0];
    const docstring = DOCSTRING.exec(down.text.slice(down.span.start, down.span.end))?.[0];
    return [{ path: down.path, span: down.span, newText: [...(docstring ? [docstring] : []), ...lines].join(`${eol}${indent}`) }];
  }
  const end = up.text.length;
  const body = lines.map((l) => `    ${l}${eol}`).join('');
  return [insertAt(up.path, end, `${startsLine(up.text, end) ? '' : eol}${eol}${eol}def downgrade():${eol}${body}`)];
}
