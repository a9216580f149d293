import * as path from 'node:path';
import type { Migration } from '../model';
import type { Rule } from './types';

/** Where each format keeps a migration's down, completing "add …". */
const EXPECTED: Partial<Record<Migration['format'], (up: string) => string>> = {
  'golang-migrate': (up) => `${up.replace(/\.up\.sql$/, '')}.down.sql next to it`,
  dbmate: () => 'a `-- migrate:down` section to the file',
  goose: () => 'a `-- +goose Down` section to the file',
  flyway: (up) => `the undo script ${up.replace(/^V/, 'U')} next to it`,
  plain: (up) => `${up.replace(/\.sql$/, '')}_down.sql next to it (or a file of the same name in rollback/)`,
};

export const missingDownMigration: Rule = {
  meta: {
    id: 'missing-down-migration',
    category: 'downgrade',
    defaultSeverity: 'info',
    summary: 'A migration in a folder that keeps down migrations has none, so it cannot be rolled back.',
    fixable: false,
    equivalents: {},
  },
  create: () => ({
    migration({ migration, up }, report) {
      if (!migration.supportsDown || migration.down) return;
      const expected = EXPECTED[migration.format]?.(path.basename(migration.path)) ?? 'a down migration';
      report({
        span: up.statements[0]?.span ?? { start: 0, end: 0 },
        message: `This migration has no down, so it cannot be rolled back: add ${expected} with the SQL that undoes it.`,
      });
    },
  }),
};
