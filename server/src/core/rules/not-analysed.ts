import type { MigrationUnit, Rule } from './types';

export const notAnalysed: Rule = {
  meta: {
    id: 'not-analysed',
    category: 'correctness',
    defaultSeverity: 'info',
    summary: 'Migration code that could not be read without running it (an op.* call, a dynamic down_revision), so no rule checked it.',
    fixable: false,
    equivalents: {},
  },
  create: () => {
    // A Django operation renders both the up and the down from one span of code: it is
    // reported once, not once per direction (netbox: 279 such pairs).
    const reported = new WeakMap<MigrationUnit, Set<string>>();
    return {
      statement({ statement, unit }, report) {
        const reason = statement.rendered?.unanalysed;
        // ORM use is orm-in-migration's to report.
        if (!reason || statement.rendered?.orm) return;
        const seen = reported.get(unit) ?? new Set<string>();
        reported.set(unit, seen);
        const key = `${statement.span.start}:${statement.span.end}:${reason}`;
        if (seen.has(key)) return;
        seen.add(key);
        report({ span: statement.span, message: `Not analysed: ${reason}` });
      },
      migration({ migration }, report) {
        for (const n of migration.notAnalysed ?? []) report({ span: n.span, message: `Not analysed: ${n.reason}` });
      },
    };
  },
};
