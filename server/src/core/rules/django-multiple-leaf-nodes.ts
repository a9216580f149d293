import { problemsOf, revisionSpan } from '../graph';
import { djangoMergeFix } from './fixes/django-merge';
import type { Rule } from './types';

export const djangoMultipleLeafNodes: Rule = {
  meta: {
    id: 'django-multiple-leaf-nodes',
    category: 'layout',
    defaultSeverity: 'error',
    summary: 'A Django app has two migrations that nothing builds on, so `manage.py migrate` refuses to run until they are merged.',
    fixable: true,
    equivalents: {},
  },
  create: () => ({
    folder(folder, _units, report) {
      const { graph, problems } = problemsOf(folder, 'multiple-leaves');
      for (const problem of problems) {
        const leaves = problem.ids.map((id) => graph.nodes.get(id)!.migration);
        const appMigrations = folder.migrations.filter((m) => m.django?.app === problem.app);
        const fix = djangoMergeFix(problem.app, leaves, appMigrations);
        for (const m of leaves) {
          const others = leaves.filter((l) => l !== m).map((l) => l.name).join(', ');
          report({
            path: m.path,
            span: revisionSpan(m),
            message: `${m.name} is a leaf of app ${problem.app}, and so is ${others}: Django stops with "Conflicting migrations detected" until a merge migration depends on both (\`makemigrations --merge\`).`,
            fixes: [fix],
          });
        }
      }
    },
  }),
};
