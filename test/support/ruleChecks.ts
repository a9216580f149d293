// Assertions that many rule tests make the same way.
import * as assert from 'node:assert/strict';
import type { Fix } from '../../server/src/core/model';
import { analyze, applyFirstFix, findingsOf, upPath, type MigrationSpec } from './analyze';

/** The text under each finding of `ruleId` in a single-file migration, in order. */
export function flaggedText(spec: MigrationSpec, ruleId: string): string[] {
  return findingsOf(analyze(spec), ruleId).map((f) => spec.text.slice(f.span.start, f.span.end));
}

/**
 * Applies the first fix of `ruleId` to a one-migration folder, checks the file becomes
 * `expected`, still parses, and no longer draws the rule; returns the fix for further checks.
 */
export function assertFixedTo(spec: MigrationSpec, ruleId: string, expected: string): Fix {
  const { fix, files, after } = applyFirstFix([spec], ruleId);
  assert.equal(files[upPath(spec)], expected);
  assert.deepEqual(findingsOf(after, 'syntax-error'), []);
  assert.deepEqual(findingsOf(after, ruleId), []);
  return fix;
}
