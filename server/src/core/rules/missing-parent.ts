import { descendantsOf, problemsOf, problemSite, referenceField, referenceSpan } from '../graph';
import type { Fix, Migration, Span } from '../model';
import type { Rule } from './types';

/** How many heads a fix offers to point the reference at. */
const MAX_CANDIDATES = 3;

export const missingParent: Rule = {
  meta: {
    id: 'missing-parent',
    category: 'layout',
    defaultSeverity: 'error',
    summary: 'A down_revision or depends_on (a Django dependency) names a revision that does not exist, so Alembic (Django) cannot load the history at all.',
    fixable: true,
    equivalents: {},
  },
  create: () => ({
    folder(folder, _units, report) {
      const { graph, problems } = problemsOf(folder, 'missing-parent');
      for (const problem of problems) {
        const m = graph.nodes.get(problem.id)!.migration;
        const field = referenceField(problem.via);
        const at = referenceSpan(m, field, problem.missing);
        // Any head not built on this revision can be its parent without making a cycle; for Django, a leaf of the named app.
        const above = descendantsOf(graph, problem.id);
        const app = problem.via === 'dependencies' ? problem.missing.slice(0, problem.missing.indexOf('.') + 1) : '';
        const candidates = graph.heads.filter((h) => h !== problem.id && !above.has(h) && h.startsWith(app)).slice(0, MAX_CANDIDATES);
        const message =
          problem.via === 'dependencies'
            ? `dependencies name ${problem.missing}, but its app has no migration of that name, so Django stops with NodeNotFoundError before running any migration. Was it renamed, deleted, or not merged from another branch?`
            : `${field} names ${problem.missing}, but no revision in this folder has that id, so Alembic stops before running any migration. Was it renamed, deleted, or not merged from another branch?`;
        report({
          path: m.path,
          span: problemSite(graph, problem).span,
          message,
          fixes: at ? candidates.map((h) => replaceWith(graph.nodes.get(h)!.migration, field, at, m.path)) : [],
        });
      }
    },
  }),
};

/** A Django dependency names the migration within its app; Alembic names the revision id. */
function replaceWith(head: Migration, field: string, span: Span, path: string): Fix {
  if (head.django) return { title: `Depend on ${head.id} (the leaf of ${head.django.app})`, edits: [{ path, span, newText: head.name }] };
  return { title: `Set ${field} to ${head.id} (head: ${head.name || head.id})`, edits: [{ path, span, newText: head.id }] };
}
