import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Migration, MigrationFolder, Script } from '../../server/src/core/model';
import {
  adapters,
  discoverFolders,
  DiskFileView,
  folderContaining,
  OverlayFileView,
  readFolder,
  type DirEntry,
  type FileView,
  type FolderRef,
} from '../../server/src/core/sources';
import '../support/parser-hook';
import { corpusRoot, repoRoot } from '../support/paths';

const fixtures = path.join(repoRoot, 'test', 'fixtures', 'sources');
const disk = new DiskFileView();

const fixture = (...parts: string[]) => path.join(fixtures, ...parts);
const sql = (script: Script | undefined) => script && script.text.slice(script.span.start, script.span.end);
const ids = (folder: MigrationFolder) => folder.migrations.map((m) => m.id);
const byId = (folder: MigrationFolder, id: string) => {
  const found = folder.migrations.filter((m) => m.id === id);
  assert.equal(found.length, 1, `one migration ${id}`);
  return found[0];
};
const strays = (folder: MigrationFolder) => folder.strays.map((s) => [path.basename(s.path), s.reason]);

/** Detects the folder's format, then reads it, as the workspace does. */
function read(dir: string, files: FileView = disk): MigrationFolder {
  const refs = discoverFolders([dir], files, { maxDepth: 0 });
  assert.equal(refs.length, 1, `${dir} is detected as a migration folder`);
  return readFolder(refs[0], files);
}

/** Each migration's parent is the one before it. */
function assertLinear(folder: MigrationFolder): void {
  folder.migrations.forEach((m, i) => assert.deepEqual(m.parents, i === 0 ? [] : [folder.migrations[i - 1].id], m.id));
}

/** An in-memory tree: file path → text, directories implied. */
function memoryView(tree: Record<string, string>): FileView {
  return {
    read: (file) => tree[file],
    list(dir): DirEntry[] {
      const names = new Map<string, boolean>();
      for (const file of Object.keys(tree)) {
        const relative = path.relative(dir, file);
        if (relative.startsWith('..') || path.isAbsolute(relative)) continue;
        const [first, ...rest] = relative.split(path.sep);
        names.set(first, rest.length > 0);
      }
      return [...names].sort().map(([name, isDirectory]) => ({ name, isDirectory }));
    },
  };
}

/** The disk, except that some files vanish between the listing and the read. */
function vanishing(...gone: string[]): FileView {
  return { read: (file) => (gone.includes(file) ? undefined : disk.read(file)), list: (dir) => disk.list(dir) };
}

