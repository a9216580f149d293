import { descendantsOf, graphOf, referenceSpan, revisionSpan } from '../graph';
import type { Fix, Migration, Span } from '../model';
import type { Rule } from './types';

/** How many heads a fix offers to point the reference at. */
const MAX_CANDIDATES = 3;

export const missingParent: Rule = {
  meta: {
    id: 'missing-parent',
    category: 'layout',
    defaultSeverity: 'error',
    summary: 'A down_revision or depends_on names a revision that does not exist, so Alembic cannot load the history at all.',
    fixable: true,
    equivalents: {},
  },
  create: () => ({
    folder(folder, _units, report) {
      const graph = graphOf(folder);
      for (const problem of graph.problems) {
        if (problem.kind !== 'missing-parent') continue;
        const m = graph.nodes.get(problem.id)!.migration;
        const field = problem.via === 'parent' ? 'down_revision' : 'depends_on';
        const at = referenceSpan(m, field, problem.missing);
        // Any head not built on this revision can be its parent without making a cycle.
        const above = descendantsOf(graph, problem.id);
        const candidates = graph.heads.filter((h) => h !== problem.id && !above.has(h)).slice(0, MAX_CANDIDATES);
        report({
          path: m.path,
          span: at ?? revisionSpan(m),
          message: `${field} names ${problem.missing}, but no revision in this folder has that id, so Alembic stops before running any migration. Was it renamed, deleted, or not merged from another branch?`,
          fixes: at ? candidates.map((h) => replaceWith(graph.nodes.get(h)!.migration, field, at, m.path)) : [],
        });
      }
    },
  }),
};

function replaceWith(head: Migration, field: string, span: Span, path: string): Fix {
  return { title: `Set ${field} to ${head.id} (head: ${head.name || head.id})`, edits: [{ path, span, newText: head.id }] };
}
