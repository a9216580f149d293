import { RUNNER } from './fixes/non-transactional';
import type { Rule } from './types';

export const mixedMigrationFormats: Rule = {
  meta: {
    id: 'mixed-migration-formats',
    category: 'layout',
    defaultSeverity: 'warning',
    summary: "A file in a migration folder that follows another tool's naming, so the folder's runner ignores or misreads it.",
    fixable: false,
    equivalents: {},
  },
  create: () => ({
    folder(folder, _units, report) {
      const runner = RUNNER[folder.format];
      for (const stray of folder.strays) {
        if (stray.reason !== 'mixed-format') continue;
        report({
          path: stray.path,
          span: { start: 0, end: 0 },
          message: `${stray.message} ${runner} will not run it as intended: rename it to the folder's ${folder.format} naming, or move it to a folder of its own.`,
        });
      }
    },
  }),
};
