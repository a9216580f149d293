import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { analyzeRevisions, revision, revisionPath } from '../alembic/support';
import { findingsOf, migration, project } from '../django/support';

const RULE = 'not-analysed';
const FILE = revisionPath('ab12_change.py');
const findings = (body: string[]) => analyzeRevisions({ [FILE]: revision('ab12', null, body) }).findings.filter((f) => f.ruleId === RULE);

describe(RULE, () => {
  it('reports an op call it cannot translate once, as info, on the call', () => {
    const [f, ...rest] = findings(['op.execute(sql_built_elsewhere())']);
    assert.equal(rest.length, 0);
    assert.equal(f.severity, 'info');
    assert.match(f.message, /^Not analysed: op\.execute\(…\) is not translated/);
  });

  it('is silent when every operation is translated', () => {
    assert.deepEqual(findings(['op.execute("UPDATE t SET a = 1 WHERE b")', 'op.drop_column("t", "c")']), []);
  });

  it('reports a Django operation it cannot render once, though it stands for both the up and the down', () => {
    // netbox/netbox/extras/migrations/0102_move_configrevision.py: state moved between apps, not rendered.
    const op = 'migrations.SeparateDatabaseAndState(state_operations=[], database_operations=[])';
    const [f, ...rest] = findingsOf(project({ 'account/0001_initial': migration({ operations: [op] }) }), RULE);
    assert.equal(rest.length, 0);
    assert.match(f.message, /^Not analysed: .*SeparateDatabaseAndState/);
  });

  it('is silenced by a # directive above the call', () => {
    assert.deepEqual(findings(['# migration-guard-ignore not-analysed: built from constants', 'op.execute(sql_built_elsewhere())']), []);
  });
});
