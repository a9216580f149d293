import type { Fix, Migration, MigrationFolder, Severity, Span } from '../model';
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
  unit: MigrationUnit;
  direction: 'up' | 'down';
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
}

/** Called for what the rule cares about; each callback is optional. */
export interface RuleVisitor {
  statement?(s: StatementUnit, report: (r: Report) => void): void;
  migration?(u: MigrationUnit, report: (r: Report) => void): void;
  folder?(f: MigrationFolder, units: MigrationUnit[], report: (r: Report & { path: string }) => void): void;
}

export interface Rule {
  meta: RuleMeta;
  create(context: RuleContext): RuleVisitor;
}
