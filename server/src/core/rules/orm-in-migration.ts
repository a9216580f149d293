import type { OrmUse } from '../model';
import type { MigrationUnit, Rule } from './types';

export const ormInMigration: Rule = {
  meta: {
    id: 'orm-in-migration',
    category: 'data',
    defaultSeverity: 'warning',
    summary: "An Alembic revision that works through an ORM session or the application's models, whose rows and columns are the code's at deploy time, not the revision's.",
    fixable: false,
    equivalents: {},
  },
  create: () => {
    // Once per revision for its session work (the first use), once per model it names.
    const reported = new Map<MigrationUnit, Set<string>>();
    return {
      statement({ statement, unit }, report) {
        const orm = statement.rendered?.orm;
        const what = statement.rendered?.unanalysed;
        if (!orm || !what) return;
        const key = orm === 'model' ? what : 'session';
        const seen = reported.get(unit) ?? new Set<string>();
        reported.set(unit, seen);
        if (seen.has(key)) return;
        seen.add(key);
        report({ span: statement.span, message: `${capitalised(what)}. ${ADVICE[orm]}` });
      },
    };
  },
};

const ADVICE: Record<OrmUse, string> = {
  session:
    'Session work in a revision runs the models and queries as the application has them when the revision is applied, so a revision that worked when written fails on a new database once the models change. Declare the few columns it needs with `sa.table(...)` / `sa.column(...)` and use `op.execute()` or `op.get_bind()`, and move row changes to a data migration of their own.',
  data: 'Session work in a revision runs the models and queries as the application has them when the revision is applied, so a revision that worked when written fails on a new database once the models change; in a revision that also changes the schema, the row changes share its transaction and locks. Use `sa.table(...)` with `op.execute()` in a data migration of its own.',
  model:
    'Once the model gains a column or a table is renamed, this revision breaks on every new database. Declare what it needs in the revision itself: `sa.table("users", sa.column("id"), sa.column("email"))`.',
};

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
