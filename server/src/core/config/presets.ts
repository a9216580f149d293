import { allChecks } from '../catalog';
import type { RuleSetting } from '../engine';
import type { RuleMeta } from '../rules/types';

const STRICT_ERRORS = new Set<RuleMeta['category']>(['destructive', 'locking']);

function strict(meta: RuleMeta): RuleSetting {
  if (STRICT_ERRORS.has(meta.category)) return 'error';
  return meta.defaultSeverity === 'error' ? 'error' : 'warning';
}

const PRESETS: Record<string, (meta: RuleMeta) => RuleSetting> = {
  /** The rules' own default severities. */
  'migration-guard:recommended': (meta) => meta.defaultSeverity,
  /** Every rule at least a warning; what destroys data or takes blocking locks an error. */
  'migration-guard:strict': strict,
};

export const PRESET_NAMES = Object.keys(PRESETS);

/** The rule settings of a built-in preset, or undefined for a name that is not one. */
export function presetRules(name: string): Record<string, RuleSetting> | undefined {
  const severityOf = PRESETS[name];
  return severityOf && Object.fromEntries(allChecks.map((meta) => [meta.id, severityOf(meta)]));
}
