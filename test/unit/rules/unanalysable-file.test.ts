import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { analyze, findingsOf, FOLDER } from '../../support/analyze';

const RULE = 'unanalysable-file';

describe(RULE, () => {
  it('reports a binary file once, at its start', () => {
    const [f, ...rest] = findingsOf(analyze({ format: 'dbmate', text: '-- migrate:up\nSELECT\u0000;\n-- migrate:down\n\u0000' }), RULE);
    assert.equal(rest.length, 0);
    assert.deepEqual(f.span, { start: 0, end: 0 });
    assert.match(f.message, /binary/);
  });

  it('reports a file the source could not read', () => {
    const path = `${FOLDER}/2_locked.up.sql`;
    const strays = [{ path, reason: 'unreadable' as const, message: '2_locked.up.sql could not be read.' }];
    const [f] = findingsOf(analyze({ text: 'SELECT 1;' }, { strays }), RULE);
    assert.equal(f.path, path);
    assert.equal(f.message, '2_locked.up.sql could not be read.');
  });

  it('accepts ordinary files', () => {
    assert.deepEqual(findingsOf(analyze({ text: 'SELECT 1;', down: 'SELECT 2;' }), RULE), []);
  });

  it('cannot be silenced from inside the file, whose comments are never read', () => {
    const text = `-- migration-guard-ignore-file ${RULE}: generated dump\nSELECT '\u0000';`;
    assert.equal(findingsOf(analyze({ text }), RULE).length, 1);
    assert.deepEqual(findingsOf(analyze({ text }, { rules: { [RULE]: 'off' } }), RULE), []);
  });
});
