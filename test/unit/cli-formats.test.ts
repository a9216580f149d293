import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { formatGithub } from '../../server/src/cli/github';
import { formatJunit } from '../../server/src/cli/junit';
import type { CheckReport, Located } from '../../server/src/cli/locate';
import { USAGE } from '../../server/src/cli/run';
import { allChecks } from '../../server/src/core/catalog';
import { cli } from '../support/cli';
import { repoRoot } from '../support/paths';
import { removeWorkspace, tempWorkspace } from '../support/tempWorkspace';

// The official OASIS schema, taken unchanged from the npm package @datadog/datadog-ci@2.41.0
// (dist/commands/sarif/json-schema/sarif-schema-2.1.0.json), the only npm tarball found shipping it.
const sarifSchema = JSON.parse(fs.readFileSync(path.join(repoRoot, 'test', 'fixtures', 'sarif-schema-2.1.0.json'), 'utf8'));

/** One finding at a place, for the formatters alone. */
function located(file: string, message: string, ruleId = 'ban-drop-table', severity: Located['finding']['severity'] = 'warning'): Located {
  return { file, line: 2, column: 3, endLine: 4, endColumn: 5, finding: { path: `/x/${file}`, span: { start: 0, end: 1 }, severity, ruleId, message, fixes: [] } };
}

