import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { withPythonTree } from '../../../server/src/core/sources/python/parser';
import { analyzeRevisions, applyFirstFix, revision, revisionPath } from './support';

const FILE = revisionPath('ab12_change.py');
const ruleFindings = (a: ReturnType<typeof analyzeRevisions>, id: string) => a.findings.filter((f) => f.ruleId === id);
const parsesAsPython = (text: string) => withPythonTree(text, (root) => !root.hasError);

describe('Alembic fixes', () => {
  it('create_index: postgresql_concurrently=True inside an autocommit_block, indentation kept', () => {
    const files = { [FILE]: revision('ab12', null, ['op.create_index(', '    "ix_orders_user", "orders", ["user_id"],', ')']) };
    const { finding, files: fixed, after } = applyFirstFix(files, 'require-concurrent-index-creation');
    const callStart = files[FILE].indexOf('op.create_index');
    assert.deepEqual(finding.span, { start: callStart, end: files[FILE].indexOf(')', callStart) + 1 });
    assert.match(
      fixed[FILE],
      /\n    with op\.get_context\(\)\.autocommit_block\(\):\n        op\.create_index\(\n            "ix_orders_user", "orders", \["user_id"\],\n            postgresql_concurrently=True,\n        \)\n/,
    );
    assert.ok(parsesAsPython(fixed[FILE]));
    assert.deepEqual(ruleFindings(after, 'require-concurrent-index-creation'), []);
    assert.deepEqual(ruleFindings(after, 'ban-concurrent-index-creation-in-transaction'), []);
  });

  it('create_index already in an autocommit_block: only the keyword argument', () => {
    const body = ['with op.get_context().autocommit_block():', '    op.create_index("ix", "orders", ["user_id"])'];
    const { files: fixed, after } = applyFirstFix({ [FILE]: revision('ab12', null, body) }, 'require-concurrent-index-creation');
    assert.match(fixed[FILE], /op\.create_index\("ix", "orders", \["user_id"\], postgresql_concurrently=True\)/);
    assert.equal(fixed[FILE].match(/autocommit_block/g)!.length, 1);
    assert.deepEqual(ruleFindings(after, 'require-concurrent-index-creation'), []);
  });

  for (const [call, kind] of [
    ['op.create_foreign_key("fk_orders_user", "orders", "users", ["user_id"], ["id"])', 'foreign key'],
    ['op.create_check_constraint("ck_orders_total", "orders", "total >= 0")', 'check'],
  ]) {
    it(`${kind}: postgresql_not_valid=True and a VALIDATE after the call`, () => {
      const { files: fixed, after } = applyFirstFix({ [FILE]: revision('ab12', null, [call]) }, 'constraint-missing-not-valid');
      const name = /"(fk_orders_user|ck_orders_total)"/.exec(call)![1];
      assert.ok(fixed[FILE].includes(`, postgresql_not_valid=True)\n    op.execute("ALTER TABLE orders VALIDATE CONSTRAINT ${name}")\n`), fixed[FILE]);
      assert.ok(parsesAsPython(fixed[FILE]));
      assert.deepEqual(ruleFindings(after, 'constraint-missing-not-valid'), []);
    });
  }

  it('offers no SQL text edit on SQL generated from a call', () => {
    const analysis = analyzeRevisions({ [FILE]: revision('ab12', null, ['op.drop_index("ix_orders_user")', 'op.create_index("ix", "orders", [sa.text("lower(x)")], unique=True, postgresql_where="""x > 1\n""")']) });
    for (const f of analysis.findings) for (const fix of f.fixes) assert.ok(fix.editsCode, `${f.ruleId}: ${fix.title}`);
  });

  it('ignore directive: a # comment above the call silences the rule', () => {
    const body = ['# migration-guard-ignore require-concurrent-index-creation: table is empty', 'op.create_index("ix", "orders", ["user_id"])'];
    assert.deepEqual(ruleFindings(analyzeRevisions({ [FILE]: revision('ab12', null, body) }), 'require-concurrent-index-creation'), []);
  });
});
