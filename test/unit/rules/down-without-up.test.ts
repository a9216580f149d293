import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { analyze, findingsOf, FOLDER } from '../../support/analyze';
import type { StrayFile } from '../../../server/src/core/model';

const RULE = 'down-without-up';

describe(RULE, () => {
  const orphan: StrayFile = {
    path: `${FOLDER}/0009_old.down.sql`,
    reason: 'down-without-up',
    message: '0009_old.down.sql is a down migration, but no up migration has its version.',
  };

  it('reports a down file that matches no up, at its start', () => {
    const [f, ...rest] = findingsOf(analyze({ text: 'SELECT 1;' }, { strays: [orphan] }), RULE);
    assert.equal(rest.length, 0);
    assert.equal(f.path, orphan.path);
    assert.deepEqual(f.span, { start: 0, end: 0 });
    assert.equal(
      f.message,
      "0009_old.down.sql is a down migration, but no up migration has its version. It never runs: rename it to match its up migration's version and name, or delete it.",
    );
  });

  it('ignores other stray files', () => {
    const strays: StrayFile[] = [{ ...orphan, reason: 'mixed-format' }, { ...orphan, reason: 'unreadable' }];
    assert.deepEqual(findingsOf(analyze({ text: 'SELECT 1;' }, { strays }), RULE), []);
  });

  it('can be turned off in the settings', () => {
    assert.deepEqual(findingsOf(analyze({ text: 'SELECT 1;' }, { strays: [orphan], rules: { [RULE]: 'off' } }), RULE), []);
  });
});
