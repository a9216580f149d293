import type { MigrationFolder } from '../model';
import { buildGraph } from './build';
import type { GraphProblem, RevisionGraph, RevisionNode } from './types';

export { buildGraph } from './build';
export { problemSite, referenceField, referenceSpan, revisionSpan } from './declarations';
export { graphJson, type RevisionGraphJson, type RevisionNodeJson } from './payload';
export { describeProblem } from './problems';
export type { GraphProblem, RevisionGraph, RevisionNode } from './types';

const built = new WeakMap<MigrationFolder, RevisionGraph>();

/** The folder's graph, built once however many rules ask for it during one analysis. */
export function graphOf(folder: MigrationFolder): RevisionGraph {
  let graph = built.get(folder);
  if (!graph) built.set(folder, (graph = buildGraph(folder)));
  return graph;
}

/** The folder's graph and its faults of one kind: what each graph rule reports. */
export function problemsOf<K extends GraphProblem['kind']>(folder: MigrationFolder, kind: K): { graph: RevisionGraph; problems: Extract<GraphProblem, { kind: K }>[] } {
  const graph = graphOf(folder);
  return { graph, problems: graph.problems.filter((p): p is Extract<GraphProblem, { kind: K }> => p.kind === kind) };
}

/** Every revision above `id`, through parents and `depends_on`. */
export function descendantsOf(graph: RevisionGraph, id: string): Set<string> {
  return reachable(graph, id, (node) => [...node.children, ...node.dependents]);
}

/** Every revision below `id` (that must run before it), through parents and `depends_on`. */
export function ancestorsOf(graph: RevisionGraph, id: string): Set<string> {
  return reachable(graph, id, (node) => [...node.parents, ...node.dependencies].filter((p) => graph.nodes.has(p)));
}

function reachable(graph: RevisionGraph, id: string, next: (node: RevisionNode) => string[]): Set<string> {
  const seen = new Set<string>();
  const todo = [id];
  while (todo.length) {
    const node = graph.nodes.get(todo.pop()!);
    for (const to of node ? next(node) : []) {
      if (!seen.has(to)) {
        seen.add(to);
        todo.push(to);
      }
    }
  }
  return seen;
}
