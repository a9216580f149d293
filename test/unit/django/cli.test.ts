import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import '../../support/parser-hook';
import { cli } from '../../support/cli';
import { corpusRoot, repoRoot } from '../../support/paths';

const FIXTURE = path.join('test', 'fixtures', 'workspaces', 'django-shop');

describe('migration-guard check and graph on Django projects', function () {
  this.timeout(60_000);

  it('check reports the fixture project\'s findings on the migration files, exit 1 on the leaf conflict', async () => {
    const { code, stdout } = await cli(['check', FIXTURE, '--format', 'json'], repoRoot);
    assert.equal(code, 1);
    const findings = JSON.parse(stdout) as { ruleId: string; file: string; line: number }[];
    const byRule = (id: string) => findings.filter((f) => f.ruleId === id).map((f) => `${path.basename(f.file)}:${f.line}`).sort();
    assert.deepEqual(byRule('django-multiple-leaf-nodes'), ['0002_fill_state.py:9', '0002_order_note.py:4']);
    assert.deepEqual(byRule('django-runsql-without-reverse'), ['0002_order_note.py:11']);
    assert.deepEqual(byRule('django-runpython-without-reverse'), ['0002_fill_state.py:16']);
  });

  it('graph prints the project with one head per app', async () => {
    const { code, stdout, stderr } = await cli(['graph', FIXTURE], repoRoot);
    assert.equal(code, 0, stderr);
    const header = stdout.split('\n\n')[0].split('\n');
    assert.deepEqual(header.slice(0, 5), [
      `${FIXTURE} (django, 4 revisions)`,
      '  bases: blog.0001_initial, shop.0001_initial',
      '  heads: blog.0001_initial, shop.0002_fill_state, shop.0002_order_note',
      '  branch points: shop.0001_initial',
      '  merge points: (none)',
    ]);
  });

  it('graph --format json on netbox: the apps\' leaves as heads, no errors', async () => {
    const { code, stdout } = await cli(['graph', 'netbox', '--format', 'json'], corpusRoot);
    assert.equal(code, 0);
    const [folder] = JSON.parse(stdout).folders;
    assert.equal(folder.format, 'django');
    assert.equal(folder.heads.length, 11);
    assert.ok(folder.heads.includes('dcim.0241_nullify_empty_cable_end'));
  });
});
