import type { RuleSetting } from '../engine';
import type { FormatId, Span } from '../model';

export const CONFIG_FILE_NAMES = ['.migration-guard.json', '.migration-guard.jsonc'];

export interface Environment {
  host?: string;
  port?: number;
  database?: string;
  user?: string;
  ssl?: boolean | string;
}

export interface TableSizeThresholds {
  warningRows?: number;
  errorRows?: number;
  warningBytes?: number;
  errorBytes?: number;
}

/** One configuration file as written; `schemas/migration-guard.schema.json` describes it. */
export interface ConfigFileData {
  extends?: string | string[];
  rules?: Record<string, RuleSetting>;
  pgVersion?: number;
  roots?: (string | { path: string; format?: FormatId })[];
  overrides?: { files: string[]; rules?: Record<string, RuleSetting>; pgVersion?: number }[];
  tableSizeThresholds?: TableSizeThresholds;
  environments?: Record<string, Environment>;
  baseline?: { startAfter?: string; changedSince?: string };
  honorSquawkIgnores?: boolean;
}

/** Where in a configuration file a value was written, for messages about it. */
export interface Origin {
  file: string;
  span: Span;
}

export interface Override {
  /** Directory the globs are relative to: that of the file that declared the override. */
  base: string;
  files: string[];
  rules: Record<string, RuleSetting>;
  pgVersion?: number;
}

/** A configuration file with its `extends` chain merged and its paths made absolute. */
export interface TeamConfig {
  file: string;
  rules: Record<string, RuleSetting>;
  pgVersion?: number;
  roots?: { path: string; format?: FormatId }[];
  overrides: Override[];
  tableSizeThresholds: TableSizeThresholds;
  environments: Record<string, Environment>;
  baseline: { startAfter?: string; changedSince?: { ref: string; origin: Origin } };
  honorSquawkIgnores: boolean;
  /** Every file read to build it, the extended ones included. */
  sources: string[];
}

export interface ConfigProblem extends Origin {
  severity: 'error' | 'warning';
  message: string;
}
