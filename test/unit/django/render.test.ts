import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { emptyState } from '../../../server/src/core/sources/django/render';
import { migrationModule, renderModule } from './render-support';

// What the renderer does with what it cannot render: one "not analysed" entry on the
// operation, no statement of it (not even the first few), and the operations after it that
// do not depend on it rendered as usual.

const CREATE_AUTHOR = [
  "migrations.CreateModel(name='Author', fields=[('id', models.BigAutoField(primary_key=True, serialize=False)), ('name', models.CharField(max_length=50))]),",
];

function render(operations: string[], extra: string[] = []) {
  const text = migrationModule(operations, extra);
  const result = renderModule('app', '0001_x', text);
  /** The source text of the operation a statement came from. */
  const source = (s: { span: { start: number; end: number } }) => text.slice(s.span.start, s.span.end);
  return { ...result, source };
}

describe('django rendering of what it cannot render', () => {
  it('a computed default is one unanalysed entry on its AddField, and the next operation renders', () => {
    const r = render([
      ...CREATE_AUTHOR,
      "migrations.AddField(model_name='author', name='joined', field=models.DateTimeField(default=django.utils.timezone.now)),",
      "migrations.AddField(model_name='author', name='age', field=models.IntegerField(null=True)),",
    ]);
    const marked = r.up.filter((s) => s.unanalysed);
    assert.equal(marked.length, 1);
    assert.match(r.source(marked[0]), /name='joined'/);
    assert.match(marked[0].unanalysed!, /default of joined is computed by Django/);
    assert.equal(r.up.some((s) => s.sql.includes('"joined"')), false);
    assert.equal(r.up.at(-1)!.sql, 'ALTER TABLE "app_author" ADD COLUMN "age" integer NULL;');
  });

  it('a field that is not understood leaves its model known: what needs its column is marked, the rest renders', () => {
    const r = render([
      "migrations.CreateModel(name='Doc', fields=[('id', models.AutoField(primary_key=True)), ('tags', ArrayField(models.TextField()))]),",
      "migrations.AddField(model_name='doc', name='title', field=models.TextField(null=True)),",
      "migrations.AddIndex(model_name='doc', index=models.Index(fields=['tags'], name='doc_tags_idx')),",
      "migrations.AddConstraint(model_name='doc', constraint=models.UniqueConstraint(fields=['title'], condition=models.Q(title__isnull=False), name='doc_title_uniq')),",
      "migrations.RemoveConstraint(model_name='doc', name='doc_title_uniq'),",
    ]);
    assert.deepEqual(
      r.up.map((s) => s.unanalysed ?? s.sql),
      [
        'Django operation not rendered: ArrayField fields are not rendered',
        'ALTER TABLE "app_doc" ADD COLUMN "title" text NULL;',
        'Django operation not rendered: ArrayField fields are not rendered',
        'Django operation not rendered: the unique constraint option condition= is not rendered',
        'ALTER TABLE "app_doc" DROP CONSTRAINT "doc_title_uniq";',
      ],
    );
  });

  it('an operation on a model the migrations never created is marked', () => {
    const r = render(["migrations.AddField(model_name='ghost', name='title', field=models.TextField(null=True)),"]);
    assert.match(r.up[0].unanalysed!, /model app\.ghost is not known/);
  });

  it('a many-to-many field through a model of its own has no column; without one its join table is marked', () => {
    const r = render([
      ...CREATE_AUTHOR,
      "migrations.AddField(model_name='author', name='groups', field=models.ManyToManyField(through='app.Membership', to='app.author')),",
      "migrations.AddField(model_name='author', name='friends', field=models.ManyToManyField(to='app.author')),",
    ]);
    assert.deepEqual(r.up.slice(1).map((s) => s.unanalysed ?? s.sql), ['Django operation not rendered: the join table of the many-to-many field friends is not rendered yet']);
  });

  it('an operation that fails half way leaves none of its statements', () => {
    const r = render([
      ...CREATE_AUTHOR,
      "migrations.CreateModel(name='Editor', fields=[('id', models.AutoField(primary_key=True))]),",
      "migrations.CreateModel(name='Book', fields=[('id', models.AutoField(primary_key=True)), ('author', models.ForeignKey(on_delete=models.CASCADE, to='app.author'))]),",
      // Django would drop the foreign key first, then change bigint to integer: the second step is not rendered yet.
      "migrations.AlterField(model_name='book', name='author', field=models.ForeignKey(on_delete=models.CASCADE, to='app.editor')),",
    ]);
    const marked = r.up.filter((s) => s.unanalysed);
    assert.equal(marked.length, 1);
    assert.match(marked[0].unanalysed!, /changing the type of a foreign key is not rendered yet/);
    assert.equal(r.up.some((s) => s.sql.includes('DROP CONSTRAINT')), false);
    assert.equal(r.down[0].unanalysed, marked[0].unanalysed);
  });

  it('options Django keeps in Python render as nothing, without a marker', () => {
    const r = render([...CREATE_AUTHOR, "migrations.AlterModelOptions(name='author', options={'ordering': ['name']}),"]);
    assert.equal(r.up.length, 1);
    assert.equal(r.up.some((s) => s.unanalysed), false);
  });

  it('an operation of another kind is named in its marker', () => {
    const r = render(["migrations.SeparateDatabaseAndState(state_operations=[], database_operations=[]),"]);
    assert.equal(r.up.length, 1);
    assert.match(r.up[0].unanalysed!, /SeparateDatabaseAndState operations are not rendered/);
  });

  it('a non-atomic migration runs every statement outside a transaction; state carries across migrations', () => {
    const state = emptyState();
    renderModule('app', '0001_initial', migrationModule(CREATE_AUTHOR), state);
    const r = renderModule('app', '0002_idx', migrationModule(["AddIndexConcurrently(model_name='author', index=models.Index(fields=['name'], name='author_name_idx')),"], ['atomic = False']), state);
    assert.deepEqual(r.up.map((s) => [s.sql, s.outsideTransaction]), [['CREATE INDEX CONCURRENTLY "author_name_idx" ON "app_author" ("name");', true]]);
    assert.equal(state.models.get('app.author')?.indexes[0]?.name, 'author_name_idx');
  });
});
