import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { analyze, applyFirstFix, assertClean, findingsOf, upPath } from '../../support/analyze';

const RULE = 'require-concurrent-detach-partition';

describe(RULE, () => {
  const text = 'ALTER TABLE events DETACH PARTITION events_2023;\n';

  it('reports DETACH PARTITION without CONCURRENTLY on PostgreSQL 14 and later', () => {
    const [f, ...rest] = findingsOf(analyze({ text }, { pgVersion: 14 }), RULE);
    assert.equal(rest.length, 0);
    assert.deepEqual(f.span, { start: 0, end: text.indexOf(';') });
    assert.match(f.message, /^Detaching events_2023 takes ACCESS EXCLUSIVE locks on events and events_2023/);
  });

  it('is silent before PostgreSQL 14, which has no concurrent form', () => {
    assert.deepEqual(findingsOf(analyze({ text }, { pgVersion: 13 }), RULE), []);
  });

  it('accepts CONCURRENTLY, FINALIZE, and a parent created earlier in the script', () => {
    assert.deepEqual(findingsOf(analyze({ text: 'ALTER TABLE events DETACH PARTITION e CONCURRENTLY;' }), RULE), []);
    assert.deepEqual(findingsOf(analyze({ text: 'ALTER TABLE events DETACH PARTITION e FINALIZE;' }), RULE), []);
    const created = 'CREATE TABLE events (at date) PARTITION BY RANGE (at);\nALTER TABLE events DETACH PARTITION e;';
    assert.deepEqual(findingsOf(analyze({ text: created }), RULE), []);
  });

  it('is silenced by an ignore directive', () => {
    assert.deepEqual(findingsOf(analyze({ text: `-- migration-guard-ignore ${RULE}: default partition\n${text}` }), RULE), []);
  });

  it('fix: appends CONCURRENTLY after the partition name', () => {
    const spec = { text: 'ALTER TABLE events DETACH PARTITION app."Events 2023"; -- old\n' };
    const { fix, files, after } = applyFirstFix([spec], RULE);
    assert.equal(fix.title, 'Detach the partition concurrently');
    assert.equal(files[upPath(spec)], 'ALTER TABLE events DETACH PARTITION app."Events 2023" CONCURRENTLY; -- old\n');
    assertClean(after, RULE);
  });

  it('fix: writes the Flyway switch even alone in its script, since Flyway does not detect it', () => {
    const spec = { format: 'flyway' as const, text };
    const { fix, files, after } = applyFirstFix([spec], RULE);
    assert.match(fix.title, /executeInTransaction=false/);
    assert.equal(files[`${upPath(spec)}.conf`], 'executeInTransaction=false\n');
    assert.equal(after.folder.migrations[0].transaction, 'none');
    assertClean(after, RULE);
  });
});
