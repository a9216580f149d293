import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { analyzeProject, applyFirstFix, findingsOf, migration, migrationPath, project, readProject } from './support';

const RUNSQL = 'django-runsql-without-reverse';
const RUNPYTHON = 'django-runpython-without-reverse';
const slice = (text: string, span: { start: number; end: number }) => text.slice(span.start, span.end);

describe('Django rules', () => {
  describe('RunSQL', () => {
    it('parses each statement of a string, a list and (sql, params) pairs with positions inside the strings', () => {
      const text = migration({
        operations: [
          'migrations.RunSQL("ALTER TABLE shop_order ADD COLUMN note text", reverse_sql="ALTER TABLE shop_order DROP COLUMN note")',
          'migrations.RunSQL(["UPDATE shop_order SET note = %s WHERE id = 1", ("DELETE FROM shop_order WHERE id = %s", [2])], migrations.RunSQL.noop)',
        ],
      });
      const m = readProject(project({ 'shop/0001_x': text })).migrations[0];
      const up = m.up.rendered!;
      assert.deepEqual(up.map((r) => r.sql), ['ALTER TABLE shop_order ADD COLUMN note text', 'UPDATE shop_order SET note = NULL WHERE id = 1', 'DELETE FROM shop_order WHERE id = NULL']);
      // A plain literal stands in the file as written; `%s` is shorter than the NULL it becomes, so those are not verbatim.
      assert.equal(slice(text, { start: up[0].verbatimAt!, end: up[0].verbatimAt! + up[0].sql.length }), up[0].sql);
      assert.deepEqual(up.map((r) => r.verbatimAt === undefined), [false, true, true]);
      assert.ok(up.every((r) => slice(text, r.span).startsWith('migrations.RunSQL(')));
      assert.deepEqual(m.down!.rendered!.map((r) => r.sql), ['ALTER TABLE shop_order DROP COLUMN note']);
      assert.deepEqual(m.django!.codeOperations.map((o) => o.reverse), ['given', 'noop']);
    });

    it('reports a RunSQL without reverse_sql on the operation; the noop fix silences it', () => {
      const op = 'migrations.RunSQL(\n            "CREATE INDEX ix_order_note ON shop_order (note)",\n        )';
      const files = project({ 'shop/0001_x': migration({ operations: [op] }) });
      const text = files[migrationPath('shop', '0001_x')];
      const [finding] = findingsOf(files, RUNSQL);
      assert.equal(slice(text, finding.span), op);
      assert.match(finding.message, /has no `reverse_sql`.*IrreversibleError/);
      const fixed = applyFirstFix(files, RUNSQL);
      assert.match(fixed.files[migrationPath('shop', '0001_x')], /"CREATE INDEX ix_order_note ON shop_order \(note\)", reverse_sql=migrations\.RunSQL\.noop,\n/);
      assert.deepEqual(fixed.after.findings.filter((f) => f.ruleId === RUNSQL), []);
      assert.equal(readProject(fixed.files).migrations[0].django!.codeOperations[0].reverse, 'noop');
    });

    it('runs the catalogue on the SQL: the finding sits on the statement inside the string', () => {
      const text = migration({ operations: ['migrations.RunSQL("CREATE INDEX ix_order_note ON shop_order (note)", reverse_sql="DROP INDEX ix_order_note")'] });
      const [finding] = findingsOf(project({ 'shop/0001_x': text }), 'require-concurrent-index-creation');
      assert.equal(slice(text, finding.span), 'CREATE INDEX ix_order_note ON shop_order (note)');
    });

    it('an ignore comment above the operation silences it', () => {
      const text = migration({ operations: ['# migration-guard-ignore django-runsql-without-reverse: dropped in the next release\n        migrations.RunSQL("SELECT 1")'] });
      assert.deepEqual(findingsOf(project({ 'shop/0001_x': text }), RUNSQL), []);
    });
  });

  describe('RunPython', () => {
    it('reports a RunPython without reverse_code; the noop fix, spelled as the call, silences it', () => {
      const files = project({ 'shop/0001_x': migration({ operations: ['RunPython(fill_notes)'] }).replace('from django.db import', 'from django.db.migrations import RunPython\nfrom django.db import') });
      const [finding] = findingsOf(files, RUNPYTHON);
      assert.equal(slice(files[migrationPath('shop', '0001_x')], finding.span), 'RunPython(fill_notes)');
      const fixed = applyFirstFix(files, RUNPYTHON);
      assert.match(fixed.files[migrationPath('shop', '0001_x')], /RunPython\(fill_notes, reverse_code=RunPython\.noop\)/);
      assert.deepEqual(fixed.after.findings.filter((f) => f.ruleId === RUNPYTHON), []);
    });

    it('is not reported with reverse_code, given by keyword or position', () => {
      const ops = ['migrations.RunPython(fill, reverse_code=migrations.RunPython.noop)', 'migrations.RunPython(fill, unfill)'];
      assert.deepEqual(findingsOf(project({ 'shop/0001_x': migration({ operations: ops }) }), RUNPYTHON), []);
    });

    it('counts as a data change: mixed with a schema change of an existing table, it is reported', () => {
      const files = project({
        'shop/0001_initial': migration({ operations: ['migrations.RunSQL("CREATE TABLE shop_order (id int)", migrations.RunSQL.noop)'] }),
        'shop/0002_x': migration({
          deps: ["('shop', '0001_initial')"],
          operations: ['migrations.RunPython(fill, migrations.RunPython.noop)', 'migrations.RunSQL("ALTER TABLE shop_order ADD COLUMN note text NOT NULL", migrations.RunSQL.noop)'],
        }),
      });
      const findings = findingsOf(files, 'mixed-data-and-schema-changes');
      assert.equal(findings.length, 1);
      assert.equal(findings[0].path, migrationPath('shop', '0002_x'));
    });
  });

  describe('graph', () => {
    const base = { 'shop/0001_initial': migration({}) };
    const two = (a: string, b: string) => ({
      ...base,
      [`shop/${a}`]: migration({ deps: ["('shop', '0001_initial')"] }),
      [`shop/${b}`]: migration({ deps: ["('shop', '0001_initial')"] }),
    });

    it('two leaves in an app: reported on both; the merge migration the fix writes resolves it', () => {
      const files = project({ ...two('0002_order_note', '0002_order_state'), 'blog/0001_initial': migration({}) });
      const findings = findingsOf(files, 'django-multiple-leaf-nodes');
      assert.deepEqual(findings.map((f) => f.path).sort(), [migrationPath('shop', '0002_order_note'), migrationPath('shop', '0002_order_state')]);
      const fixed = applyFirstFix(files, 'django-multiple-leaf-nodes');
      const created = migrationPath('shop', '0003_merge_0002_order_note_0002_order_state');
      assert.deepEqual(fixed.fix.edits.map((e) => [e.path, e.create]), [[created, true]]);
      assert.match(fixed.files[created], /dependencies = \[\n {8}\('shop', '0002_order_note'\),\n {8}\('shop', '0002_order_state'\),\n {4}\]/);
      assert.deepEqual(fixed.after.findings.filter((f) => f.ruleId === 'django-multiple-leaf-nodes' || f.ruleId === 'multiple-heads'), []);
      assert.equal(readProject(fixed.files).migrations.find((m) => m.name.startsWith('0003_merge'))!.parents.length, 2);
      // The two 0002s stay, as information.
      assert.equal(fixed.after.findings.filter((f) => f.ruleId === 'django-duplicate-migration-number').length, 2);
    });

    it('names the merge migration by the leaves\' numbers when their names are too long', () => {
      const files = project(two('0002_a_rather_long_migration_name_here', '0002_another_rather_long_name_there'));
      const { fix } = applyFirstFix(files, 'django-multiple-leaf-nodes');
      assert.equal(fix.edits[0].path, migrationPath('shop', '0003_merge_0002_0002'));
    });

    it('a dependency on a migration the app does not have: missing-parent on the name, fixed to the app\'s leaf', () => {
      const text = migration({ deps: ["('shop', '0002_gone')"] });
      const files = project({ ...base, 'shop/0002_real': migration({ deps: ["('shop', '0001_initial')"] }), 'blog/0001_initial': text });
      const [finding] = findingsOf(files, 'missing-parent');
      assert.equal(finding.path, migrationPath('blog', '0001_initial'));
      assert.equal(slice(text, finding.span), '0002_gone');
      assert.match(finding.message, /shop\.0002_gone.*NodeNotFoundError/);
      const fixed = applyFirstFix(files, 'missing-parent');
      assert.match(fixed.files[migrationPath('blog', '0001_initial')], /\('shop', '0002_real'\)/);
      assert.deepEqual(fixed.after.findings.filter((f) => f.ruleId === 'missing-parent'), []);
    });

    it('a cycle across apps is revision-cycle, on every member', () => {
      const files = project({
        'shop/0001_initial': migration({ deps: ["('blog', '0001_initial')"] }),
        'blog/0001_initial': migration({ deps: ["('shop', '0001_initial')"] }),
      });
      const findings = findingsOf(files, 'revision-cycle');
      assert.deepEqual(findings.map((f) => f.path).sort(), [migrationPath('blog', '0001_initial'), migrationPath('shop', '0001_initial')]);
      assert.match(findings[0].message, /CircularDependencyError/);
    });

    it('an operation that renders neither way is one not-analysed finding, not one per direction', () => {
      const op = "migrations.AddField(model_name='nowhere', name='note', field=models.TextField(null=True))";
      const text = migration({ operations: [op] });
      const m = readProject(project({ 'shop/0001_initial': text })).migrations[0];
      assert.ok(m.up.rendered!.some((r) => r.unanalysed) && m.down!.rendered!.some((r) => r.unanalysed), 'unrendered both ways');
      const findings = findingsOf(project({ 'shop/0001_initial': text }), 'not-analysed');
      assert.deepEqual(findings.map((f) => slice(text, f.span)), [op]);
    });

    it('a dynamic operations list is one not-analysed finding, and nothing crashes', () => {
      const text = migration({}).replace(/operations = \[\n {4}\]/, 'operations = make_operations()');
      const findings = analyzeProject(project({ 'shop/0001_initial': text })).findings;
      assert.deepEqual(findings.map((f) => [f.ruleId, slice(text, f.span)]), [['not-analysed', 'make_operations()']]);
    });
  });
  it('a CreateModel it cannot render still makes its table new for the operations after it', () => {
    // netbox/netbox/virtualization/migrations/0038_virtualdisk.py: VirtualDisk has a NaturalOrderingField
    // (naturalize_function= is not rendered), then gets a unique constraint while still empty.
    const create = [
      "migrations.CreateModel(name='VirtualDisk', fields=[",
      "    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False)),",
      "    ('name', models.CharField(max_length=64)),",
      "    ('_name', utilities.fields.NaturalOrderingField('name', max_length=100, naturalize_function=naturalize)),",
      '])',
    ].join('\n');
    const unique = "migrations.AddConstraint(model_name='virtualdisk', constraint=models.UniqueConstraint(fields=('name',), name='virtualization_virtualdisk_unique_name'))";
    const files = project({ 'virtualization/0001_x': migration({ operations: [create, unique] }) });
    const ids = analyzeProject(files).findings.map((f) => f.ruleId);
    assert.ok(ids.includes('not-analysed'), ids.join());
    for (const id of ['disallowed-unique-constraint', 'require-timeout-settings']) assert.ok(!ids.includes(id), id);
    // The same constraint on a table an earlier migration created is reported.
    const later = project({
      'virtualization/0001_x': migration({ operations: [create.replace(/\n.*_name.*\n/, '\n')] }),
      'virtualization/0002_y': migration({ deps: ["('virtualization', '0001_x')"], operations: [unique] }),
    });
    assert.equal(findingsOf(later, 'disallowed-unique-constraint').length, 1);
  });
});
