import * as path from 'node:path';
import type { Migration, Script, Span } from '../model';
import { downFilePath, generateDownFix, keepsDownInSection } from './fixes/generate-down';
import { needsUndo } from './fixes/invert';
import type { MigrationUnit, Rule } from './types';

/** Where each format keeps a migration's down, completing "add …"; `file` is relative to the up's folder. */
const EXPECTED: Partial<Record<Migration['format'], (file: string) => string>> = {
  'golang-migrate': (file) => `${file} next to it`,
  dbmate: () => 'a `-- migrate:down` section to the file',
  goose: () => 'a `-- +goose Down` section to the file',
  flyway: (file) => `the undo script ${file} next to it`,
  plain: (file) => (file.includes('/') ? file : `${file} next to it (or a file of the same name in rollback/)`),
  alembic: () => 'a `downgrade()` function',
};

/** What an empty down consists of, completing "The down of this migration is …". */
function emptiness({ migration, up, down }: MigrationUnit): string | undefined {
  if (!down || !up.statements.some(needsUndo)) return undefined;
  if (down.script.emptyBody === 'raise') return '`raise NotImplementedError`';
  if (down.script.emptyBody === 'pass') return 'only `pass`';
  // Code migrations' downs are generated or written as code; an empty one is not an empty file.
  if (migration.format === 'alembic' || migration.format === 'django' || down.skipped || down.statements.length > 0) return undefined;
  return 'empty';
}

/** Where an empty down is: a section's marker line, or what stands in the down (a `pass`, comments, nothing). */
function emptyDownSpan(migration: Migration, { text, span }: Script): Span {
  if (keepsDownInSection(migration.format) && span.start > 0) {
    const markerEnd = text[span.start - 1] === '\n' ? span.start - 1 : span.start;
    const end = text[markerEnd - 1] === '\r' ? markerEnd - 1 : markerEnd;
    return { start: text.lastIndexOf('\n', markerEnd - 1) + 1, end };
  }
  const inner = text.slice(span.start, span.end);
  const start = span.start + (inner.length - inner.trimStart().length);
  return { start, end: Math.max(start, span.start + inner.trimEnd().length) };
}

export const missingDownMigration: Rule = {
  meta: {
    id: 'missing-down-migration',
    category: 'downgrade',
    defaultSeverity: 'info',
    summary: 'A migration in a folder that keeps down migrations has none, or an empty one, so it cannot be rolled back.',
    fixable: true,
    equivalents: {},
  },
  create: (context) => ({
    migration(unit, report) {
      const { migration, up, down } = unit;
      if (!migration.supportsDown) return;
      const fix = generateDownFix(unit, context);
      const fixes = fix ? [fix] : [];
      if (!down) {
        const file = path.relative(path.dirname(migration.path), downFilePath(migration, context.folder) ?? '').split(path.sep).join('/');
        const expected = EXPECTED[migration.format]?.(file) ?? 'a down migration';
        report({
          span: up.statements[0]?.span ?? { start: 0, end: 0 },
          message: `This migration has no down, so it cannot be rolled back: add ${expected} with the SQL that undoes it.`,
          fixes,
        });
        return;
      }
      const empty = emptiness(unit);
      if (!empty) return;
      report({
        path: down.script.path,
        span: emptyDownSpan(migration, down.script),
        message: `The down of this migration is ${empty}, so rolling it back would leave what the up changed in place: write the SQL that undoes it.`,
        fixes,
      });
    },
  }),
};
