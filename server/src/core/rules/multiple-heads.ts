import { graphOf, revisionSpan, type RevisionGraph } from '../graph';
import { mergeRevisionFix } from './fixes/merge-revision';
import type { Rule } from './types';

export const multipleHeads: Rule = {
  meta: {
    id: 'multiple-heads',
    category: 'layout',
    defaultSeverity: 'error',
    summary: 'The revision graph has two heads on the same branch, so `alembic upgrade head` refuses to run.',
    fixable: true,
    equivalents: {},
  },
  create: () => ({
    folder(folder, _units, report) {
      // A Django project has one head per app; django-multiple-leaf-nodes checks each app.
      if (folder.format === 'django') return;
      const graph = graphOf(folder);
      for (const group of competingHeads(graph)) {
        const fixes = folder.format === 'alembic' ? [mergeRevisionFix(folder.path, group)] : [];
        for (const id of group) {
          const m = graph.nodes.get(id)!.migration;
          const others = group.filter((h) => h !== id).join(', ');
          report({
            path: m.path,
            span: revisionSpan(m),
            message: `Revision ${id} is a head, and so is ${others}: \`alembic upgrade head\` refuses to choose between them. Merge them into one revision (\`alembic merge heads\`).`,
            fixes,
          });
        }
      }
    },
  }),
};

/**
 * Heads that compete for the same branch: sharing a branch label, or both
 * without one. Heads of differently labelled branches (keystone's `expand`
 * and `contract`) are meant to stay apart, and are upgraded as `branch@head`.
 */
function competingHeads(graph: RevisionGraph): string[][] {
  const labels = (id: string) => graph.nodes.get(id)!.branchLabels;
  const compete = (a: string, b: string) =>
    (labels(a).length === 0 && labels(b).length === 0) || labels(a).some((l) => labels(b).includes(l));
  let groups: string[][] = [];
  for (const head of graph.heads) {
    const joined = groups.filter((g) => g.some((h) => compete(h, head)));
    groups = [...groups.filter((g) => !joined.includes(g)), [...joined.flat(), head]];
  }
  return groups.filter((g) => g.length > 1).map((g) => graph.heads.filter((h) => g.includes(h)));
}
