// Runs the integration suite (out/test/integration) in desktop VS Code via
// @vscode/test-electron, which downloads VS Code: for developers' machines and hosted CI.
// Machines that cannot download it use test/codeserver/run.ts, which runs the same suite.
//
//   node out/test/electron/run.js                       # the extension from the repo (dist/)
//   node out/test/electron/run.js --vsix migration-guard.vsix
// Environment: MG_VSCODE_VERSION (default "stable"; e.g. "1.91.0", the oldest we support).
// On Linux without a display, run it under `xvfb-run -a`.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { downloadAndUnzipVSCode, resolveCliArgsFromVSCodeExecutablePath, runTests } from '@vscode/test-electron';
import { repoRoot } from '../support/paths';

const EXTENSION_ID = 'migration-guard.migration-guard';
const FIXTURE = path.join(repoRoot, 'test', 'fixtures', 'workspaces', 'golang-basic');

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const vsixIndex = argv.indexOf('--vsix');
  const vsix = vsixIndex >= 0 ? path.resolve(argv[vsixIndex + 1] ?? '') : undefined;
  if (vsix && !fs.existsSync(vsix)) throw new Error(`${vsix} does not exist: run \`npm run package\``);
  const version = process.env.MG_VSCODE_VERSION ?? 'stable';

  const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'mg-electron-')));
  const workspace = path.join(tmp, 'workspace');
  fs.cpSync(FIXTURE, workspace, { recursive: true });
  const testDir = path.join(workspace, '.migration-guard-test');
  const reportFile = path.join(testDir, 'report.txt');
  const userData = path.join(tmp, 'ud');
  const extensionsDir = path.join(tmp, 'ext');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.writeFileSync(
    path.join(userData, 'User', 'settings.json'),
    JSON.stringify({ 'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'extensions.autoUpdate': false, 'update.mode': 'none', 'editor.hover.delay': 100 }),
  );

  try {
    const vscodeExecutablePath = await downloadAndUnzipVSCode(version);
    let extensionDevelopmentPath = repoRoot;
    const launchArgs = [workspace, '--user-data-dir', userData, '--extensions-dir', extensionsDir, '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'];
    if (vsix) {
      const [cli, ...cliArgs] = resolveCliArgsFromVSCodeExecutablePath(vscodeExecutablePath);
      const r = spawnSync(cli, [...cliArgs, '--user-data-dir', userData, '--extensions-dir', extensionsDir, '--install-extension', vsix], {
        encoding: 'utf8',
        stdio: 'inherit',
        shell: process.platform === 'win32',
      });
      if (r.status !== 0) throw new Error(`installing ${vsix} failed (exit ${r.status})`);
      // Tests need a development extension; an empty one, so the installed copy runs.
      extensionDevelopmentPath = path.join(tmp, 'test-host-extension');
      fs.mkdirSync(extensionDevelopmentPath);
      fs.writeFileSync(
        path.join(extensionDevelopmentPath, 'package.json'),
        JSON.stringify({ name: 'migration-guard-test-host', publisher: 'migration-guard-tests', version: '0.0.0', engines: { vscode: '*' } }),
      );
    } else {
      launchArgs.push('--disable-extensions'); // other extensions; the development one still loads
    }

    let code = 0;
    try {
      code = await runTests({
        vscodeExecutablePath,
        extensionDevelopmentPath,
        extensionTestsPath: path.join(repoRoot, 'out', 'test', 'integration', 'index.js'),
        launchArgs,
        extensionTestsEnv: { MG_TEST_REPORT: reportFile, MG_TEST_SYNC_DIR: testDir },
      });
    } catch (err) {
      console.error(`[electron] ${err instanceof Error ? err.message : String(err)}`);
      code = 1;
    }
    const report = fs.existsSync(reportFile) ? fs.readFileSync(reportFile, 'utf8') : `(no report was written to ${reportFile})`;
    console.log(`----- integration suite report (${vsix ? 'vsix' : 'dev'} mode, VS Code ${version}) -----\n${report.trimEnd()}\n-----`);

    const infoFile = path.join(testDir, 'extension.json');
    if (code === 0 && !fs.existsSync(infoFile)) {
      console.error('[electron] the suite did not record which extension ran (extension.json missing)');
      code = 1;
    } else if (code === 0) {
      const info = JSON.parse(fs.readFileSync(infoFile, 'utf8')) as { id: string; extensionPath: string };
      const ok = vsix ? info.extensionPath.startsWith(extensionsDir + path.sep) : path.resolve(info.extensionPath) === repoRoot;
      if (info.id.toLowerCase() !== EXTENSION_ID || !ok) {
        console.error(`[electron] the wrong extension ran: ${info.id} from ${info.extensionPath}`);
        code = 1;
      }
    }
    return code;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`[electron] ${err instanceof Error ? err.stack : String(err)}`);
    process.exit(1);
  },
);
