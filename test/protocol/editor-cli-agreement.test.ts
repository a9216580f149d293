import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver/node';
import { cli } from '../support/cli';
import { LspClient, messageOf } from '../support/lspClient';
import { corpusRoot } from '../support/paths';
import { removeWorkspace, tempWorkspace } from '../support/tempWorkspace';

// Real migration sets in three formats (golang-migrate, Flyway, dbmate plus plain init scripts).
const SETS = ['gitness', 'kestra', 'supabase-postgres'];

// Nothing default about it: a preset, a version, rule settings with options, an override by
// glob, and a nested file that extends the root one and sets a baseline.
const ROOT_CONFIG = {
  extends: 'migration-guard:strict',
  pgVersion: 12,
  rules: { 'missing-down-migration': 'off', 'ban-drop-column': 'info', 'require-concurrent-index-creation': ['warning', {}] },
  overrides: [{ files: ['kestra/**/V1_1*.sql', 'supabase-postgres/**/init-scripts/*.sql'], rules: { 'require-concurrent-index-creation': 'hint' } }],
};
const KESTRA_CONFIG = '{\n  // the nearest file wins, and builds on the root one\n  "extends": "../.migration-guard.json",\n  "baseline": { "startAfter": "1_5" },\n}\n';

const SEVERITIES = ['', 'error', 'warning', 'info', 'hint'];

interface Row {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: string;
  ruleId: string;
  message: string;
}

const order = (rows: Row[]) => [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

function sqlFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.sql'))
    .map((e) => path.join(e.parentPath, e.name));
}

describe('the editor and the CLI agree on real migrations with a team configuration', function () {
  this.timeout(180_000);
  let root: string;
  let client: LspClient;

  before(() => {
    root = tempWorkspace({ '.migration-guard.json': JSON.stringify(ROOT_CONFIG, null, 2), 'kestra/.migration-guard.jsonc': KESTRA_CONFIG });
    for (const set of SETS) fs.cpSync(path.join(corpusRoot, set), path.join(root, set), { recursive: true });
  });

  after(async () => {
    await client?.close();
    removeWorkspace(root);
  });

  it('reports the same findings, finding by finding: file, range, rule, severity, message', async () => {
    const { stdout, stderr } = await cli(['check', '--format', 'json'], root);
    assert.equal(stderr, '');
    const fromCli: Row[] = JSON.parse(stdout).map(({ fixable: _, ...row }: Row & { fixable: boolean }) => row);

    client = new LspClient();
    await client.initialize(root);
    const files = sqlFiles(root);
    for (const file of files) await client.open(file, fs.readFileSync(file, 'utf8'));
    const fromEditor: Row[] = [];
    for (const file of files) {
      const diagnostics: Diagnostic[] = await client.waitFor(file, () => true, 60_000);
      for (const d of diagnostics) {
        fromEditor.push({
          file: path.relative(root, file),
          line: d.range.start.line + 1,
          column: d.range.start.character + 1,
          endLine: d.range.end.line + 1,
          endColumn: d.range.end.character + 1,
          severity: SEVERITIES[d.severity!],
          ruleId: String(d.code),
          message: messageOf(d),
        });
      }
    }

    // The configuration is felt: every severity differs from a default somewhere, and the baseline bites.
    const bySet = (set: string) => fromCli.filter((r) => r.file.startsWith(`${set}/`));
    for (const set of SETS) assert.ok(bySet(set).length > 0, `${set} has findings`);
    assert.ok(!fromCli.some((r) => r.ruleId === 'missing-down-migration'));
    assert.ok(!fromCli.some((r) => /V1_[1-5]__/.test(r.file)), 'kestra migrations up to 1_5 are skipped');
    assert.ok(fromCli.some((r) => r.ruleId === 'require-concurrent-index-creation' && r.severity === 'hint'));
    assert.equal(fromEditor.length, fromCli.length);
    assert.deepEqual(order(fromEditor), order(fromCli));
  });
});
