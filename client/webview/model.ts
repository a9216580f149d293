import type { GraphFolder, GraphNode } from './protocol';

/** A revision another one names that the folder does not have: drawn as a ghost. */
export interface MissingNode {
  id: string;
  missing: true;
}

export type ModelNode = (GraphNode & { missing?: false }) | MissingNode;

export interface Edge {
  from: string;
  to: string;
  kind: 'parent' | 'depends';
}

/** One folder's revisions with the links between them resolved, ready to lay out. */
export interface GraphModel {
  folder: GraphFolder;
  nodes: Map<string, ModelNode>;
  /** From the older revision to the newer one. */
  edges: Edge[];
  /** Ids to flag: named by a problem, or one of several heads. */
  faults: Set<string>;
  /** Branch labels where a branch starts (the payload repeats them on every descendant). */
  newLabels: Map<string, string[]>;
}

export function buildModel(folder: GraphFolder): GraphModel {
  const nodes = new Map<string, ModelNode>(folder.nodes.map((n) => [n.id, n]));
  const edges: Edge[] = [];
  const link = (from: string, to: string, kind: Edge['kind']) => {
    if (!nodes.has(from)) nodes.set(from, { id: from, missing: true });
    edges.push({ from, to, kind });
  };
  const labelOwner = firstCarrierOfEachLabel(folder.nodes);
  for (const n of folder.nodes) {
    for (const p of new Set(n.parents)) link(p, n.id, 'parent');
    for (const d of new Set(n.dependsOn)) link(nodes.has(d) ? d : labelOwner.get(d) ?? d, n.id, 'depends');
  }

  const faults = new Set<string>();
  for (const p of folder.problems) for (const id of [p.id, ...(p.ids ?? [])]) if (id !== undefined) faults.add(id);
  if (folder.heads.length > 1) for (const h of folder.heads) faults.add(h);

  const newLabels = new Map<string, string[]>();
  for (const n of folder.nodes) {
    const inherited = new Set(n.parents.flatMap((p) => labelsOf(nodes.get(p))));
    const own = n.branchLabels.filter((l) => !inherited.has(l));
    if (own.length) newLabels.set(n.id, own);
  }
  return { folder, nodes, edges, faults, newLabels };
}

export function isMissing(node: ModelNode): node is MissingNode {
  return node.missing === true;
}

function labelsOf(node: ModelNode | undefined): string[] {
  return node && !isMissing(node) ? node.branchLabels : [];
}

/** A `depends_on` may name a branch label: it means the revision that starts the branch (nodes come oldest first). */
function firstCarrierOfEachLabel(nodes: GraphNode[]): Map<string, string> {
  const owners = new Map<string, string>();
  for (const n of nodes) for (const l of n.branchLabels) if (!owners.has(l)) owners.set(l, n.id);
  return owners;
}
