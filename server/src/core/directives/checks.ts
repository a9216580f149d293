import type { RuleMeta } from '../rules/types';

// Checks of the ignore comments themselves. They are not rules (they look at comments,
// not at migrations), but a configuration sets their severity by id like any rule's.

export const unusedIgnore: RuleMeta = {
  id: 'unused-ignore',
  category: 'correctness',
  defaultSeverity: 'warning',
  summary: 'An ignore comment that no longer silences anything, usually because the statement it covered changed.',
  fixable: true,
  equivalents: {},
};

export const ignoreMissingReason: RuleMeta = {
  id: 'ignore-missing-reason',
  category: 'correctness',
  defaultSeverity: 'info',
  summary: 'An ignore comment that does not say why the statement is safe, so a reviewer cannot check the claim.',
  fixable: false,
  equivalents: {},
};

export const directiveChecks: RuleMeta[] = [unusedIgnore, ignoreMissingReason];
