import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { analyze, findingsOf, FOLDER } from '../../support/analyze';
import type { StrayFile } from '../../../server/src/core/model';

const RULE = 'mixed-migration-formats';

describe(RULE, () => {
  const foreign: StrayFile = {
    path: `${FOLDER}/V2__add_users.sql`,
    reason: 'mixed-format',
    message: 'V2__add_users.sql is named like a Flyway migration, but this folder holds golang-migrate migrations.',
  };

  it("reports a file in another tool's naming, at its start", () => {
    const [f, ...rest] = findingsOf(analyze({ text: 'SELECT 1;' }, { strays: [foreign] }), RULE);
    assert.equal(rest.length, 0);
    assert.equal(f.path, foreign.path);
    assert.deepEqual(f.span, { start: 0, end: 0 });
    assert.equal(f.severity, 'warning');
    assert.equal(
      f.message,
      `${foreign.message} golang-migrate will not run it as intended: rename it to the folder's golang-migrate naming, or move it to a folder of its own.`,
    );
  });

  it('ignores other stray files', () => {
    const strays: StrayFile[] = [{ ...foreign, reason: 'down-without-up' }];
    assert.deepEqual(findingsOf(analyze({ text: 'SELECT 1;' }, { strays }), RULE), []);
  });

  it('can be turned off in the settings', () => {
    assert.deepEqual(findingsOf(analyze({ text: 'SELECT 1;' }, { strays: [foreign], rules: { [RULE]: 'off' } }), RULE), []);
  });
});
