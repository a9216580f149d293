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
    // A Django operation renders both ways from the same call: one that cannot be read is said once.
    const said = new WeakMap<MigrationUnit, Set<string>>();
    return {
      statement({ statement, unit }, report) {
        const reason = statement.rendered?.unanalysed;
        // ORM use is orm-in-migration's to report.
        if (!reason || statement.rendered?.orm) return;
        const key = `${statement.span.start}:${statement.span.end}:${reason}`;
        const seen = said.get(unit) ?? new Set<string>();
        said.set(unit, seen);
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