describe('sources', () => {
  describe('golang-migrate', () => {
    let folder: MigrationFolder;
    before(() => (folder = read(fixture('golang-migrate'))));

    it('orders versions numerically and links each to the previous', () => {
      assert.equal(folder.format, 'golang-migrate');
      assert.deepEqual(ids(folder), ['1', '2', '3', '4', '4', '9', '10']);
      assertLinear(folder);
      assert.deepEqual(folder.migrations.map((m) => m.sortKey), [[1], [2], [3], [4], [4], [9], [10]]);
    });

    it('pairs downs by name, or by version when the name differs', () => {
      assert.equal(sql(byId(folder, '1').down), 'DROP TABLE users;\n');
      assert.equal(byId(folder, '1').down?.path, fixture('golang-migrate', '1_create_users.down.sql'));
      assert.equal(sql(byId(folder, '3').down), 'ALTER TABLE users DROP COLUMN name;\n');
      assert.equal(sql(byId(folder, '10').down), 'SELECT -10;\n');
    });

    it('leaves down undefined when missing, and the format supports downs', () => {
      const m = byId(folder, '2');
      assert.equal(m.down, undefined);
      assert.equal(m.supportsDown, true);
      assert.equal(m.transaction, 'implicit');
      assert.equal(m.name, 'add_email');
      assert.equal(m.path, fixture('golang-migrate', '2_add_email.up.sql'));
      assert.deepEqual(m.up.span, { start: 0, end: m.up.text.length });
    });

    it('keeps both migrations of a duplicated version', () => {
      assert.deepEqual(
        folder.migrations.filter((m) => m.id === '4').map((m) => m.name),
        ['dup_a', 'dup_b'],
      );
    });

    it('reports a down without an up', () => {
      assert.deepEqual(strays(folder), [['5_orphan.down.sql', 'down-without-up']]);
    });
  });

  describe('Flyway', () => {
    let folder: MigrationFolder;
    before(() => (folder = read(fixture('flyway', 'with-undo'))));

    it('orders 1_9 < 1_10 < 1.11 and puts repeatables last', () => {
      assert.equal(folder.format, 'flyway');
      assert.deepEqual(ids(folder), ['1', '1_9', '1_10', '1.11', '2', '3', 'views']);
      assertLinear(folder);
    });

    it('pairs undo files as downs, only where present', () => {
      assert.equal(sql(byId(folder, '1_10').down), 'SELECT -10;\n');
      assert.equal(byId(folder, '1_9').down, undefined);
      assert.equal(byId(folder, '1_9').supportsDown, true);
      assert.deepEqual(strays(folder), [['U4__orphan.sql', 'down-without-up']]);
    });

    it('reads executeInTransaction=false from the script config', () => {
      assert.equal(byId(folder, '2').transaction, 'none');
      // Without it Flyway wraps the script, unless every statement must run outside a transaction.
      assert.equal(byId(folder, '3').transaction, 'auto');
      assert.equal(byId(folder, '1').transaction, 'auto');
    });

    it('marks repeatables, which have no downs', () => {
      const r = byId(folder, 'views');
      assert.equal(r.repeatable, true);
      assert.equal(r.supportsDown, false);
      assert.equal(r.name, 'views');
      assert.equal(byId(folder, '1').repeatable, undefined);
    });

    it('does not expect downs in a folder without undo files', () => {
      const plainFolder = read(fixture('flyway', 'without-undo'));
      assert.deepEqual(ids(plainFolder), ['1', '2']);
      assert.ok(plainFolder.migrations.every((m) => !m.supportsDown && m.down === undefined));
    });
  });

  describe('dbmate', () => {
    let folder: MigrationFolder;
    before(() => (folder = read(fixture('dbmate'))));

    it('reads ids, names and order', () => {
      assert.equal(folder.format, 'dbmate');
      assert.deepEqual(ids(folder), ['20240101000000', '20240102000000', '20240103000000']);
      assert.equal(folder.migrations[0].name, 'create_users');
      assertLinear(folder);
      assert.deepEqual(folder.strays, []);
    });

    it('spans exactly the SQL between the markers', () => {
      const m = byId(folder, '20240101000000');
      assert.equal(m.up.path, m.path);
      assert.equal(m.down?.path, m.path);
      assert.equal(m.up.text, fs.readFileSync(m.path, 'utf8'));
      assert.equal(sql(m.up), 'CREATE TABLE users (id int);\n\n');
      assert.equal(sql(m.down), 'DROP TABLE users;\n');
    });

    it('reads transaction:false on the up marker', () => {
      // dbmate still sends the section as one query: several statements share an implicit transaction.
      assert.equal(byId(folder, '20240102000000').transaction, 'implicit');
      assert.equal(byId(folder, '20240101000000').transaction, 'wrapped');
    });

    it('tells an empty down section from a missing one', () => {
      const empty = byId(folder, '20240102000000');
      assert.ok(empty.down);
      assert.equal(empty.down.span.start, empty.down.span.end);
      const missing = byId(folder, '20240103000000');
      assert.equal(missing.down, undefined);
      assert.equal(missing.supportsDown, true);
      assert.equal(sql(missing.up), 'ALTER TABLE users ADD COLUMN name text;\n');
    });

    it('handles CRLF line ends and a byte-order mark', () => {
      const file = '/mem/m/1_x.sql';
      const view = memoryView({ [file]: '\uFEFF-- migrate:up\r\nSELECT 1;\r\n-- migrate:down\r\nSELECT 2;\r\n' });
      const m = read('/mem/m', view).migrations[0];
      assert.equal(sql(m.up), 'SELECT 1;\r\n');
      assert.equal(sql(m.down), 'SELECT 2;\r\n');
    });
  });

  describe('goose', () => {
    let folder: MigrationFolder;
    before(() => (folder = read(fixture('goose'))));

    it('reads sections, keeping StatementBegin/End as comments inside the up', () => {
      assert.equal(folder.format, 'goose');
      assert.deepEqual(ids(folder), ['00001', '00002', '00003']);
      assertLinear(folder);
      const m = byId(folder, '00001');
      assert.match(sql(m.up) ?? '', /^-- \+goose StatementBegin\nCREATE FUNCTION[^]*\$\$;\n-- \+goose StatementEnd\n\n$/);
      assert.equal(sql(m.down), 'DROP FUNCTION one();\n');
    });

    it('reads NO TRANSACTION', () => {
      assert.equal(byId(folder, '00002').transaction, 'none');
      assert.equal(byId(folder, '00001').transaction, 'wrapped');
      assert.equal(sql(byId(folder, '00002').up), 'CREATE INDEX CONCURRENTLY users_id ON users (id);\n\n');
    });

    it('leaves down undefined without a Down marker', () => {
      assert.equal(byId(folder, '00003').down, undefined);
    });
  });

  describe('Prisma', () => {
    it('reads <timestamp>_<name>/migration.sql under the migrations folder', () => {
      const folder = read(fixture('prisma', 'migrations'));
      assert.equal(folder.format, 'prisma');
      assert.equal(folder.path, fixture('prisma', 'migrations'));
      assert.deepEqual(ids(folder), ['20230101000000', '20230102000000']);
      assertLinear(folder);
      const m = folder.migrations[1];
      assert.equal(m.name, 'add_posts');
      assert.equal(m.path, fixture('prisma', 'migrations', '20230102000000_add_posts', 'migration.sql'));
      assert.equal(m.supportsDown, false);
      assert.equal(m.down, undefined);
      assert.equal(m.transaction, 'implicit');
      assert.deepEqual(folder.strays, []);
    });
  });

  describe('Supabase', () => {
    it('wins over plain for supabase/migrations', () => {
      const folder = read(fixture('supabase', 'app', 'supabase', 'migrations'));
      assert.equal(folder.format, 'supabase');
      assert.deepEqual(ids(folder), ['20240101000000', '20240102000000']);
      assert.ok(folder.migrations.every((m) => !m.supportsDown && m.down === undefined && m.transaction === 'implicit'));
    });

    it('recognises migrations/ beside a config.toml', () => {
      assert.equal(read(fixture('supabase', 'custom', 'db', 'migrations')).format, 'supabase');
    });
  });

  describe('plain numbered', () => {
    it('pairs rollback/ files and reports orphans', () => {
      const folder = read(fixture('plain', 'rollback-dir'));
      assert.equal(folder.format, 'plain');
      assert.deepEqual(ids(folder), ['001', '002', '010']);
      assertLinear(folder);
      assert.equal(sql(byId(folder, '001').down), 'DROP TABLE users;\n');
      assert.equal(byId(folder, '002').down, undefined);
      assert.ok(folder.migrations.every((m) => m.supportsDown && m.transaction === 'implicit'));
      assert.deepEqual(strays(folder), [['003_gone_rollback.sql', 'down-without-up']]);
    });

    it('pairs _down files and accepts dashes', () => {
      const folder = read(fixture('plain', 'down-suffix'));
      assert.deepEqual(ids(folder), ['1', '2']);
      assert.equal(byId(folder, '1').name, 'first');
      assert.equal(sql(byId(folder, '1').down), 'SELECT -1;\n');
    });

    it('does not expect downs in a folder without any', () => {
      const folder = read(fixture('plain', 'no-downs'));
      assert.ok(folder.migrations.every((m) => !m.supportsDown && m.down === undefined));
    });
  });

  describe('faults', () => {
    it('reads a mixed folder as its majority and reports the rest', () => {
      const folder = read(fixture('mixed', 'flyway-majority'));
      assert.equal(folder.format, 'flyway');
      assert.deepEqual(ids(folder), ['1', '2']);
      assert.deepEqual(strays(folder), [['0003_three.up.sql', 'mixed-format']]);
      assert.match(folder.strays[0].message, /golang-migrate.*Flyway/);
    });

    it('reports numbered files with other markers, or none, in a dbmate folder', () => {
      const folder = read(fixture('mixed', 'dbmate-majority'));
      assert.equal(folder.format, 'dbmate');
      assert.deepEqual(ids(folder), ['20240101000000', '20240102000000']);
      assert.deepEqual(strays(folder), [
        ['20240103000000_goose.sql', 'mixed-format'],
        ['20240104000000_bare.sql', 'mixed-format'],
      ]);
      assert.match(folder.strays[0].message, /goose markers/);
      assert.match(folder.strays[1].message, /-- migrate:up/);
    });

    it('turns files that vanish after the listing into unreadable strays', () => {
      const up = fixture('golang-migrate', '2_add_email.up.sql');
      const down = fixture('golang-migrate', '10_ten.down.sql');
      const conf = fixture('flyway', 'with-undo', 'V2__concurrent_index.sql.conf');
      const folder = read(fixture('golang-migrate'), vanishing(up, down));
      assert.ok(!folder.migrations.some((m) => m.path === up));
      assert.equal(byId(folder, '10').down, undefined);
      assert.deepEqual(
        folder.strays.filter((s) => s.reason === 'unreadable').map((s) => s.path),
        [down, up],
      );
      const flyway = read(fixture('flyway', 'with-undo'), vanishing(conf));
      assert.ok(flyway.strays.some((s) => s.path === conf && s.reason === 'unreadable'));
      assert.equal(byId(flyway, '2').transaction, 'auto');
    });

    it('survives empty folders and garbage names', () => {
      const garbage = memoryView({
        '/mem/g/.sql': '',
        '/mem/g/_1.sql': '',
        '/mem/g/V__x.sql': '',
        '/mem/g/x.up.sql': '',
        '/mem/g/1.sql': '',
        '/mem/g/notes.txt': '',
        '/mem/g/R__.sql.conf': '',
      });
      assert.deepEqual(discoverFolders(['/mem/g', '/mem/none'], garbage), []);
      for (const adapter of adapters) {
        for (const dir of ['/mem/g', '/mem/none']) {
          const folder = readFolder({ path: dir, format: adapter.id }, garbage);
          assert.deepEqual(folder.migrations, [], `${adapter.id} in ${dir}`);
        }
      }
    });

    it('reads through the FileView, so unsaved editor text counts', () => {
      const file = fixture('dbmate', '20240101000000_create_users.sql');
      const edited = '-- migrate:up transaction:false\nSELECT 1;\n';
      const overlay = new OverlayFileView((f) => (f === file ? edited : undefined));
      const m = byId(read(fixture('dbmate'), overlay), '20240101000000');
      assert.equal(m.up.text, edited);
      assert.equal(m.transaction, 'implicit');
      assert.equal(m.down, undefined);
    });
  });

  describe('discovery', () => {
    let refs: FolderRef[];
    before(() => (refs = discoverFolders([fixtures], disk)));
    const formatOf = (...parts: string[]) => refs.find((r) => r.path === fixture(...parts))?.format;

    it('finds every fixture folder with its format', () => {
      assert.equal(formatOf('golang-migrate'), 'golang-migrate');
      assert.equal(formatOf('flyway', 'with-undo'), 'flyway');
      assert.equal(formatOf('dbmate'), 'dbmate');
      assert.equal(formatOf('goose'), 'goose');
      assert.equal(formatOf('prisma', 'migrations'), 'prisma');
      assert.equal(formatOf('supabase', 'app', 'supabase', 'migrations'), 'supabase');
      assert.equal(formatOf('plain', 'down-suffix'), 'plain');
      assert.equal(formatOf('mixed', 'flyway-majority'), 'flyway');
    });

    it('does not take a folder’s own subfolders for folders', () => {
      assert.equal(formatOf('plain', 'rollback-dir', 'rollback'), undefined);
      assert.equal(formatOf('prisma', 'migrations', '20230101000000_init'), undefined);
      assert.equal(formatOf('prisma'), undefined);
    });

    it('honours forced formats, ignores unknown ones, and stops at maxDepth', () => {
      const forced = discoverFolders([fixtures], disk, {
        formats: { [fixture('dbmate')]: 'plain', [fixture('goose')]: 'nonsense' as never },
      });
      assert.equal(forced.find((r) => r.path === fixture('dbmate'))?.format, 'plain');
      assert.equal(forced.find((r) => r.path === fixture('goose'))?.format, 'goose');
      assert.deepEqual(discoverFolders([fixtures], disk, { maxDepth: 1 }).map((r) => r.path), [fixture('dbmate'), fixture('golang-migrate'), fixture('goose')]);
      const outside = discoverFolders([fixture('goose')], disk, { maxDepth: 0, formats: { [fixture('dbmate')]: 'dbmate' } });
      assert.deepEqual(outside.map((r) => r.path), [fixture('goose'), fixture('dbmate')]);
    });

    it('finds the folder a file belongs to', () => {
      const of = (...parts: string[]) => folderContaining(fixture(...parts), refs)?.path;
      assert.equal(of('prisma', 'migrations', '20230101000000_init', 'migration.sql'), fixture('prisma', 'migrations'));
      assert.equal(of('flyway', 'with-undo', 'V2__concurrent_index.sql.conf'), fixture('flyway', 'with-undo'));
      assert.equal(of('flyway', 'with-undo', 'U4__orphan.sql'), fixture('flyway', 'with-undo'));
      assert.equal(of('plain', 'rollback-dir', 'rollback', '001_create_users_rollback.sql'), fixture('plain', 'rollback-dir'));
      assert.equal(of('mixed', 'flyway-majority', '0003_three.up.sql'), fixture('mixed', 'flyway-majority'));
      assert.equal(of('golang-migrate', 'README.md'), undefined);
      assert.equal(of('prisma', 'migrations', 'migration_lock.toml'), undefined);
      assert.equal(of('prisma', 'migrations', '20230101000000_init', 'notes.sql'), undefined);
      assert.equal(folderContaining(path.join(repoRoot, 'package.json'), refs), undefined);
    });
  });

  describe('real corpus', function () {
    this.timeout(20_000);
    const corpus = (...parts: string[]) => path.join(corpusRoot, ...parts);
    const names = (dir: string) => fs.readdirSync(dir);
    const readAs = (format: FolderRef['format'], ...parts: string[]) => {
      const folder = readFolder({ path: corpus(...parts), format }, disk);
      assert.equal(folder.format, format);
      assertLinear(folder);
      return folder;
    };

    it('documenso (Prisma): one migration per subfolder with migration.sql', () => {
      const dir = corpus('documenso', 'packages', 'prisma', 'migrations');
      const expected = names(dir).filter((n) => fs.existsSync(path.join(dir, n, 'migration.sql')));
      const folder = readAs('prisma', 'documenso', 'packages', 'prisma', 'migrations');
      assert.equal(folder.migrations.length, expected.length);
      assert.deepEqual(folder.migrations.map((m) => `${m.id}_${m.name}`), [...expected].sort());
      assert.ok(folder.migrations.every((m) => !m.supportsDown && m.down === undefined));
      assert.deepEqual(folder.strays, []);
    });

    it('gitness (golang-migrate): ups, paired downs, and plain-named files reported', () => {
      const parts = ['gitness', 'app', 'store', 'database', 'migrate', 'postgres'];
      const all = names(corpus(...parts));
      const ups = all.filter((n) => n.endsWith('.up.sql'));
      const downs = all.filter((n) => n.endsWith('.down.sql'));
      const plainNamed = all.filter((n) => /_(up|down)\.sql$/.test(n));
      const folder = readAs('golang-migrate', ...parts);
      assert.equal(folder.migrations.length, ups.length);
      assert.equal(folder.migrations.filter((m) => m.down).length, downs.length);
      assert.deepEqual(folder.strays.map((s) => path.basename(s.path)), plainNamed.sort());
      assert.ok(folder.strays.every((s) => s.reason === 'mixed-format'));
      // Its down's title has a typo; golang-migrate pairs by version regardless.
      assert.equal(path.basename(byId(folder, '0026').down?.path ?? ''), '0026_alter_repo_drop_join_id.down.sql');
      assert.equal(folder.migrations.filter((m) => m.id === '0001').length, ups.filter((n) => n.startsWith('0001_')).length);
    });

    it('kestra (Flyway): versions in numeric order', () => {
      const parts = ['kestra', 'jdbc-postgres', 'src', 'main', 'resources', 'migrations', 'postgres'];
      const versions = names(corpus(...parts))
        .flatMap((n) => {
          const m = /^V(\d+)_(\d+)__/.exec(n);
          return m ? [[Number(m[1]), Number(m[2])]] : [];
        })
        .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      const folder = readAs('flyway', ...parts);
      assert.deepEqual(ids(folder), versions.map(([major, minor]) => `${major}_${minor}`));
      assert.ok(ids(folder).indexOf('1_9') < ids(folder).indexOf('1_10'));
      assert.ok(folder.migrations.every((m) => m.transaction === 'auto' && !m.supportsDown));
    });

    it('supabase-postgres (dbmate): every file, its down, and spans without markers', () => {
      const parts = ['supabase-postgres', 'migrations', 'db', 'migrations'];
      const dir = corpus(...parts);
      const sqlFiles = names(dir).filter((n) => n.endsWith('.sql'));
      const withDown = sqlFiles.filter((n) => /^-- migrate:down/m.test(fs.readFileSync(path.join(dir, n), 'utf8')));
      const folder = readAs('dbmate', ...parts);
      assert.equal(folder.migrations.length, sqlFiles.length);
      assert.equal(folder.migrations.filter((m) => m.down).length, withDown.length);
      for (const m of folder.migrations) {
        assert.doesNotMatch(sql(m.up) ?? '', /migrate:(up|down)/, m.path);
        assert.doesNotMatch(sql(m.down) ?? '', /migrate:(up|down)/, m.path);
      }
    });

    it('chatbot-ui (Supabase): 25 migrations without downs', () => {
      const folder = readAs('supabase', 'chatbot-ui', 'supabase', 'migrations');
      assert.equal(folder.migrations.length, 25);
      assert.ok(folder.migrations.every((m) => !m.supportsDown && m.transaction === 'implicit'));
    });

    it('discovers each set with its format and reads every folder it finds', () => {
      const found = discoverFolders([corpusRoot], disk);
      const formatOf = (...parts: string[]) => found.find((r) => r.path === corpus(...parts))?.format;
      assert.equal(formatOf('documenso', 'packages', 'prisma', 'migrations'), 'prisma');
      assert.equal(formatOf('gitness', 'app', 'store', 'database', 'migrate', 'postgres'), 'golang-migrate');
      assert.equal(formatOf('kestra', 'jdbc-postgres', 'src', 'main', 'resources', 'migrations', 'postgres'), 'flyway');
      assert.equal(formatOf('supabase-postgres', 'migrations', 'db', 'migrations'), 'dbmate');
      assert.equal(formatOf('chatbot-ui', 'supabase', 'migrations'), 'supabase');
      assert.equal(formatOf('redash', 'migrations', 'versions'), 'alembic');
      assert.equal(formatOf('keystone', 'keystone', 'common', 'sql', 'migrations', 'versions'), 'alembic');
      assert.equal(formatOf('netbox', 'netbox'), 'django');
      // One folder per Alembic set (keystone's nested branch folders belong to its versions), one for the Django project's apps.
      for (const [set, folders] of [['redash', 1], ['keystone', 1], ['netbox', 1]] as const) {
        assert.equal(found.filter((r) => r.path.startsWith(corpus(set))).length, folders, set);
      }
      for (const ref of found) {
        const folder = readFolder(ref, disk);
        for (const m of folder.migrations) assertScriptsInBounds(m);
      }
    });
  });
});

function assertScriptsInBounds(m: Migration): void {
  for (const script of [m.up, m.down]) {
    if (!script) continue;
    assert.ok(0 <= script.span.start && script.span.start <= script.span.end && script.span.end <= script.text.length, m.path);
  }
}
