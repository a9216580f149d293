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
  /** When it was written, as the file says (Alembic's `Create Date:`) or its timestamp id spells it; absent from the CLI's output. */
  date?: string;
  /** Where its file declares the revision, which is where findings about it as a whole (several heads) sit; absent from the CLI's output. */
  declaredAt?: Range;
}

export interface GraphProblem {
  kind: string;
  message: string;
  id?: string;
  missing?: string;
  ids?: string[];
  /** The file and range of the finding that reports the problem; absent from the CLI's output. */
  at?: { path: string; range: Range };
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

/** Where a migration stands on the connected environment. */
export type MigrationState = 'applied' | 'pending' | 'current' | 'dirty' | 'failed' | 'changed-after-applied';

export interface AppliedStateFolder {
  path: string;
  /** By graph node id (GraphNode.id); a migration absent here has no known state. */
  states: Record<string, MigrationState>;
  /** Versions the database records that no file of the folder contains. */
  unknown: string[];
}

export interface AppliedStatePayload {
  /** The environment that was read; absent when none is configured. */
  environment?: string;
  /** Why nothing could be read: no environment, an untrusted workspace, a server that does not answer. */
  error?: string;
  folders: AppliedStateFolder[];
}

/** The language server's applied state of every folder on the active environment; no params. */
export const APPLIED_STATE_REQUEST = 'migrationGuard/appliedState';

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** One statement as it will be sent: the file's text for SQL formats, the rendered SQL for Alembic and Django. */
export interface PreviewStatement {
  uri: string;
  /** Where the statement (or the Python call it was rendered from) stands in its file. */
  range: Range;
  sql: string;
  /** The strongest lock the static analysis predicts, e.g. `ACCESS EXCLUSIVE on orders`. */
  strongestLock?: string;
  /** Must run outside a transaction (CONCURRENTLY, VACUUM, ...). */
  nonTransactional: boolean;
  findings: PreviewFinding[];
}

export interface PreviewFinding {
  ruleId: string;
  severity: Severity;
  message: string;
}

export interface PreviewMigration {
  /** GraphNode.id of the migration. */
  id: string;
  name: string;
  path: string;
  statements: PreviewStatement[];
  /** Findings about the migration as a whole (a missing down, several heads), with where the editor shows them. */
  findings: (PreviewFinding & { uri: string; range: Range })[];
  /** Why no statement is listed (a file too large or not analysed). */
  unanalysed?: string;
}

export interface PreviewParams {
  /** The file in the active editor; the preview covers the migration it belongs to. */
  uri: string;
  direction: 'up' | 'down';
  /**
   * A second revision (GraphNode.id of the same folder): the preview then covers every
   * revision between the two, both included, in the order they would run.
   */
  to?: string;
}

export interface PreviewPayload {
  direction: 'up' | 'down';
  migrations: PreviewMigration[];
}

/** The SQL a migration will run, statement by statement, with no database involved. */
export const PREVIEW_REQUEST = 'migrationGuard/preview';

/** What a dry run observed for one statement, keyed back to it by uri and range. */
export type DryRunOutcome =
  | { status: 'ok'; durationMs: number; rows: number | null; locks: { relation: string; mode: string }[]; rewritten: string[] }
  | { status: 'error'; durationMs: number; message: string }
  | { status: 'skipped' | 'not-run'; reason: string };

export interface DryRunStatement {
  uri: string;
  range: Range;
  outcome: DryRunOutcome;
}

export interface DryRunParams {
  /** A migration's file: `this` runs that migration (after replaying or on top of what is applied), `pending` every pending one up to it. */
  uri: string;
  scope: 'this' | 'pending';
  /**
   * `down` runs the migration's down script instead: after replaying up to and including it
   * (embedded), or where it is applied (an environment). Covers that one migration whatever the scope. Default `up`.
   */
  direction?: 'up' | 'down';
}

export interface DryRunPayload {
  /** `embedded` when no environment is configured. */
  environment: string;
  statements: DryRunStatement[];
  /** Why the run stopped early or could not start; everything was rolled back in every case. */
  error?: string;
}

/** Runs the migration in a transaction that is always rolled back. */
export const DRY_RUN_REQUEST = 'migrationGuard/dryRun';

export type HostMessage =
  | { type: 'graph'; payload: GraphPayload }
  | { type: 'appliedState'; payload: AppliedStatePayload }
  | { type: 'preview'; payload: PreviewPayload }
  | { type: 'dryRun'; payload: DryRunPayload }
  /** Bring a tab to the front; for the graph, focus the revision defined in `path`. */
  | { type: 'reveal'; tab: 'graph' | 'preview'; path?: string };

export type PageMessage =
  | { type: 'ready' }
  | { type: 'open'; path: string; range?: Range }
  /** Preview another migration (path; the active editor's when absent), a range up to `to`, or the other direction. */
  | { type: 'preview'; direction: PreviewParams['direction']; path?: string; to?: string }
  | { type: 'dryRun'; uri: string; scope: DryRunParams['scope']; direction: NonNullable<DryRunParams['direction']> }
  | { type: 'copy'; text: string };
