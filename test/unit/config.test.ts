import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { changedFiles } from '../../server/src/core/config/baseline';
import { effectiveOptions } from '../../server/src/core/config/effective';
import { findConfigFile } from '../../server/src/core/config/find';
import { loadConfig } from '../../server/src/core/config/load';
import { presetRules } from '../../server/src/core/config/presets';
import { ConfigResolver } from '../../server/src/core/config/resolver';
import { allChecks } from '../../server/src/core/catalog';
import { activeSeverity } from '../../server/src/core/engine';
import type { FileView } from '../../server/src/core/sources/files';
import { DiskFileView } from '../../server/src/core/sources/files';
import { MigrationWorkspace } from '../../server/src/core/workspace';
import { removeWorkspace, tempWorkspace } from '../support/tempWorkspace';

/** An in-memory FileView: absolute path → text. */
function memory(files: Record<string, string>): FileView {
  return { read: (f) => files[f], list: () => [] };
}

const severityIn = (options: ReturnType<typeof effectiveOptions>, file: string, id: string) => {
  const meta = allChecks.find((m) => m.id === id)!;
  return activeSeverity(meta, options.forFile?.(file) ?? options) ?? 'off';
};

describe('team configuration', () => {
  describe('discovery', () => {
    it('walks up from a folder, and the nearest file wins', () => {
      const files = memory({ '/repo/.migration-guard.json': '{}', '/repo/services/a/.migration-guard.jsonc': '{}' });
      assert.equal(findConfigFile('/repo/services/a/db/migrations', files), '/repo/services/a/.migration-guard.jsonc');
      assert.equal(findConfigFile('/repo/services/b/db', files), '/repo/.migration-guard.json');
      assert.equal(findConfigFile('/elsewhere', files), undefined);
    });

    it('prefers .json to .jsonc in one directory, and stops at the boundary', () => {
      const files = memory({ '/repo/.migration-guard.json': '{}', '/repo/.migration-guard.jsonc': '{}', '/.migration-guard.json': '{}' });
      assert.equal(findConfigFile('/repo/db', files), '/repo/.migration-guard.json');
      assert.equal(findConfigFile('/other/db', files, '/other'), undefined);
      assert.equal(findConfigFile('/other/db', files), '/.migration-guard.json');
    });

    it('reads .jsonc with comments and trailing commas, but not .json', () => {
      const text = '{\n  // the team agreed\n  "pgVersion": 16, /* for now */\n}\n';
      assert.equal(loadConfig('/r/.migration-guard.jsonc', memory({ '/r/.migration-guard.jsonc': text })).config?.pgVersion, 16);
      const json = loadConfig('/r/.migration-guard.json', memory({ '/r/.migration-guard.json': text }));
      assert.equal(json.config, undefined);
      assert.match(json.problems[0].message, /Invalid JSON: invalid comment token/);
      assert.equal(json.problems[0].span.start, text.indexOf('//'));
    });
  });

  describe('extends and presets', () => {
    it('recommended is every default; strict raises to warning, and locking and destructive rules to error', () => {
      const recommended = presetRules('migration-guard:recommended')!;
      const strict = presetRules('migration-guard:strict')!;
      for (const meta of allChecks) {
        assert.equal(recommended[meta.id], meta.defaultSeverity);
        const expected = ['locking', 'destructive'].includes(meta.category) || meta.defaultSeverity === 'error' ? 'error' : 'warning';
        assert.equal(strict[meta.id], expected, meta.id);
      }
      assert.equal(presetRules('migration-guard:nope'), undefined);
    });

    it('merges presets and relative files in order, then the file itself, keeping options under a bare severity', () => {
      const files = memory({
        '/repo/shared/base.json': JSON.stringify({ pgVersion: 12, rules: { 'ban-drop-column': ['warning', { allow: ['tmp_*'] }], 'ban-drop-table': 'info' } }),
        '/repo/.migration-guard.json': JSON.stringify({
          extends: ['migration-guard:strict', './shared/base.json'],
          rules: { 'ban-drop-column': 'error' },
          overrides: [{ files: ['legacy/**'], rules: { 'ban-drop-table': 'off' } }],
        }),
      });
      const { config, problems, sources } = loadConfig('/repo/.migration-guard.json', files);
      assert.deepEqual(problems, []);
      assert.deepEqual(sources, ['/repo/.migration-guard.json', '/repo/shared/base.json']);
      assert.equal(config!.pgVersion, 12);
      assert.deepEqual(JSON.parse(JSON.stringify(config!.rules['ban-drop-column'])), ['error', { allow: ['tmp_*'] }]);
      assert.equal(config!.rules['ban-drop-table'], 'info');
      assert.equal(config!.rules['require-concurrent-index-creation'], 'error');
      assert.equal(config!.overrides[0].base, '/repo');
    });

    it('reports a cycle, a missing file and a broken extended file at the extends entry', () => {
      const text = '{ "extends": ["./a.json", "./missing.json", "./broken.json"] }';
      const files = memory({
        '/r/.migration-guard.json': text,
        '/r/a.json': '{ "extends": "./.migration-guard.json" }',
        '/r/broken.json': '{ "pgVersion": "sixteen" }',
      });
      const { config, problems } = loadConfig('/r/.migration-guard.json', files);
      assert.equal(config, undefined);
      const messages = problems.map((p) => [path.basename(p.file), p.message]);
      assert.ok(messages.some(([f, m]) => f === 'a.json' && /cycle: \.migration-guard\.json → a\.json → \.migration-guard\.json/.test(m)));
      assert.ok(messages.some(([f, m]) => f === '.migration-guard.json' && /Cannot read \.\/missing\.json/.test(m)));
      assert.ok(messages.some(([f, m]) => f === 'broken.json' && /pgVersion must be integer/.test(m)));
      const broken = problems.find((p) => /broken\.json has errors/.test(p.message))!;
      assert.equal(text.slice(broken.span.start, broken.span.end), '"./broken.json"');
    });
  });

  describe('precedence and overrides', () => {
    const files = memory({
      '/repo/.migration-guard.json': JSON.stringify({
        pgVersion: 14,
        rules: { 'ban-drop-table': 'error' },
        overrides: [
          { files: ['legacy/**/*.sql'], rules: { 'ban-drop-table': 'info' }, pgVersion: 10 },
          { files: ['legacy/old/**'], rules: { 'ban-drop-table': 'off' } },
        ],
      }),
    });
    const config = loadConfig('/repo/.migration-guard.json', files).config!;

    it('puts the file over personal settings, and flags over the file', () => {
      const personal = { pgVersion: 15, rules: { 'ban-drop-table': 'hint' as const, 'ban-drop-column': 'hint' as const } };
      const options = effectiveOptions(config, personal);
      assert.equal(options.pgVersion, 14);
      assert.equal(severityIn(options, '/repo/db/1.sql', 'ban-drop-table'), 'error');
      assert.equal(severityIn(options, '/repo/db/1.sql', 'ban-drop-column'), 'hint');
      assert.equal(effectiveOptions(config, personal, { pgVersion: 17 }).pgVersion, 17);
      assert.equal(effectiveOptions(undefined, personal).pgVersion, 15);
    });

    it('applies overrides whose globs match the file, relative to the configuration, later ones winning', () => {
      const options = effectiveOptions(config, { pgVersion: 15 });
      assert.equal(severityIn(options, '/repo/legacy/a/1.sql', 'ban-drop-table'), 'info');
      assert.equal(options.forFile!('/repo/legacy/a/1.sql').pgVersion, 10);
      assert.equal(severityIn(options, '/repo/legacy/old/1.sql', 'ban-drop-table'), 'off');
      assert.equal(severityIn(options, '/repo/db/legacy/1.sql', 'ban-drop-table'), 'error');
      assert.equal(effectiveOptions(config, { pgVersion: 15 }, { pgVersion: 16 }).forFile!('/repo/legacy/a/1.sql').pgVersion, 16);
    });
  });

  describe('resolver', () => {
    it('keeps the last good configuration while the file is broken, and reports the problem', () => {
      const texts: Record<string, string> = { '/r/.migration-guard.json': '{ "pgVersion": 11 }' };
      const resolver = new ConfigResolver(memory(texts));
      assert.equal(resolver.configFor('/r/db')?.pgVersion, 11);
      texts['/r/.migration-guard.json'] = '{ "pgVersion": 11, ';
      resolver.reset();
      assert.equal(resolver.configFor('/r/db')?.pgVersion, 11);
      assert.match(resolver.problems().get('/r/.migration-guard.json')![0].message, /Invalid JSON/);
      texts['/r/.migration-guard.json'] = '{ "pgVersion": 13 }';
      resolver.reset();
      assert.equal(resolver.configFor('/r/db')?.pgVersion, 13);
      assert.deepEqual(resolver.problems().get('/r/.migration-guard.json'), []);
    });

    it('uses an explicit file for every folder', () => {
      const resolver = new ConfigResolver(memory({ '/ci/strict.json': '{ "pgVersion": 17 }', '/r/.migration-guard.json': '{}' }), { explicit: '/ci/strict.json' });
      assert.equal(resolver.configFor('/r/db')?.pgVersion, 17);
    });
  });

  describe('baseline and roots', () => {
    let dir: string;
    afterEach(() => removeWorkspace(dir));

    const findingsIn = async (root: string) => {
      const workspace = new MigrationWorkspace([root], new DiskFileView(), { pgVersion: 15, configs: new ConfigResolver(new DiskFileView()) });
      const folders = workspace.discover();
      assert.deepEqual(await workspace.refreshBaselines(), []);
      return [...new Set(folders.flatMap((ref) => workspace.analyze(ref).findings.map((f) => path.relative(root, f.path))))].sort();
    };
    const DROPS = { 'db/0001_a.up.sql': 'DROP TABLE a;\n', 'db/0002_b.up.sql': 'DROP TABLE b;\n', 'db/0003_c.up.sql': 'DROP TABLE c;\n' };

    it('startAfter skips migrations up to and including that version', async () => {
      dir = tempWorkspace({ '.migration-guard.json': '{ "baseline": { "startAfter": "2" } }', ...DROPS });
      assert.deepEqual(await findingsIn(dir), ['db/0003_c.up.sql']);
    });

    it('roots name the folders to check and their format', async () => {
      dir = tempWorkspace({
        '.migration-guard.json': '{ "roots": [{ "path": "sql", "format": "plain" }] }',
        'sql/001_a.sql': 'DROP TABLE a;\n',
        'other/0001_b.up.sql': 'DROP TABLE b;\n',
      });
      assert.deepEqual(await findingsIn(dir), ['sql/001_a.sql']);
    });

    it('changedSince checks only files changed since a git ref, committed, uncommitted or new', async () => {
      dir = tempWorkspace({ '.migration-guard.json': '{ "baseline": { "changedSince": "base" } }', ...DROPS });
      const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
      git('init', '-q');
      git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-q', '--allow-empty', '-m', 'root');
      git('add', '.');
      git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-q', '-m', 'base');
      git('tag', 'base');
      fs.writeFileSync(path.join(dir, 'db/0002_b.up.sql'), 'DROP TABLE b2;\n');
      fs.writeFileSync(path.join(dir, 'db/0004_d.up.sql'), 'DROP TABLE d;\n');
      assert.deepEqual([...(await changedFiles(dir, 'base'))].map((f) => path.relative(dir, f)).sort(), ['db/0002_b.up.sql', 'db/0004_d.up.sql']);
      assert.deepEqual(await findingsIn(dir), ['db/0002_b.up.sql', 'db/0004_d.up.sql']);
      await assert.rejects(changedFiles(dir, 'no-such-ref'), /git diff failed/);
      await assert.rejects(changedFiles(dir, '--output=/tmp/x'), /is not a git ref/);
    });
  });
});
