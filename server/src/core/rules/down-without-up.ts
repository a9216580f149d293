import type { Rule } from './types';

export const downWithoutUp: Rule = {
  meta: {
    id: 'down-without-up',
    category: 'layout',
    defaultSeverity: 'warning',
    summary: 'A down migration with no up migration of the same version, usually left behind by a rename.',
    fixable: false,
    equivalents: {},
  },
  create: () => ({
    folder(folder, _units, report) {
      for (const stray of folder.strays) {
        if (stray.reason !== 'down-without-up') continue;
        report({
          path: stray.path,
          span: { start: 0, end: 0 },
          // The source's message says what it found; the rule adds what to do.
          message: `${stray.message} It never runs: rename it to match its up migration's version and name, or delete it.`,
        });
      }
    },
  }),
};
