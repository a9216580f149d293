import type { Rule } from './types';

export const notAnalysed: Rule = {
  meta: {
    id: 'not-analysed',
    category: 'correctness',
    defaultSeverity: 'info',
    summary: 'Migration code that could not be read without running it (an op.* call, a dynamic down_revision), so no rule checked it.',
    fixable: false,
    equivalents: {},
  },
  create: () => ({
    statement({ statement }, report) {
      const reason = statement.rendered?.unanalysed;
      // ORM use is orm-in-migration's to report.
      if (reason && !statement.rendered?.orm) report({ span: statement.span, message: `Not analysed: ${reason}` });
    },
    migration({ migration }, report) {
      for (const n of migration.notAnalysed ?? []) report({ span: n.span, message: `Not analysed: ${n.reason}` });
    },
  }),
};
