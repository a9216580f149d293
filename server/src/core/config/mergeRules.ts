import type { RuleSetting } from '../engine';

/**
 * Lays `next` over `base` as ESLint does: a bare severity over `[severity, options]`
 * keeps the options, so a team can tighten a rule without restating how it is set up.
 */
export function mergeRules(base: Record<string, RuleSetting>, next: Record<string, RuleSetting> | undefined): Record<string, RuleSetting> {
  const merged = { ...base };
  for (const [id, setting] of Object.entries(next ?? {})) {
    const before = merged[id];
    merged[id] = !Array.isArray(setting) && Array.isArray(before) && before[1] ? [setting, before[1]] : setting;
  }
  return merged;
}
