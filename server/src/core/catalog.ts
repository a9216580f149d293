import { directiveChecks } from './directives/checks';
import { allRules } from './rules';
import type { RuleMeta } from './rules/types';

/** Every id a configuration can set a severity for: the rules, then the checks of ignore comments. */
export const allChecks: RuleMeta[] = [...allRules.map((r) => r.meta), ...directiveChecks];

export const checksById = new Map(allChecks.map((m) => [m.id, m]));
