// What the graph panel and its host say to each other. Dependency-free on purpose: the
// page (browser), the extension host and the language server all import these types.

// The graph types mirror server/src/core/graph/payload.ts (RevisionGraphJson), which the page
// cannot import (it pulls in Node modules); server/src/lsp/requests.ts builds a GraphPayload
// from it, so tsc reports any drift there.

/** One revision, as `migration-guard graph --format json` prints it. */
export interface GraphNode {
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
  /** How many findings the editor currently has for the migration; absent from the CLI's output. */
  findings?: number;
}

export interface GraphProblem {
  kind: string;
  message: string;
  id?: string;
  missing?: string;
  ids?: string[];
}

export interface GraphFolder {
  path: string;
  format: string;
  nodes: GraphNode[];
  heads: string[];
  bases: string[];
  branchPoints: string[];
  mergePoints: string[];
  problems: GraphProblem[];
}

export interface GraphPayload {
  folders: GraphFolder[];
}

/** The language server's request behind the panel; its result is a GraphPayload. */
export const GRAPH_REQUEST = 'migrationGuard/graph';

export type HostMessage =
  | { type: 'graph'; payload: GraphPayload }
  // Extension point: the dry-run preview is not built yet; the page ignores this message for now.
  | { type: 'dryRun'; payload: unknown };

export type PageMessage = { type: 'ready' } | { type: 'open'; path: string };
