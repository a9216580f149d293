import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { cli } from '../support/cli';
import { repoRoot } from '../support/paths';
import { removeWorkspace, tempWorkspace } from '../support/tempWorkspace';

describe('CLI', function () {
  this.timeout(30_000);

  it('checks the example project: grouped stylish output, exit 1 on errors', async () => {
    const { code, stdout } = await cli(['check', 'examples']);
    assert.equal(code, 1);
    assert.match(stdout, /^examples\/shop\/db\/migrations\/000003_index_orders_by_user\.up\.sql$/m);
    assert.match(stdout, /^ {2}examples\/shop\/db\/migrations\/000003_index_orders_by_user\.up\.sql:2:1 {2}warning {2}.+ {2}require-concurrent-index-creation$/m);
    assert.match(stdout, /constraint-missing-not-valid/);
    assert.match(stdout, /missing-down-migration/);
    assert.match(stdout, /update-or-delete-without-where/);
    assert.match(stdout, /✖ \d+ problems \(\d+ errors?, \d+ warnings?/);
    // The safe migrations say nothing.
    assert.doesNotMatch(stdout, /000004_index_orders_by_status/);
    assert.doesNotMatch(stdout, /V2__index_invoices_by_customer/);
  });

  it('prints the JSON contract with 1-based positions', async () => {
    // The shop project has warnings only, so the exit code is 0.
    const { code, stdout } = await cli(['check', 'examples/shop', '--format', 'json']);
    assert.equal(code, 0);
    const findings = JSON.parse(stdout);
    const index = findings.find((f: any) => f.ruleId === 'require-concurrent-index-creation');
    assert.deepEqual(index, {
      file: 'examples/shop/db/migrations/000003_index_orders_by_user.up.sql',
      line: 2,
      column: 1,
      endLine: 2,
      endColumn: 52,
      severity: 'warning',
      ruleId: 'require-concurrent-index-creation',
      message: index.message,
      fixable: true,
    });
    for (const f of findings) assert.deepEqual(Object.keys(f), ['file', 'line', 'column', 'endLine', 'endColumn', 'severity', 'ruleId', 'message', 'fixable']);
  });

  it('checks one file in the context of its folder', async () => {
    const { stdout } = await cli(['check', 'examples/shop/db/migrations/000005_add_coupons.up.sql', '--format', 'json']);
    const files = new Set(JSON.parse(stdout).map((f: any) => f.file));
    assert.deepEqual([...files], ['examples/shop/db/migrations/000005_add_coupons.up.sql']);
  });

  it('exits 0 when nothing error-level is found, and with --exit-zero', async () => {
    const dir = tempWorkspace({ 'm/0001_a.up.sql': 'CREATE TABLE a (id bigint);\n', 'm/0001_a.down.sql': 'DROP TABLE a;\n' });
    try {
      const clean = await cli(['check', '.'], dir);
      assert.equal(clean.code, 0);
      assert.equal(clean.stdout, '');
    } finally {
      removeWorkspace(dir);
    }
    assert.equal((await cli(['check', 'examples', '--exit-zero'])).code, 0);
  });

  it('exits 2 with a clear message on bad usage', async () => {
    const missing = await cli(['check', 'no/such/dir']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no such file or directory: no\/such\/dir/);
    assert.equal((await cli(['frobnicate'])).code, 2);
    assert.equal((await cli(['check', '--format', 'xml'])).code, 2);
    assert.equal((await cli(['check', '--pg-version', 'banana'])).code, 2);
    assert.equal((await cli(['check', '--no-such-flag'])).code, 2);
    assert.equal((await cli([])).code, 2);
  });

  it('lists the rules, as text and JSON with every meta field', async () => {
    const { stdout } = await cli(['rules', '--format', 'json']);
    const rules = JSON.parse(stdout);
    assert.ok(rules.some((r: any) => r.id === 'require-concurrent-index-creation' && r.fixable === true && r.equivalents.squawk));
    assert.ok(rules.some((r: any) => r.id === 'foreign-key-without-index' && r.fixable === true && r.equivalents.eugene === 'E15'));
    assert.ok(rules.some((r: any) => r.id === 'renaming-schema' && r.fixable === false && r.equivalents.pgfence === 'rename-schema'));
    const text = await cli(['rules']);
    assert.match(text.stdout, /^ban-drop-table\s+destructive\s+warning/m);
  });

  it('runs as the package bin from the bundle, loading the Python grammar when a folder needs it', () => {
    const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'migration-guard.js'), 'check', 'examples', '--format', 'json'], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    assert.equal(r.status, 1, r.stderr);
    const files = new Set(JSON.parse(r.stdout).map((f: { file: string }) => f.file.split('/').slice(0, 2).join('/')));
    // A fresh process: the Alembic and Django examples are read only if their grammar was loaded after discovery.
    assert.deepEqual([...files].sort(), ['examples/billing', 'examples/blog', 'examples/library', 'examples/shop']);
  });
});