describe('CLI output formats and flags', function () {
  this.timeout(30_000);
  let repo: string;
  let app: string;

  beforeEach(() => {
    repo = tempWorkspace({
      'app/db/migrations/0001_init.up.sql': 'CREATE TABLE users (id bigint PRIMARY KEY, email text);\n',
      'app/db/migrations/0001_init.down.sql': 'DROP TABLE users;\n',
      'app/db/migrations/0002_index.up.sql': 'CREATE INDEX users_email ON users (email);\n',
      'app/db/migrations/0002_index.down.sql': 'DROP INDEX CONCURRENTLY IF EXISTS users_email;\n',
      'app/db/migrations/0003_purge.up.sql': 'DELETE FROM users;\nALTER TABLE users DROP COLUMN email;\n',
    });
    execFileSync('git', ['init', '-q'], { cwd: repo });
    app = path.join(repo, 'app');
  });
  afterEach(() => removeWorkspace(repo));

  describe('sarif', () => {
    it('is valid SARIF 2.1.0 with every rule described and paths relative to the repository root', async () => {
      const { code, stdout } = await cli(['check', '--format', 'sarif'], app);
      assert.equal(code, 0);
      const log: any = JSON.parse(stdout);
      const ajv = new Ajv({ allErrors: true, strict: false });
      addFormats(ajv);
      assert.deepEqual(ajv.validate(sarifSchema, log) ? [] : ajv.errors, []);

      const { driver } = log.runs[0].tool;
      assert.equal(driver.name, 'migration-guard');
      assert.deepEqual(driver.rules.map((r: any) => r.id), allChecks.map((m) => m.id));
      const index = driver.rules.find((r: any) => r.id === 'require-concurrent-index-creation');
      assert.equal(index.shortDescription.text, allChecks.find((m) => m.id === index.id)!.summary);
      assert.equal(index.helpUri, 'https://github.com/migration-guard/migration-guard/blob/main/docs/rules/require-concurrent-index-creation.md');
      assert.equal(index.defaultConfiguration.level, 'warning');
      assert.equal(driver.rules.find((r: any) => r.id === 'missing-down-migration').defaultConfiguration.level, 'note');

      const json = JSON.parse((await cli(['check', '--format', 'json'], app)).stdout);
      assert.equal(log.runs[0].results.length, json.length);
      const result = log.runs[0].results.find((r: any) => r.ruleId === 'require-concurrent-index-creation');
      const finding = json.find((f: any) => f.ruleId === 'require-concurrent-index-creation');
      assert.equal(result.level, 'warning');
      assert.equal(result.message.text, finding.message);
      assert.equal(driver.rules[result.ruleIndex].id, result.ruleId);
      assert.deepEqual(result.locations[0].physicalLocation, {
        artifactLocation: { uri: 'app/db/migrations/0002_index.up.sql' },
        region: { startLine: finding.line, startColumn: finding.column, endLine: finding.endLine, endColumn: finding.endColumn },
      });
      assert.equal(finding.file, 'db/migrations/0002_index.up.sql');
    });
  });

  describe('github', () => {
    it('writes one workflow command per finding, level by severity, paths from the repository root', async () => {
      const { stdout } = await cli(['check', '--format', 'github'], app);
      const lines = stdout.trimEnd().split('\n');
      assert.ok(lines.every((l) => /^::(error|warning|notice) file=[^,]+,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=[a-z-]+::.+$/.test(l)), stdout);
      assert.ok(lines.some((l) => l.startsWith('::warning file=app/db/migrations/0002_index.up.sql,line=1,col=1,endLine=1,endColumn=')));
      assert.ok(lines.some((l) => l.startsWith('::notice ') && l.includes('title=missing-down-migration')));
    });

    it('escapes %, CR and LF in messages, and also : and , in properties', () => {
      const report: CheckReport = { files: [], findings: [located('db/a,b:c%.sql', 'line one\r\nline two: 100% sure, really', 'x:y,z')] };
      assert.equal(
        formatGithub(report),
        '::warning file=db/a%2Cb%3Ac%25.sql,line=2,col=3,endLine=4,endColumn=5,title=x%3Ay%2Cz::line one%0D%0Aline two: 100%25 sure, really\n',
      );
    });
  });

  describe('junit', () => {
    const parse = (xml: string) => {
      assert.equal(XMLValidator.validate(xml), true);
      return new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testsuite', 'testcase'].includes(name) }).parse(xml);
    };

    it('is well-formed: a suite per checked file, a failing case per finding, a passing case for a clean file', async () => {
      const { stdout } = await cli(['check', '--format', 'junit'], app);
      const suites = parse(stdout).testsuites.testsuite;
      const json = JSON.parse((await cli(['check', '--format', 'json'], app)).stdout);
      assert.deepEqual(suites.map((s: any) => s.name).sort(), [
        'db/migrations/0001_init.down.sql',
        'db/migrations/0001_init.up.sql',
        'db/migrations/0002_index.down.sql',
        'db/migrations/0002_index.up.sql',
        'db/migrations/0003_purge.up.sql',
      ]);
      const failures = suites.flatMap((s: any) => s.testcase.filter((c: any) => c.failure));
      assert.equal(failures.length, json.length);
      const clean = suites.find((s: any) => s.name === 'db/migrations/0001_init.up.sql');
      assert.deepEqual(clean.testcase, [{ name: 'no findings', classname: 'db/migrations/0001_init.up.sql' }]);
      assert.equal(clean.failures, '0');
    });

    it('escapes markup and drops characters XML cannot hold', () => {
      const xml = formatJunit({ files: ['a&b.sql'], findings: [located('a&b.sql', 'use "x" < y & \'z\' > w\u0007')] });
      const suite = parse(xml).testsuites.testsuite[0];
      assert.equal(suite.name, 'a&b.sql');
      assert.equal(suite.testcase[0].failure.message, 'use "x" < y & \'z\' > w\ufffd');
      assert.match(xml, /message="use &quot;x&quot; &lt; y &amp; &apos;z&apos; &gt; w\ufffd"/);
    });
  });

  describe('flags', () => {
    it('--quiet reports errors only; --max-warnings N fails the run past N warnings', async () => {
      const all = JSON.parse((await cli(['check', '--format', 'json'], app)).stdout);
      const warnings = all.filter((f: any) => f.severity === 'warning').length;
      assert.ok(warnings > 0 && all.every((f: any) => f.severity !== 'error'));
      const quiet = await cli(['check', '--format', 'json', '--quiet'], app);
      assert.deepEqual(JSON.parse(quiet.stdout), []);
      assert.equal((await cli(['check', '--max-warnings', String(warnings)], app)).code, 0);
      assert.equal((await cli(['check', '--max-warnings', String(warnings - 1)], app)).code, 1);
      assert.equal((await cli(['check', '--max-warnings', String(warnings - 1), '--exit-zero'], app)).code, 0);
      assert.equal((await cli(['check', '--max-warnings', '-1'], app)).code, 2);
    });

    it('reads the nearest configuration; --config names another; --pg-version wins over both', async () => {
      fs.writeFileSync(path.join(app, '.migration-guard.json'), '{ "rules": { "ban-drop-column": "error", "missing-down-migration": "off" } }');
      fs.writeFileSync(path.join(repo, 'ci.json'), '{ "extends": "migration-guard:strict" }');
      const severity = (findings: any[], rule: string) => findings.find((f) => f.ruleId === rule)?.severity;
      const nearest = await cli(['check', '--format', 'json'], app);
      assert.equal(nearest.code, 1);
      assert.equal(severity(JSON.parse(nearest.stdout), 'ban-drop-column'), 'error');
      assert.equal(severity(JSON.parse(nearest.stdout), 'missing-down-migration'), undefined);
      const named = JSON.parse((await cli(['check', '--format', 'json', '--config', '../ci.json'], app)).stdout);
      assert.equal(severity(named, 'require-concurrent-index-creation'), 'error');
      assert.equal(severity(named, 'missing-down-migration'), 'warning');
      assert.equal((await cli(['check', '--config', 'nope.json'], app)).code, 2);

      // A rule whose hazard exists only up to PostgreSQL 11 tells which version applied.
      fs.writeFileSync(path.join(app, '.migration-guard.json'), '{ "pgVersion": 16 }');
      fs.writeFileSync(path.join(app, 'db/migrations/0004_enum.up.sql'), "SELECT 1;\nALTER TYPE mood ADD VALUE 'meh';\n");
      const enumRule = async (...flags: string[]) =>
        JSON.parse((await cli(['check', '--format', 'json', ...flags], app)).stdout).some((f: any) => f.ruleId === 'ban-alter-enum-add-value-in-transaction');
      assert.equal(await enumRule(), false);
      assert.equal(await enumRule('--pg-version', '11'), true);
    });

    it('exits 2 on a broken configuration and prints where the problem is', async () => {
      fs.writeFileSync(path.join(app, '.migration-guard.json'), '{\n  "pgVersion": "16"\n}\n');
      const { code, stderr, stdout } = await cli(['check'], app);
      assert.equal(code, 2);
      assert.equal(stdout, '');
      assert.equal(stderr, '.migration-guard.json:2:16  error  pgVersion must be integer.\n');
    });

    it('--changed-since checks only files changed since the ref; a bad ref exits 2', async () => {
      const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: repo, stdio: 'pipe' });
      git('add', '.');
      git('commit', '-q', '-m', 'base');
      fs.writeFileSync(path.join(app, 'db/migrations/0004_more.up.sql'), 'DROP TABLE users;\n');
      const files = new Set(JSON.parse((await cli(['check', '--format', 'json', '--changed-since', 'HEAD'], app)).stdout).map((f: any) => f.file));
      assert.deepEqual([...files], ['db/migrations/0004_more.up.sql']);
      const bad = await cli(['check', '--changed-since', 'no-such-ref'], app);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /Cannot tell which files changed since "no-such-ref"/);
    });

    it('documents every format, flag and exit code in --help', async () => {
      const { stdout, code } = await cli(['--help']);
      assert.equal(code, 0);
      assert.equal(stdout, USAGE);
      for (const word of ['sarif', 'github', 'junit', '--config', '--changed-since', '--quiet', '--max-warnings', '--pg-version', 'Exit codes: 0', '1 error-level', '2 bad usage']) {
        assert.ok(stdout.includes(word), word);
      }
    });
  });
});
