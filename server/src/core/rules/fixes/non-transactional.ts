// How each format tells its runner not to wrap a migration in a transaction, which
// statements such as CREATE INDEX CONCURRENTLY need.
import * as path from 'node:path';
import type { FileEdit, FormatId, Migration, TransactionMode } from '../../model';
import { atomicFalseEdits } from '../../sources/django/fixes';
import { DiskFileView } from '../../sources/files';
import { insertAt, lineBreakOf } from './text';

type Direction = 'up' | 'down';

/** The tool that runs each format, as messages name it at the start of a sentence. */
export const RUNNER: Record<FormatId, string> = {
  'golang-migrate': 'golang-migrate',
  flyway: 'Flyway',
  dbmate: 'dbmate',
  goose: 'goose',
  prisma: 'Prisma Migrate',
  supabase: 'The Supabase CLI',
  plain: 'The migration runner',
  alembic: 'Alembic',
  django: 'Django',
};

interface Switch {
  /** The setting as users write it, for titles and messages. */
  setting: string;
  /** How the runner treats the script once the setting is on. */
  off: TransactionMode;
  /** Where it goes for the up or the down script, completing "add it …". */
  where(migration: Migration, direction: Direction): string;
  edits(migration: Migration, readFile: (file: string) => string | undefined): FileEdit[];
}

const SWITCHES: Partial<Record<FormatId, Switch>> = {
  django: {
    setting: 'atomic = False',
    off: 'none',
    where: () => 'to the Migration class',
    edits: (migration) => atomicFalseEdits(migration.up) ?? [],
  },
  dbmate: {
    setting: 'transaction:false',
    off: 'implicit',
    where: (_m, direction) => `to the \`-- migrate:${direction}\` line`,
    edits: ({ up }) => {
      const { text, span } = up;
      // The up section starts on the line after its marker.
      const lineEnd = span.start - 1;
      const lineStart = text.lastIndexOf('\n', lineEnd - 1) + 1;
      const line = lineEnd >= 0 && text[lineEnd] === '\n' ? text.slice(lineStart, lineEnd).replace(/\r$/, '') : '';
      if (!/^\uFEFF?--\s*migrate:up\b/.test(line)) {
        return [insertAt(up.path, span.start, `-- migrate:up transaction:false${lineBreakOf(text)}`)];
      }
      if (/(^|\s)transaction:false(\s|$)/.test(line)) return [];
      return [insertAt(up.path, lineStart + line.length, ' transaction:false')];
    },
  },
  goose: {
    setting: '-- +goose NO TRANSACTION',
    off: 'none',
    where: () => 'at the top of the file',
    edits: ({ up }) => {
      if (/^--\s*\+goose\s+NO\s+TRANSACTION\s*$/im.test(up.text)) return [];
      return [insertAt(up.path, up.text.startsWith('\uFEFF') ? 1 : 0, `-- +goose NO TRANSACTION${lineBreakOf(up.text)}`)];
    },
  },
  flyway: {
    setting: 'executeInTransaction=false',
    off: 'none',
    where: (m, direction) => `in ${path.basename((m[direction] ?? m.up).path)}.conf`,
    edits: ({ up }, readFile) => {
      const conf = `${up.path}.conf`;
      const text = readFile(conf);
      if (text === undefined) return [{ path: conf, span: { start: 0, end: 0 }, newText: 'executeInTransaction=false\n', create: true }];
      const existing = /^[ \t]*executeInTransaction[ \t]*=[ \t]*([^\r\n]*)/m.exec(text);
      if (existing) {
        const valueStart = existing.index + existing[0].length - existing[1].length;
        return [{ path: conf, span: { start: valueStart, end: valueStart + existing[1].length }, newText: 'false' }];
      }
      const eol = lineBreakOf(text);
      const separator = text === '' || text.endsWith('\n') ? '' : eol;
      return [insertAt(conf, text.length, `${separator}executeInTransaction=false${eol}`)];
    },
  },
};

const disk = new DiskFileView();

/**
 * Whether a script of `statementCount` statements, one of which must run outside a
 * transaction, does so under this mode. Flyway (`auto`) runs such a script bare only when
 * that statement is all it holds.
 */
function runsOutside(mode: TransactionMode, statementCount: number): boolean {
  return mode === 'none' || ((mode === 'implicit' || mode === 'auto') && statementCount <= 1);
}

/**
 * Edits that make the runner run `migration` outside a transaction: empty when it already
 * does, undefined when its format has no switch that would help (the statement then needs
 * a migration of its own). `readFile` sees Flyway's per-script `.conf`, when there is one.
 */
export function nonTransactionalEdits(
  migration: Migration,
  statementCount: number,
  readFile: (file: string) => string | undefined = (f) => disk.read(f),
): FileEdit[] | undefined {
  if (runsOutside(migration.transaction, statementCount)) return [];
  const s = SWITCHES[migration.format];
  return s && runsOutside(s.off, statementCount) ? s.edits(migration, readFile) : undefined;
}

/** "add `transaction:false` to the `-- migrate:up` line", or undefined when the format has no switch. */
export function nonTransactionalAdvice(migration: Migration, direction: Direction): string | undefined {
  const s = SWITCHES[migration.format];
  return s && `add \`${s.setting}\` ${s.where(migration, direction)}`;
}

/** The setting's spelling in the migration's format (`transaction:false`), for fix titles. */
export function nonTransactionalSetting(migration: Migration): string | undefined {
  return SWITCHES[migration.format]?.setting;
}

/**
 * Why a statement of the migration's up or down script runs inside a transaction block,
 * and what to do about it; `what` names the statement (`CREATE INDEX CONCURRENTLY`).
 */
export function whyInTransaction(migration: Migration, direction: Direction, what: string, statementCount: number): string {
  const runner = RUNNER[migration.format];
  const s = SWITCHES[migration.format];
  const advice = s && runsOutside(s.off, statementCount) ? `${nonTransactionalAdvice(migration, direction)}, or ` : '';
  if (migration.format === 'alembic' && migration.transaction === 'wrapped') {
    // A revision of its own does not help: by default the run's one transaction spans every revision.
    return `Alembic runs revisions inside a transaction, where ${what} fails: put the call inside \`with op.get_context().autocommit_block():\`, which commits first and runs its body outside any transaction.`;
  }
  switch (migration.transaction) {
    case 'wrapped':
      return `${runner} runs this migration inside a transaction, where ${what} fails: ${advice}move the statement into a migration of its own.`;
    case 'auto':
      return `${runner} refuses a migration that mixes ${what} with statements that need a transaction (or, with \`mixed\` on, wraps them all in one): ${advice}move the statement into a migration of its own.`;
    case 'implicit':
      if (statementCount > 1) {
        return `${runner} sends the file as one multi-statement query, which PostgreSQL runs as one transaction, where ${what} fails: move this statement into a migration of its own.`;
      }
  }
  return `This statement sits between BEGIN and COMMIT, where ${what} fails: move it outside the transaction block.`;
}
