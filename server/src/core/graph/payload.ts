import { describeProblem } from './problems';
import type { GraphProblem, RevisionGraph } from './types';

/** A revision as the CLI's JSON and the editor's graph panel show it. */
export interface RevisionNodeJson {
  id: string;
  name: string;
  path: string;
  parents: string[];
  dependsOn: string[];
  branchLabels: string[];
  isHead: boolean;
  isBase: boolean;
  isBranchPoint: boolean;
  isMergePoint: boolean;
}

export interface RevisionGraphJson {
  path: string;
  format: string;
  /** Oldest first, in `alembic history` order. */
  nodes: RevisionNodeJson[];
  heads: string[];
  bases: string[];
  branchPoints: string[];
  mergePoints: string[];
  problems: (GraphProblem & { message: string })[];
}

/** The graph as plain data, every path shown through `show` (made relative, or kept absolute). */
export function graphJson(g: RevisionGraph, show: (file: string) => string): RevisionGraphJson {
  return {
    path: show(g.folder.path),
    format: g.folder.format,
    nodes: g.order.map((id) => {
      const n = g.nodes.get(id)!;
      return {
        id,
        name: n.migration.name,
        path: show(n.migration.path),
        parents: n.parents,
        dependsOn: n.dependsOn,
        branchLabels: n.branchLabels,
        isHead: n.isHead,
        isBase: n.isBase,
        isBranchPoint: n.isBranchPoint,
        isMergePoint: n.isMergePoint,
      };
    }),
    heads: g.heads,
    bases: g.bases,
    branchPoints: g.branchPoints,
    mergePoints: g.mergePoints,
    problems: g.problems.map((p) => ({
      ...p,
      ...(p.kind === 'duplicate-id' ? { paths: p.paths.map(show) } : {}),
      message: describeProblem(p, g.folder.path),
    })),
  };
}
