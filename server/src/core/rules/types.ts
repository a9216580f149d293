import type { Fix, Migration, MigrationFolder, Severity, Span } from '../model';
import type { Catalog } from '../schema/catalog';
import type { SchemaPoint } from '../schema/history';
import type { ParsedScript, Statement } from '../sql/script';

export type RuleCategory = 'locking' | 'transactions' | 'destructive' | 'data' | 'downgrade' | 'layout' | 'correctness';

/** Names of the matching check in other tools, so users coming from them recognise it. */
export interface Equivalents {
  squawk?: string;
  strong_migrations?: string;
  pgfence?: string;
  eugene?: string;
  'postgres-language-server'?: string;
}

export interface RuleMeta {
  id: string;
  category: RuleCategory;
  defaultSeverity: Severity;
  summary: string;
  /** Inclusive PostgreSQL major versions the hazard exists in; open ends mean "all". */
  pgVersions?: { min?: number; max?: number };
  fixable: boolean;
  equivalents: Equivalents;
}

/** What a rule sees of one migration: both scripts parsed, and where transactions are. */
export interface MigrationUnit {
  migration: Migration;
  up: ParsedScript;
  down?: ParsedScript;
  /** For each statement of `up` (by index): does it run inside a transaction block? */
  upInTransaction: boolean[];
}

export interface StatementUnit {
  statement: Statement;
  /** Reading it (or the context's folder, units or schema) during a visit keeps the engine from reusing the visit's reports. */
  unit: MigrationUnit;
  direction: 'up' | 'down';
  /** The file the statement is in. */
  path: string;
  inTransaction: boolean;
  /** True when the relation was created earlier in the same script, so locking it harms no one. */
  createdEarlier(relation: string): boolean;
}

export interface Report {
  /** Defaults to the file of the statement or migration being visited. */
  path?: string;
  span: Span;
  message: string;
  fixes?: Fix[];
}

export interface RuleContext {
  folder: MigrationFolder;
  pgVersion: number;
  /** Every migration of the folder, parsed, in run order (for rules that look across migrations). */
  units: MigrationUnit[];
  /** The options object of `[severity, options]` in the configuration; `{}` when none is given. */
  options: Record<string, unknown>;
  /**
   * The schema as every earlier migration of the folder and the earlier statements of the
   * same script leave it (pass a StatementUnit, or `{ unit }` for the start of a migration).
   * Worked out on first use and cached across analyses; tables it does not know may still exist.
   */
  schemaBefore(at: SchemaPoint): Catalog;
  /** The schema once every migration of the folder has run its up script. */
  schemaAtEnd(): Catalog;
}

/** Called for what the rule cares about; each callback is optional. */
export interface RuleVisitor {
  /**
   * The statement kinds (`AlterTableStmt`, …) `statement` looks at, for a visitor that
   * ignores every other statement and keeps no state across them: the engine then calls it
   * for those alone, which spares ~75 rules × every statement calls on long scripts.
   * Such a visitor's reports on a statement are also kept between analyses, unless it read
   * `unit` or the context's folder, units or schema during the visit; so anything it
   * remembers across rules or analyses must depend on the statement alone (keyed by the
   * statement unit or its parse tree) or on `createdEarlier`, whose answers are recorded.
   */
  statementKinds?: readonly string[];
  statement?(s: StatementUnit, report: (r: Report) => void): void;
  migration?(u: MigrationUnit, report: (r: Report) => void): void;
  folder?(f: MigrationFolder, units: MigrationUnit[], report: (r: Report & { path: string }) => void): void;
}

export interface Rule {
  meta: RuleMeta;
  create(context: RuleContext): RuleVisitor;
}
