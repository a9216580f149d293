import type { Migration, MigrationFolder } from '../model';
import { findCycles } from './cycles';
import { djangoProblems } from './django';
import { normalizedDowns } from './dependencies';
import { alembicHistory } from './history';
import { spreadLabels } from './labels';
import { byLoadOrder } from './loadOrder';
import type { GraphProblem, RevisionGraph, RevisionNode } from './types';
import { addTo } from '../group';

/**
 * The revision DAG of one folder, from each migration's parents (and, for
 * Alembic, `depends_on` and branch labels). Linear formats arrive with each
 * migration's parent set to the previous version, so they come out as a chain
 * through the same code.
 */
export function buildGraph(folder: MigrationFolder): RevisionGraph {
  const problems: GraphProblem[] = [];
  const revisions = byLoadOrder([folder.path, ...(folder.also ?? [])], distinctRevisions(folder, problems));
  const labelOwners = ownersOfLabels(revisions, problems);

  const django = folder.format === 'django';
  const nodes = new Map<string, RevisionNode>();
  for (const m of revisions) {
    const dependsOn = m.dependsOn ?? [];
    nodes.set(m.id, {
      id: m.id,
      migration: m,
      parents: m.parents,
      dependsOn,
      dependencies: [],
      branchLabels: [],
      children: [],
      dependents: [],
      isHead: false,
      isBase: m.parents.length === 0,
      isBranchPoint: false,
      isMergePoint: m.parents.length > 1,
    });
  }
  for (const node of nodes.values()) {
    for (const p of new Set(node.parents)) {
      const parent = nodes.get(p);
      if (parent) parent.children.push(node.id);
      else problems.push({ kind: 'missing-parent', id: node.id, missing: p, via: django ? 'dependencies' : 'parent' });
    }
    for (const d of new Set(node.dependsOn)) {
      const target = nodes.has(d) ? d : labelOwners.get(d);
      if (target === undefined) problems.push({ kind: 'missing-parent', id: node.id, missing: d, via: django ? 'dependencies' : 'depends_on' });
      else if (!node.dependencies.includes(target)) {
        node.dependencies.push(target);
        nodes.get(target)!.dependents.push(node.id);
      }
    }
  }
  for (const node of nodes.values()) {
    node.isHead = node.children.length === 0;
    node.isBranchPoint = node.children.length > 1;
  }

  const ids = [...nodes.keys()];
  const cycles = findCycles(ids, (id) => {
    const n = nodes.get(id)!;
    return [...n.parents.filter((p) => nodes.has(p)), ...n.dependencies];
  });
  for (const c of cycles) problems.push({ kind: 'cycle', ids: c });

  const ownLabels = new Map(revisions.filter((m) => m.branchLabels?.length).map((m) => [m.id, m.branchLabels!]));
  for (const [id, labels] of spreadLabels(nodes, ownLabels)) nodes.get(id)!.branchLabels = labels;

  const onCycle = new Set(cycles.flat());
  const acyclic = ids.filter((id) => !onCycle.has(id));
  const downs = normalizedDowns(nodes, onCycle);
  const newestFirst = alembicHistory(acyclic, downs);
  const pick = (test: (n: RevisionNode) => boolean) => [...nodes.values()].filter(test).map((n) => n.id);
  const heads = pick((n) => n.isHead);
  if (django) problems.push(...djangoProblems(nodes, heads));
  return {
    folder,
    nodes,
    heads,
    bases: pick((n) => n.isBase),
    branchPoints: pick((n) => n.isBranchPoint),
    mergePoints: pick((n) => n.isMergePoint),
    // Revisions on a cycle have no place in a topological order; they go first.
    order: [...ids.filter((id) => onCycle.has(id)), ...newestFirst.reverse()],
    problems,
  };
}

/**
 * One revision per id, the first in the folder's run order; the others are
 * reported. Linear formats link a second copy to the first, which would
 * otherwise read as a revision naming itself.
 */
function distinctRevisions(folder: MigrationFolder, problems: GraphProblem[]): Migration[] {
  const byId = new Map<string, Migration[]>();
  for (const m of folder.migrations) addTo(byId, m.id, m);
  for (const [id, copies] of byId) if (copies.length > 1) problems.push({ kind: 'duplicate-id', id, paths: copies.map((c) => c.path) });
  return [...byId.values()].map((copies) => copies[0]);
}

/** Which revision declares each branch label; Alembic refuses a label declared twice or equal to a revision id. */
function ownersOfLabels(revisions: Migration[], problems: GraphProblem[]): Map<string, string> {
  const ids = new Set(revisions.map((m) => m.id));
  const declaring = new Map<string, string[]>();
  for (const m of revisions) for (const label of new Set(m.branchLabels ?? [])) addTo(declaring, label, m.id);
  const owners = new Map<string, string>();
  for (const [label, by] of declaring) {
    if (by.length > 1 || ids.has(label)) problems.push({ kind: 'duplicate-label', label, ids: by });
    else owners.set(label, by[0]);
  }
  return owners;
}
