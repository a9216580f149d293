import { problemsOf, revisionSpan } from '../graph';
import type { Rule } from './types';

export const revisionCycle: Rule = {
  meta: {
    id: 'revision-cycle',
    category: 'layout',
    defaultSeverity: 'error',
    summary: 'Revisions that lead back to themselves through down_revision or depends_on (Django: dependencies), which Alembic and Django refuse to load.',
    fixable: false,
    equivalents: {},
  },
  create: () => ({
    folder(folder, _units, report) {
      const { graph, problems } = problemsOf(folder, 'cycle');
      for (const problem of problems) {
        const how =
          problem.ids.length === 1
            ? `Revision ${problem.ids[0]} names itself as its own down revision`
            : `Revisions ${problem.ids.join(', ')} lead back to themselves through down_revision or depends_on (Django: dependencies)`;
        for (const id of problem.ids) {
          const m = graph.nodes.get(id)!.migration;
          const stops = m.django ? 'Django stops with CircularDependencyError' : 'Alembic stops with "Cycle is detected in revisions"';
          report({ path: m.path, span: revisionSpan(m), message: `${how}: ${stops} before running any migration.` });
        }
      }
    },
  }),
};
