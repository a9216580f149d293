import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import type { Files } from '../../support/edits';
import { analyzeProject, applyFirstFix, migration, migrationPath, project } from './support';

// The catalogue's SQL rules on the SQL Django operations render to, reported on the
// operation in the .py file, and the fixes that swap an operation for its
// django.contrib.postgres counterpart, applied and checked again.

const INITIAL = migration({
  body: ['initial = True'],
  operations: [
    "migrations.CreateModel(name='Order', fields=[('id', models.BigAutoField(primary_key=True, serialize=False)), ('code', models.CharField(max_length=10)), ('note', models.TextField(null=True)), ('qty', models.IntegerField(default=0))])",
  ],
});

/** A project of the initial migration and a second one holding `operations`. */
function second(operations: string[], body: string[] = []): Files {
  return project({ 'shop/0001_initial': INITIAL, 'shop/0002_change': migration({ deps: ["('shop', '0001_initial')"], body, operations }) });
}

const SECOND = migrationPath('shop', '0002_change');

/** `ruleId`'s findings in the second migration, as the source text of the operation each one is on. */
function reported(files: Files, ruleId: string): string[] {
  return analyzeProject(files)
    .findings.filter((f) => f.ruleId === ruleId && f.path === SECOND)
    .map((f) => files[SECOND].slice(f.span.start, f.span.end));
}

/** The SQL the second migration's up renders to. */
function upSql(files: Files): string[] {
  const unit = analyzeProject(files).units.find((u) => u.migration.path === SECOND)!;
  return unit.up.statements.map((s) => s.text);
}

describe('django operations under the SQL rules', () => {
  const hazards: [string, string, string][] = [
    ['adding-required-field', "migrations.AddField(model_name='order', name='total', field=models.IntegerField())", 'AddField with null=False and no default'],
    ['changing-column-type', "migrations.AlterField(model_name='order', name='qty', field=models.BigIntegerField(default=0))", 'AlterField that changes the column type'],
    ['ban-drop-column', "migrations.RemoveField(model_name='order', name='note')", 'RemoveField'],
    ['ban-drop-table', "migrations.DeleteModel(name='Order')", 'DeleteModel'],
    ['renaming-column', "migrations.RenameField(model_name='order', old_name='note', new_name='comment')", 'RenameField'],
    ['renaming-table', "migrations.RenameModel(old_name='Order', new_name='Purchase')", 'RenameModel'],
    ['require-concurrent-index-creation', "migrations.AddIndex(model_name='order', index=models.Index(fields=['code'], name='order_code_idx'))", 'AddIndex'],
    ['constraint-missing-not-valid', "migrations.AddConstraint(model_name='order', constraint=models.CheckConstraint(condition=models.Q(qty__gte=0), name='qty_positive'))", 'AddConstraint'],
    ['ban-drop-default', "migrations.AddField(model_name='order', name='total', field=models.IntegerField(default=0))", 'AddField with a Python default (added, then dropped)'],
    ['ban-concurrent-index-creation-in-transaction', "AddIndexConcurrently(model_name='order', index=models.Index(fields=['code'], name='order_code_idx'))", 'AddIndexConcurrently in an atomic migration'],
  ];
  for (const [ruleId, operation, what] of hazards) {
    it(`${what} on an existing model: ${ruleId} on the operation`, () => {
      // The CONCURRENTLY operations fail both ways: their backwards SQL is concurrent too.
      const times = ruleId === 'ban-concurrent-index-creation-in-transaction' ? 2 : 1;
      assert.deepEqual(reported(second([operation]), ruleId), Array(times).fill(operation));
    });
  }

  it('the same operations on a model created in the same migration are not reported', () => {
    const files = project({
      'shop/0001_initial': migration({
        operations: [
          "migrations.CreateModel(name='Order', fields=[('id', models.BigAutoField(primary_key=True, serialize=False)), ('code', models.CharField(max_length=10))])",
          "migrations.AddField(model_name='order', name='total', field=models.IntegerField())",
          "migrations.AddIndex(model_name='order', index=models.Index(fields=['code'], name='order_code_idx'))",
          "migrations.AddConstraint(model_name='order', constraint=models.CheckConstraint(condition=models.Q(total__gte=0), name='total_positive'))",
        ],
      }),
    });
    const ids = analyzeProject(files).findings.map((f) => f.ruleId);
    for (const id of ['adding-required-field', 'require-concurrent-index-creation', 'constraint-missing-not-valid']) assert.equal(ids.includes(id), false, id);
  });

  it('AddField with db_default keeps its default: neither a required field nor a dropped default', () => {
    const files = second(["migrations.AddField(model_name='order', name='total', field=models.IntegerField(db_default=0))"]);
    assert.deepEqual(upSql(files), ['ALTER TABLE "shop_order" ADD COLUMN "total" integer DEFAULT 0 NOT NULL']);
    for (const id of ['adding-required-field', 'ban-drop-default', 'not-analysed']) assert.deepEqual(reported(files, id), [], id);
  });

  it('a nullable AddField and AddIndexConcurrently in a non-atomic migration are not reported', () => {
    const files = second(
      ["migrations.AddField(model_name='order', name='total', field=models.IntegerField(null=True))", "AddIndexConcurrently(model_name='order', index=models.Index(fields=['code'], name='order_code_idx'))"],
      ['atomic = False'],
    );
    for (const id of ['adding-required-field', 'require-concurrent-index-creation', 'ban-concurrent-index-creation-in-transaction']) assert.deepEqual(reported(files, id), [], id);
  });
});

