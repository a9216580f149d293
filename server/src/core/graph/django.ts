import type { GraphProblem, RevisionNode } from './types';
import { addTo } from '../group';

/**
 * Faults of a Django project's per-app graphs: more than one leaf in an app (what
 * `makemigrations --merge` resolves, and `migrate` refuses to run), and two migrations of
 * an app with one number. Leaves are the app's heads, since only same-app dependencies
 * are parents.
 */
export function djangoProblems(nodes: Map<string, RevisionNode>, heads: string[]): GraphProblem[] {
  const problems: GraphProblem[] = [];
  const byApp = new Map<string, RevisionNode[]>();
  for (const n of nodes.values()) {
    const app = n.migration.django?.app;
    if (app) addTo(byApp, app, n);
  }
  for (const [app, members] of byApp) {
    const leaves = members.filter((n) => heads.includes(n.id)).map((n) => n.id);
    if (leaves.length > 1) problems.push({ kind: 'multiple-leaves', app, ids: leaves.sort() });
    const byNumber = new Map<string, string[]>();
    for (const n of members) {
      const number = /^\d+/.exec(n.migration.name)?.[0];
      if (number) addTo(byNumber, number, n.id);
    }
    for (const [number, ids] of byNumber) if (ids.length > 1) problems.push({ kind: 'duplicate-number', app, number, ids: ids.sort() });
  }
  return problems;
}
