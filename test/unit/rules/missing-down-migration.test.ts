import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { analyze, findingsOf, upPath } from '../../support/analyze';

const RULE = 'missing-down-migration';

describe(RULE, () => {
  it('reports a golang-migrate up with no down file, on its first statement', () => {
    const spec = { text: '\n-- users\nCREATE TABLE users (id int);\n', id: '0003' };
    const [f, ...rest] = findingsOf(analyze(spec), RULE);
    assert.equal(rest.length, 0);
    assert.equal(f.path, upPath(spec));
    assert.deepEqual(f.span, { start: spec.text.indexOf('CREATE'), end: spec.text.indexOf(';') });
    assert.equal(f.severity, 'info');
    assert.equal(
      f.message,
      'This migration has no down, so it cannot be rolled back: add 0003_change.down.sql next to it with the SQL that undoes it.',
    );
  });

  it('points at the start of an empty file', () => {
    const [f] = findingsOf(analyze({ text: '-- nothing yet\n' }), RULE);
    assert.deepEqual(f.span, { start: 0, end: 0 });
  });

  it("names each format's place for the down", () => {
    const expected: [Parameters<typeof analyze>[0], RegExp][] = [
      [{ format: 'dbmate', text: '-- migrate:up\nSELECT 1;\n' }, /add a `-- migrate:down` section/],
      [{ format: 'goose', text: '-- +goose Up\nSELECT 1;\n' }, /add a `-- \+goose Down` section/],
      [{ format: 'flyway', text: 'SELECT 1;', id: '1.2' }, /add the undo script U1\.2__change\.sql/],
      [{ format: 'plain', text: 'SELECT 1;', id: '007' }, /add 007_change_down\.sql next to it \(or a file of the same name in rollback\/\)/],
    ];
    for (const [spec, message] of expected) assert.match(findingsOf(analyze(spec), RULE)[0]?.message ?? '', message);
  });

  it('accepts migrations that have a down', () => {
    assert.deepEqual(findingsOf(analyze({ text: 'SELECT 1;', down: 'SELECT 2;' }), RULE), []);
    assert.deepEqual(findingsOf(analyze({ format: 'dbmate', text: '-- migrate:up\nSELECT 1;\n-- migrate:down\n' }), RULE), []);
  });

  it('accepts formats without downs', () => {
    for (const format of ['prisma', 'supabase'] as const) assert.deepEqual(findingsOf(analyze({ format, text: 'SELECT 1;' }), RULE), []);
    assert.deepEqual(findingsOf(analyze({ format: 'flyway', text: 'SELECT 1;', repeatable: true, id: 'views' }), RULE), []);
  });

  it('is silenced by a file-wide ignore directive', () => {
    const text = `-- migration-guard-ignore-file ${RULE}: forward-only\nCREATE TABLE users (id int);`;
    assert.deepEqual(findingsOf(analyze({ text }), RULE), []);
  });
});
