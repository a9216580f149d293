import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { analyze, findingsOf } from '../../support/analyze';

const RULE = 'ban-truncate';

describe(RULE, () => {
  it('reports TRUNCATE of existing tables on the whole statement', () => {
    const text = 'TRUNCATE TABLE sessions, app.tokens RESTART IDENTITY;';
    const [f, ...rest] = findingsOf(analyze({ text }), RULE);
    assert.equal(rest.length, 0);
    assert.deepEqual(f.span, { start: 0, end: text.length - 1 });
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /every row of sessions, app\.tokens for good, under an ACCESS EXCLUSIVE lock/);
  });

  it('leaves TRUNCATE … CASCADE to ban-truncate-cascade', () => {
    const findings = analyze({ text: 'TRUNCATE users CASCADE;' }).findings.map((f) => f.ruleId);
    assert.ok(!findings.includes(RULE));
    assert.ok(findings.includes('ban-truncate-cascade'));
  });

  it('names only the tables not created earlier in the same script', () => {
    const text = 'CREATE TABLE scratch (id int);\nTRUNCATE scratch;\nTRUNCATE scratch, sessions;';
    const findings = findingsOf(analyze({ text }), RULE);
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, /every row of sessions for good/);
  });

  it('ignores down scripts', () => {
    assert.deepEqual(findingsOf(analyze({ text: 'SELECT 1;', down: 'TRUNCATE sessions;' }), RULE), []);
  });

  it('is silenced by an ignore directive', () => {
    const text = `-- migration-guard-ignore ${RULE}: cache table\nTRUNCATE rate_cache;`;
    assert.deepEqual(findingsOf(analyze({ text }), RULE), []);
  });
});
