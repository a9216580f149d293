import * as path from 'node:path';
import { Minimatch } from 'minimatch';
import type { EngineOptions, FileSettings } from '../engine';
import { mergeRules } from './mergeRules';
import type { TeamConfig } from './types';

/** Command-line flags: they win over every file. */
export interface Flags {
  pgVersion?: number;
}

/**
 * The engine options for a folder, from lowest to highest precedence: personal settings
 * (VS Code's `migrationGuard.*`), the team configuration, its overrides that match the
 * file (in order), then command-line flags.
 */
export function effectiveOptions(config: TeamConfig | undefined, personal: FileSettings, flags: Flags = {}): EngineOptions {
  const base: FileSettings = {
    pgVersion: flags.pgVersion ?? config?.pgVersion ?? personal.pgVersion,
    rules: mergeRules(personal.rules ?? {}, config?.rules),
  };
  if (!config) return base;
  const overrides = config.overrides.map((o) => ({ ...o, globs: o.files.map((g) => new Minimatch(g, { dot: true })) }));
  const forFile = (file: string): FileSettings => {
    let settings = base;
    for (const o of overrides) {
      const relative = path.relative(o.base, file).split(path.sep).join('/');
      if (relative.startsWith('../') || !o.globs.some((g) => g.match(relative))) continue;
      settings = { pgVersion: flags.pgVersion ?? o.pgVersion ?? settings.pgVersion, rules: mergeRules(settings.rules ?? {}, o.rules) };
    }
    return settings;
  };
  return { ...base, honorSquawkIgnores: config.honorSquawkIgnores, ...(overrides.length > 0 ? { forFile } : {}) };
}
