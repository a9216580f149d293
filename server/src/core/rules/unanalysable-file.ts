import type { Rule } from './types';

export const unanalysableFile: Rule = {
  meta: {
    id: 'unanalysable-file',
    category: 'correctness',
    defaultSeverity: 'info',
    summary: 'A migration file that is binary, too large or unreadable, so no other rule checked it.',
    fixable: false,
    equivalents: {},
  },
  create: () => ({
    folder(folder, _units, report) {
      for (const stray of folder.strays) {
        if (stray.reason === 'unreadable') report({ path: stray.path, span: { start: 0, end: 0 }, message: stray.message });
      }
    },
    migration({ up, down }, report) {
      // dbmate and goose keep up and down in one file: say it once.
      const seen = new Set<string>();
      for (const script of [up, down]) {
        if (!script?.skipped || seen.has(script.script.path)) continue;
        seen.add(script.script.path);
        report({ path: script.script.path, span: { start: 0, end: 0 }, message: script.skipped.reason });
      }
    },
  }),
};