describe('django fixes', () => {
  it('AddIndex becomes AddIndexConcurrently with atomic = False, imported, and the index is then built concurrently', () => {
    const files = second(["migrations.AddIndex(model_name='order', index=models.Index(fields=['code'], name='order_code_idx'))"]);
    const { files: fixed, after } = applyFirstFix(files, 'require-concurrent-index-creation');
    const text = fixed[SECOND];
    assert.match(text, /^from django\.contrib\.postgres\.operations import AddIndexConcurrently\nfrom django\.db import migrations, models$/m);
    assert.match(text, /^class Migration\(migrations\.Migration\):\n    atomic = False\n/m);
    assert.match(text, /^        AddIndexConcurrently\(model_name='order'/m);
    assert.deepEqual(upSql(fixed), ['CREATE INDEX CONCURRENTLY "order_code_idx" ON "shop_order" ("code")']);
    const left = after.findings.filter((f) => f.path === SECOND && f.severity !== 'hint').map((f) => f.ruleId);
    assert.equal(left.includes('require-concurrent-index-creation'), false);
    assert.equal(left.includes('ban-concurrent-index-creation-in-transaction'), false);
  });

  it('the import joins an existing one-line import, and atomic = True is turned off', () => {
    const files = second(["migrations.AddIndex(model_name='order', index=models.Index(fields=['code'], name='order_code_idx'))"], ['atomic = True']);
    files[SECOND] = `from django.contrib.postgres.operations import BtreeGinExtension\n${files[SECOND]}`;
    const { files: fixed } = applyFirstFix(files, 'require-concurrent-index-creation');
    assert.match(fixed[SECOND], /^from django\.contrib\.postgres\.operations import BtreeGinExtension, AddIndexConcurrently$/m);
    assert.match(fixed[SECOND], /^    atomic = False$/m);
    assert.doesNotMatch(fixed[SECOND], /atomic = True/);
  });

  it('AddIndexConcurrently in an atomic migration gets atomic = False', () => {
    const files = second(["AddIndexConcurrently(model_name='order', index=models.Index(fields=['code'], name='order_code_idx'))"]);
    const { fix, files: fixed, after } = applyFirstFix(files, 'ban-concurrent-index-creation-in-transaction');
    assert.equal(fix.title, 'Run the migration outside a transaction (atomic = False)');
    assert.match(fixed[SECOND], /^    atomic = False$/m);
    assert.equal(after.findings.some((f) => f.ruleId === 'ban-concurrent-index-creation-in-transaction'), false);
  });

  it('AddConstraint of a check becomes AddConstraintNotValid, and a new migration after it runs ValidateConstraint', () => {
    const files = second(["migrations.AddConstraint(model_name='order', constraint=models.CheckConstraint(condition=models.Q(qty__gte=0), name='qty_positive'))"]);
    const { fix, files: fixed, after } = applyFirstFix(files, 'constraint-missing-not-valid');
    assert.equal(fix.title, 'Add the constraint NOT VALID, and validate it in a new migration 0003_validate_qty_positive.py');
    assert.match(fixed[SECOND], /^from django\.contrib\.postgres\.operations import AddConstraintNotValid$/m);
    assert.match(fixed[SECOND], /^        AddConstraintNotValid\(model_name='order', .*\),$/m);
    assert.doesNotMatch(fixed[SECOND], /ValidateConstraint/);
    assert.deepEqual(upSql(fixed), ['ALTER TABLE "shop_order" ADD CONSTRAINT "qty_positive" CHECK ("qty" >= 0) NOT VALID']);
    // The new migration is read as one of the app's, after this one, and validates in its own transaction.
    const THIRD = migrationPath('shop', '0003_validate_qty_positive');
    const validation = after.units.find((u) => u.migration.path === THIRD)!;
    assert.deepEqual(validation.migration.parents, ['shop.0002_change']);
    assert.deepEqual(validation.up.statements.map((s) => s.text), ['ALTER TABLE "shop_order" VALIDATE CONSTRAINT "qty_positive"']);
    assert.equal(validation.migration.transaction, 'wrapped');
    const ids = after.findings.map((f) => f.ruleId);
    for (const id of ['constraint-missing-not-valid', 'django-multiple-leaf-nodes', 'missing-parent', 'not-analysed']) assert.equal(ids.includes(id), false, id);
  });
});
