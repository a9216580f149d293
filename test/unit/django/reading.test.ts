import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { graphOf } from '../../../server/src/core/graph';
import { discoverFolders, readFolder } from '../../../server/src/core/sources';
import { memoryFiles } from '../alembic/support';
import { migration, migrationPath, PROJECT, project, readProject } from './support';

const ids = (folder: ReturnType<typeof readProject>) => folder.migrations.map((m) => m.id);
const byId = (folder: ReturnType<typeof readProject>, id: string) => folder.migrations.find((m) => m.id === id)!;

describe('Django migrations: reading', () => {
  it('links same-app dependencies as parents and other apps as dependsOn, in dependency order', () => {
    const folder = readProject(
      project({
        'shop/0001_initial': migration({ body: ['initial = True'], deps: ["('users', '0001_initial')"] }),
        'shop/0002_order_note': migration({ deps: ["('shop', '0001_initial')", "('users', '0002_user_email')"] }),
        'users/0001_initial': migration({ body: ['initial = True'] }),
        'users/0002_user_email': migration({ deps: ["('users', '0001_initial')"] }),
      }),
    );
    assert.deepEqual(ids(folder), ['users.0001_initial', 'users.0002_user_email', 'shop.0001_initial', 'shop.0002_order_note']);
    const note = byId(folder, 'shop.0002_order_note');
    assert.deepEqual([note.parents, note.dependsOn, note.name, note.path], [['shop.0001_initial'], ['users.0002_user_email'], '0002_order_note', migrationPath('shop', '0002_order_note')]);
    assert.equal(note.django?.app, 'shop');
    assert.deepEqual(graphOf(folder).heads.sort(), ['shop.0002_order_note', 'users.0002_user_email']);
    assert.deepEqual(graphOf(folder).problems, []);
  });

  it('resolves __first__, __latest__ and the swappable user model from the settings', () => {
    const folder = readProject(
      project(
        {
          'accounts/0001_initial': migration({}),
          'accounts/0002_profile': migration({ deps: ["('accounts', '0001_initial')"] }),
          'shop/0001_initial': migration({ deps: ['migrations.swappable_dependency(settings.AUTH_USER_MODEL)', "('auth', '0012_alter_user_first_name_max_length')"] }),
          'shop/0002_x': migration({ deps: ["('shop', '0001_initial')", "('accounts', '__latest__')"] }),
          'shop/0003_y': migration({ deps: ["('shop', '0002_x')", "('accounts', '__first__')"] }),
        },
        { [`${PROJECT}/config/settings.py`]: "AUTH_USER_MODEL = 'accounts.User'\n" },
      ),
    );
    // django.contrib.auth is not in the project: outside the graph, not a missing dependency.
    assert.deepEqual(byId(folder, 'shop.0001_initial').dependsOn, ['accounts.0001_initial']);
    assert.deepEqual(byId(folder, 'shop.0002_x').dependsOn, ['accounts.0002_profile']);
    assert.deepEqual(byId(folder, 'shop.0003_y').dependsOn, ['accounts.0001_initial']);
    assert.deepEqual(graphOf(folder).problems, []);
  });

  it("renders foreign keys to settings.AUTH_USER_MODEL as the settings' model, and join tables keyed by DEFAULT_AUTO_FIELD", () => {
    const user = "migrations.CreateModel(name='User', fields=[('id', models.BigAutoField(primary_key=True, serialize=False))])";
    const squad = "migrations.CreateModel(name='Squad', fields=[('id', models.BigAutoField(primary_key=True, serialize=False)), ('owner', models.ForeignKey(on_delete=models.CASCADE, to=settings.AUTH_USER_MODEL)), ('members', models.ManyToManyField(to=settings.AUTH_USER_MODEL))])";
    const files = project({ 'accounts/0001_initial': migration({ operations: [user] }), 'shop/0001_initial': migration({ deps: ['migrations.swappable_dependency(settings.AUTH_USER_MODEL)'], operations: [squad] }) });
    const sql = (settings: string) => {
      const folder = readProject({ ...files, [`${PROJECT}/config/settings.py`]: settings });
      return byId(folder, 'shop.0001_initial').up.rendered!.map((s) => s.unanalysed ?? s.sql);
    };
    const custom = sql("AUTH_USER_MODEL = 'accounts.User'\nDEFAULT_AUTO_FIELD = 'django.db.models.BigAutoField'\n");
    assert.match(custom[0], /"owner_id" bigint NOT NULL/);
    assert.match(custom[1], /^CREATE TABLE "shop_squad_members" \("id" bigint .*"squad_id" bigint NOT NULL, "user_id" bigint NOT NULL\);$/);
    assert.ok(custom.some((s) => s.includes('REFERENCES "accounts_user" ("id")')));
    // Django's defaults: auth.User, whose key is an AutoField, and AutoField join tables.
    const defaults = sql('DEBUG = True\n');
    assert.match(defaults[0], /"owner_id" integer NOT NULL/);
    assert.match(defaults[1], /^CREATE TABLE "shop_squad_members" \("id" integer .*"user_id" integer NOT NULL\);$/);
    assert.ok(defaults.some((s) => s.includes('REFERENCES "auth_user" ("id")')));
  });

  it('a swappable dependency on the default user model is outside the project', () => {
    const folder = readProject(project({ 'shop/0001_initial': migration({ deps: ['migrations.swappable_dependency(settings.AUTH_USER_MODEL)'] }) }));
    assert.equal(byId(folder, 'shop.0001_initial').dependsOn, undefined);
  });

  it('run_before makes the named migration depend on this one', () => {
    const folder = readProject(
      project({
        'shop/0001_initial': migration({}),
        'audit/0001_initial': migration({ body: ["run_before = [('shop', '0001_initial')]"] }),
      }),
    );
    assert.deepEqual(byId(folder, 'shop.0001_initial').dependsOn, ['audit.0001_initial']);
    assert.deepEqual(ids(folder), ['audit.0001_initial', 'shop.0001_initial']);
  });

  it('a squashed migration stands in for the ones it replaces, present or not', () => {
    const files = project({
      'shop/0001_initial': migration({}),
      'shop/0002_a': migration({ deps: ["('shop', '0001_initial')"] }),
      'shop/0001_squashed_0002_a': migration({ body: ["replaces = [('shop', '0001_initial'), ('shop', '0002_a')]"] }),
      'shop/0003_b': migration({ deps: ["('shop', '0002_a')"] }),
      'blog/0001_initial': migration({ deps: ["('shop', '0001_initial')"] }),
    });
    const folder = readProject(files);
    assert.deepEqual(ids(folder).sort(), ['blog.0001_initial', 'shop.0001_squashed_0002_a', 'shop.0003_b']);
    assert.deepEqual(byId(folder, 'shop.0003_b').parents, ['shop.0001_squashed_0002_a']);
    assert.deepEqual(byId(folder, 'blog.0001_initial').dependsOn, ['shop.0001_squashed_0002_a']);
    assert.deepEqual(graphOf(folder).problems, []);
  });

  it('reads atomic = False as a migration outside a transaction, and initial', () => {
    const folder = readProject(project({ 'shop/0001_initial': migration({ body: ['atomic = False', 'initial = True'] }), 'shop/0002_x': migration({ deps: ["('shop', '0001_initial')"] }) }));
    assert.deepEqual(folder.migrations.map((m) => [m.transaction, m.django?.initial]), [['none', true], ['wrapped', false]]);
  });

  it('hands the operations to the renderer in dependency order, each statement on its operation', () => {
    const text = migration({ operations: ["migrations.AddField(model_name='order', name='note', field=models.TextField(default=''))"] });
    const folder = readProject(project({ 'shop/0001_initial': text }));
    const [statement] = folder.migrations[0].up.rendered!;
    assert.equal(text.slice(statement.span.start, statement.span.end), "migrations.AddField(model_name='order', name='note', field=models.TextField(default=''))");
  });

  it('says what it could not read: a dynamic operations list, a dependency built at run time', () => {
    const text = migration({ deps: ['get_dependency()'] }).replace(/operations = \[\n    \]/, 'operations = build_operations()');
    const m = readProject(project({ 'shop/0001_initial': text })).migrations[0];
    const reasons = (m.notAnalysed ?? []).map((n) => [text.slice(n.span.start, n.span.end), n.reason]);
    assert.equal(reasons.length, 2, JSON.stringify(reasons));
    assert.equal(reasons[0][0], 'get_dependency()');
    assert.match(reasons[0][1], /^dependencies cannot be read without running the code/);
    assert.equal(reasons[1][0], 'build_operations()');
    assert.match(reasons[1][1], /^operations cannot be read without running the code/);
  });

  it('a syntax error inside the class: read as far as it can, and said where', () => {
    const text = migration({ operations: ['migrations.RunSQL("SELECT 1"),'] });
    const m = readProject(project({ 'shop/0001_initial': text })).migrations[0];
    assert.equal(m.notAnalysed?.length, 1);
    assert.match(m.notAnalysed![0].reason, /^The file has a Python syntax error at `,`/);
    assert.equal(text.slice(m.notAnalysed![0].span.start, m.notAnalysed![0].span.end), ',');
    assert.equal(m.django?.codeOperations.length, 1);
  });

  it('a syntax error that hides the class: the file is reported as not analysed, the others are read', () => {
    const broken = migration({}).replace('class Migration', 'x = (\n\nclass Migration');
    const folder = readProject(project({ 'shop/0001_initial': broken, 'shop/0002_ok': migration({}) }));
    assert.deepEqual(ids(folder), ['shop.0002_ok']);
    assert.equal(folder.strays.length, 1);
    assert.equal(folder.strays[0].path, migrationPath('shop', '0001_initial'));
    assert.match(folder.strays[0].message, /no `class Migration\(migrations.Migration\)` that can be read.* Python syntax error/);
  });

  it('finds the project by manage.py above nested apps, and a relabelled app by its AppConfig', () => {
    const files = {
      '/repo/manage.py': '',
      '/repo/src/apps/shop/apps.py': "class ShopConfig(AppConfig):\n    name = 'apps.shop'\n    label = 'store'\n",
      '/repo/src/apps/shop/migrations/0001_initial.py': migration({}),
      '/repo/src/apps/blog/migrations/0001_initial.py': migration({ deps: ["('store', '0001_initial')"] }),
    };
    const view = memoryFiles(files);
    const refs = discoverFolders(['/repo'], view);
    assert.deepEqual(refs, [{ path: '/repo', format: 'django' }]);
    const folder = readFolder(refs[0], view);
    assert.deepEqual(folder.migrations.map((m) => [m.id, m.dependsOn]), [['store.0001_initial', undefined], ['blog.0001_initial', ['store.0001_initial']]]);
  });
});
