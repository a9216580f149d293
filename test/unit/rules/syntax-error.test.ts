import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { analyze, findingsOf } from '../../support/analyze';

const RULE = 'syntax-error';

describe(RULE, () => {
  it('reports the token PostgreSQL stopped at, and checks the statements around it', () => {
    const text = 'CREATE INDEX i ON users (email);\nUPDATE users SET a = = 1;\nDROP TABLE sessions;';
    const analysis = analyze({ text });
    const [f, ...rest] = findingsOf(analysis, RULE);
    assert.equal(rest.length, 0);
    const at = text.indexOf('= 1');
    assert.deepEqual(f.span, { start: at, end: at + 1 });
    assert.equal(f.severity, 'error');
    assert.equal(f.message, 'Syntax error: syntax error at or near "=".');
    assert.equal(findingsOf(analysis, 'require-concurrent-index-creation').length, 1);
    assert.equal(findingsOf(analysis, 'ban-drop-table').length, 1);
  });

  it('accepts valid SQL', () => {
    assert.deepEqual(findingsOf(analyze({ text: 'SELECT 1;\nCREATE TABLE t (a int);' }), RULE), []);
  });

  it('is silenced by an ignore directive', () => {
    const text = `-- migration-guard-ignore ${RULE}: psql meta-command\n\\set ON_ERROR_STOP on`;
    assert.deepEqual(findingsOf(analyze({ text }), RULE), []);
  });
});
