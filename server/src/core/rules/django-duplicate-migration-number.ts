import { problemsOf, revisionSpan } from '../graph';
import type { Rule } from './types';

export const djangoDuplicateMigrationNumber: Rule = {
  meta: {
    id: 'django-duplicate-migration-number',
    category: 'layout',
    defaultSeverity: 'info',
    summary: 'Two migrations of one Django app start with the same number: usually two branches that each added one, merged since or not.',
    fixable: false,
    equivalents: {},
  },
  create: () => ({
    folder(folder, _units, report) {
      const { graph, problems } = problemsOf(folder, 'duplicate-number');
      for (const problem of problems) {
        for (const id of problem.ids) {
          const m = graph.nodes.get(id)!.migration;
          const others = problem.ids.filter((o) => o !== id).map((o) => graph.nodes.get(o)!.migration.name);
          report({
            path: m.path,
            span: revisionSpan(m),
            message: `${m.name} has the number ${problem.number}, as ${others.join(', ')} in app ${problem.app} does: Django orders migrations by their dependencies, not their numbers, so check that the two do not change the same models in an order nobody chose.`,
          });
        }
      }
    },
  }),
};
