import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { analyze, findingsOf } from '../../support/analyze';

const RULE = 'wide-lock-window';

describe(RULE, () => {
  it('reports slow work after an ACCESS EXCLUSIVE lock, naming the lock and its line', () => {
    const text = 'ALTER TABLE users ADD COLUMN plan text;\nUPDATE accounts SET plan = 1 WHERE plan IS NULL;\n';
    const [f, ...rest] = findingsOf(analyze({ text }), RULE);
    assert.equal(rest.length, 0);
    const start = text.indexOf('UPDATE');
    assert.deepEqual(f.span, { start, end: text.lastIndexOf(';') });
    assert.match(f.message, /holds an ACCESS EXCLUSIVE lock on users \(locked on line 1\)/);
  });

  it('reports an UPDATE of the locked table itself, INSERT … SELECT and CREATE INDEX of another', () => {
    for (const slow of ['UPDATE users SET plan = 1;', 'INSERT INTO archive SELECT * FROM old;', 'CREATE INDEX i ON orders (a);']) {
      assert.equal(findingsOf(analyze({ text: `ALTER TABLE users ADD COLUMN plan text;\n${slow}` }), RULE).length, 1, slow);
    }
  });

  it('reports a SELECT that reads a table, the locked one included, but not a SELECT of no table', () => {
    const text = "SET LOCAL lock_timeout = '2s';\nALTER TABLE authors ADD COLUMN email text;\nSELECT count(*) FROM authors;";
    const [f] = findingsOf(analyze({ text }), RULE);
    assert.deepEqual(f.span, { start: text.indexOf('SELECT count'), end: text.length - 1 });
    assert.deepEqual(findingsOf(analyze({ text: "ALTER TABLE authors ADD COLUMN email text;\nSELECT set_config('app.x', '1', true);" }), RULE), []);
  });

  it('reports once per transaction, and leaves a slow statement on its own table to other rules', () => {
    const text = 'ALTER TABLE users ADD COLUMN plan text;\nUPDATE a SET x = 1;\nUPDATE b SET x = 1;\nCREATE INDEX i ON users (plan);';
    assert.equal(findingsOf(analyze({ text }), RULE).length, 1);
    assert.deepEqual(findingsOf(analyze({ text: 'ALTER TABLE users ADD COLUMN plan text;\nCREATE INDEX i ON users (plan);' }), RULE), []);
  });

  it('ignores statements that name an index, whose table it cannot tell', () => {
    assert.deepEqual(findingsOf(analyze({ text: 'ALTER TABLE users ADD COLUMN plan text;\nDROP INDEX users_plan;' }), RULE), []);
  });

  it('reports waiting for a second table while holding the first', () => {
    const text = 'ALTER TABLE a ADD COLUMN x int;\nALTER TABLE b ADD COLUMN y int;';
    const [f] = findingsOf(analyze({ text }), RULE);
    assert.match(f.message, /^This statement waits for an ACCESS EXCLUSIVE lock on b while the transaction still holds one on a/);
  });

  it('accepts a second table when lock_timeout bounds the wait', () => {
    const text = "SET lock_timeout = '3s';\nALTER TABLE a ADD COLUMN x int;\nALTER TABLE b ADD COLUMN y int;";
    assert.deepEqual(findingsOf(analyze({ text }), RULE), []);
  });

  it('accepts changes to one table, quick statements and INSERT … VALUES', () => {
    const text = "ALTER TABLE a ADD COLUMN x int;\nALTER TABLE a ADD COLUMN y int;\nINSERT INTO b VALUES (1);\nCOMMENT ON TABLE a IS 'x';";
    assert.deepEqual(findingsOf(analyze({ text }), RULE), []);
  });

  it('accepts locks on tables created earlier in the script', () => {
    const text = 'CREATE TABLE t (a int);\nALTER TABLE t ADD COLUMN b int;\nUPDATE orders SET a = 1 WHERE id = 2;';
    assert.deepEqual(findingsOf(analyze({ text }), RULE), []);
  });

  it('accepts statements after a COMMIT, and migrations that run statement by statement', () => {
    const goose = '-- +goose NO TRANSACTION\n-- +goose Up\nALTER TABLE a ADD COLUMN x int;\nUPDATE b SET x = 1;\n';
    assert.deepEqual(findingsOf(analyze({ format: 'goose', text: goose }), RULE), []);
    const split = 'BEGIN;\nALTER TABLE a ADD COLUMN x int;\nCOMMIT;\nUPDATE b SET x = 1;';
    assert.deepEqual(findingsOf(analyze({ format: 'goose', transaction: 'none', text: split }), RULE), []);
  });

  it('does not look across migrations, and is silenced by an ignore directive', () => {
    assert.deepEqual(findingsOf(analyze([{ text: 'ALTER TABLE a ADD COLUMN x int;' }, { text: 'UPDATE b SET x = 1;' }]), RULE), []);
    const text = `ALTER TABLE a ADD COLUMN x int;\n-- migration-guard-ignore ${RULE}: a is new\nUPDATE b SET x = 1;`;
    assert.deepEqual(findingsOf(analyze({ text }), RULE), []);
  });
});
