import type { Migration, MigrationFolder } from '../model';

export interface RevisionNode {
  id: string;
  migration: Migration;
  /** Down revisions as declared, in file order; some may name no revision of the folder. */
  parents: string[];
  /** `depends_on` as declared: revision ids or branch labels. */
  dependsOn: string[];
  /** The revisions `dependsOn` resolves to (labels to the revision declaring them); missing ones left out. */
  dependencies: string[];
  /** Own labels and those the branch passes on, sorted. */
  branchLabels: string[];
  /** Revisions whose parents name this one. */
  children: string[];
  /** Revisions that name this one in `depends_on`. */
  dependents: string[];
  /** No child through parents; `depends_on` does not count, as in `alembic heads`. */
  isHead: boolean;
  /** Declares no parent. */
  isBase: boolean;
  isBranchPoint: boolean;
  isMergePoint: boolean;
}

export type GraphProblem =
  /** `via` is `dependencies` for a Django migration, whose parents and cross-app links are both dependencies. */
  | { kind: 'missing-parent'; id: string; missing: string; via: 'parent' | 'depends_on' | 'dependencies' }
  | { kind: 'cycle'; ids: string[] }
  | { kind: 'duplicate-id'; id: string; paths: string[] }
  | { kind: 'duplicate-label'; label: string; ids: string[] }
  /** A Django app with more than one leaf migration. */
  | { kind: 'multiple-leaves'; app: string; ids: string[] }
  /** Migrations of one Django app that start with the same number. */
  | { kind: 'duplicate-number'; app: string; number: string; ids: string[] };

export interface RevisionGraph {
  folder: MigrationFolder;
  /** One node per id, in the order Alembic loads revision files. */
  nodes: Map<string, RevisionNode>;
  heads: string[];
  bases: string[];
  branchPoints: string[];
  mergePoints: string[];
  /** Every id, bases first and heads last: `alembic history` read from the bottom up. */
  order: string[];
  problems: GraphProblem[];
}
