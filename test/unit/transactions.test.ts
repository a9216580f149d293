import * as assert from 'node:assert/strict';
import '../support/parser-hook';
import { parseScript, type ParsedScript } from '../../server/src/core/sql/script';
import { openBeginBefore, settingInEffect, transactionBlocks } from '../../server/src/core/sql/transactions';

const parse = (text: string): ParsedScript => parseScript({ path: '/x.sql', text, span: { start: 0, end: text.length } });

describe('sql/transactions', () => {
  it('numbers transaction blocks, closing one at COMMIT and at a statement run on its own', () => {
    const { statements } = parse('SELECT 1; BEGIN; SELECT 2; COMMIT; SELECT 3; SELECT 4; VACUUM; SELECT 5');
    const inTransaction = [false, true, true, true, true, true, false, true];
    assert.deepEqual(transactionBlocks(statements, inTransaction), [0, 1, 1, 1, 2, 2, 0, 3]);
  });

  it('tells which BEGIN is open before a statement', () => {
    const { statements } = parse('BEGIN; BEGIN; SELECT 1; COMMIT; SELECT 2; START TRANSACTION; SELECT 3');
    assert.equal(openBeginBefore(statements, 2), statements[0]);
    assert.equal(openBeginBefore(statements, 4), undefined);
    assert.equal(openBeginBefore(statements, statements.length), statements[5]);
  });

  it('follows a setting through SET, SET LOCAL, set_config, RESET and zero values', () => {
    const script = parse(
      "SELECT 1; SET lock_timeout = '5s'; SELECT 2; SET lock_timeout TO 0; SELECT 3; SET LOCAL lock_timeout = 1.5; " +
        "RESET lock_timeout; SELECT set_config('lock_timeout', '2s', false); SET lock_timeout = '0ms'; SELECT 4",
    );
    assert.deepEqual(settingInEffect(script, 'lock_timeout'), [false, false, true, true, false, false, true, false, true, false]);
    assert.deepEqual(settingInEffect(script, 'statement_timeout'), Array(10).fill(false));
  });
});
