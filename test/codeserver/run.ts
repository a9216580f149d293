// Runs the integration suite (test/integration, compiled to out/test/integration) inside
// code-server 4.100.3 (VS Code 1.100.3's workbench + Node extension host), driven by Debian's
// chromium through playwright-core. For machines that cannot download desktop VS Code.
//
//   node out/test/codeserver/run.js                 # the extension from the repo (dist/)
//   node out/test/codeserver/run.js --vsix migration-guard.vsix   # the packaged extension
// Options: --timeout <seconds> (default 180), --keep (keep the temp dir), --artifacts <dir>
// (default <repo>/test-artifacts). code-server comes from `node scripts/ensure-test-deps.mjs`
// ($MIGRATION_GUARD_CODE_SERVER_DIR, else ${XDG_CACHE_HOME:-~/.cache}/migration-guard/code-server-4.100.3).
//
// Exit code: the suite's (0 when every test passed), 1 on any failure or timeout.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { repoRoot } from '../support/paths';

const CODE_SERVER_VERSION = '4.100.3';
const CHROMIUM = process.env.MG_CHROMIUM ?? '/usr/bin/chromium';
const EXTENSION_ID = 'migration-guard.migration-guard';
const RULE = 'require-concurrent-index-creation';
const FIXTURE = path.join(repoRoot, 'test', 'fixtures', 'workspaces', 'golang-basic');
const TESTS_ENTRY = path.join(repoRoot, 'out', 'test', 'integration', 'index.js');

interface Options {
  vsix?: string;
  timeoutMs: number;
  keep: boolean;
  artifacts: string;
}

function parseArgs(argv: string[]): Options {
  const opts: Options = { timeoutMs: 180_000, keep: false, artifacts: path.join(repoRoot, 'test-artifacts') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--vsix') opts.vsix = path.resolve(value());
    else if (a === '--timeout') opts.timeoutMs = Number(value()) * 1000;
    else if (a === '--keep') opts.keep = true;
    else if (a === '--artifacts') opts.artifacts = path.resolve(value());
    else throw new Error(`unknown argument ${a}`);
  }
  if (!(opts.timeoutMs > 0)) throw new Error('--timeout must be a positive number of seconds');
  return opts;
}

export function codeServerDir(env = process.env): string {
  if (env.MIGRATION_GUARD_CODE_SERVER_DIR) return path.resolve(env.MIGRATION_GUARD_CODE_SERVER_DIR);
  const cache = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(cache, 'migration-guard', `code-server-${CODE_SERVER_VERSION}`);
}

const log = (msg: string) => console.log(`[codeserver] ${msg}`);
const since = (t: number) => `${((Date.now() - t) / 1000).toFixed(1)} s`;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function httpStatus(url: string): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.setTimeout(2000, () => req.destroy());
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function tailOf(file: string, lines = 40): string {
  if (!fs.existsSync(file)) return `(${file} does not exist)`;
  return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
}

function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p) : [p];
  });
}

/** Kills the whole process group led by child (code-server leaves a file watcher behind otherwise). */
async function killGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined) return;
  const alive = () => {
    try {
      process.kill(-child.pid!, 0);
      return true;
    } catch {
      return false;
    }
  };
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, s);
    } catch {
      /* already gone */
    }
  };
  signal('SIGTERM');
  for (let i = 0; i < 50 && alive(); i++) await sleep(100);
  if (alive()) {
    log('code-server group still alive 5 s after SIGTERM: SIGKILL');
    signal('SIGKILL');
    for (let i = 0; i < 20 && alive(); i++) await sleep(100);
  }
}

async function main(): Promise<number> {
  const opts = parseArgs(process.argv.slice(2));
  const t0 = Date.now();
  const mode = opts.vsix ? 'vsix' : 'dev';

  // Prerequisites, each failing with what to do about it.
  const entry = path.join(codeServerDir(), 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  const missing: string[] = [];
  if (!fs.existsSync(entry)) missing.push(`code-server ${CODE_SERVER_VERSION} (${entry}): run \`node scripts/ensure-test-deps.mjs\``);
  if (!fs.existsSync(CHROMIUM)) missing.push(`${CHROMIUM}: run \`node scripts/ensure-test-deps.mjs\` (apt-get install chromium)`);
  if (!fs.existsSync(TESTS_ENTRY)) missing.push(`${TESTS_ENTRY}: run \`npx tsc -p .\``);
  if (opts.vsix && !fs.existsSync(opts.vsix)) missing.push(`${opts.vsix}: run \`npm run package\``);
  if (!opts.vsix) {
    for (const f of ['client.js', 'server.js', 'server-boot.js', 'server-core.js']) {
      const p = path.join(repoRoot, 'dist', f);
      if (!fs.existsSync(p)) missing.push(`${p}: run \`npm run build\``);
    }
  }
  if (missing.length) {
    console.error(`[codeserver] cannot run the suite, missing:\n  - ${missing.join('\n  - ')}`);
    return 1;
  }

  const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'mg-codeserver-')));
  fs.chmodSync(tmp, 0o755);
  const dir = (...p: string[]) => {
    const d = path.join(tmp, ...p);
    fs.mkdirSync(d, { recursive: true });
    return d;
  };
  const workspace = path.join(tmp, 'workspace');
  fs.cpSync(FIXTURE, workspace, { recursive: true });
  // Shared with the suite (see test/integration): report, extension.json, checkpoints.
  const testDir = path.join(workspace, '.migration-guard-test');
  const syncDir = dir('workspace', '.migration-guard-test', 'sync');
  const reportFile = path.join(testDir, 'report.txt');
  const userData = dir('ud');
  const extensionsDir = dir('ext');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.writeFileSync(
    path.join(userData, 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'telemetry.telemetryLevel': 'off',
        'extensions.autoUpdate': false,
        'extensions.autoCheckUpdates': false,
        'update.mode': 'none',
        'editor.hover.delay': 100,
        'workbench.tips.enabled': false,
        'security.workspace.trust.enabled': false,
        'chat.disableAIFeatures': true,
        'files.exclude': { '**/.migration-guard-test': true },
      },
      null,
      2,
    ),
  );
  const artifacts = path.join(opts.artifacts, `codeserver-${mode}`);
  fs.rmSync(artifacts, { recursive: true, force: true });
  fs.mkdirSync(artifacts, { recursive: true });
  const serverLog = path.join(artifacts, 'code-server.log');
  const browserLog = path.join(artifacts, 'browser-console.log');

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    XDG_CONFIG_HOME: dir('xdg', 'config'),
    XDG_DATA_HOME: dir('xdg', 'data'),
    XDG_STATE_HOME: dir('xdg', 'state'),
    XDG_CACHE_HOME: dir('xdg', 'cache'),
    XDG_RUNTIME_DIR: dir('xdg', 'runtime'),
    // Read by test/integration (if the extension host inherits them; it falls back to the same paths).
    MG_TEST_REPORT: reportFile,
    MG_TEST_SYNC_DIR: testDir,
  };
  delete env.VSCODE_IPC_HOOK_CLI; // never talk to an editor this script may run inside
  const common = ['--user-data-dir', userData, '--extensions-dir', extensionsDir];

  let server: ChildProcess | undefined;
  let browser: Browser | undefined;
  let exitCode = 1;
  let interrupted = false;
  const onSignal = (s: NodeJS.Signals) => {
    interrupted = true;
    log(`${s}: cleaning up`);
    void cleanup().then(() => process.exit(1));
  };
  let cleaned = false;
  const cleanup = async () => {
    if (cleaned) return;
    cleaned = true;
    await browser?.close().catch(() => undefined);
    if (server) await killGroup(server);
    copyLogs(userData, artifacts);
    if (opts.keep) log(`kept ${tmp}`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    // The extension under test: the repo itself, or the .vsix installed into --extensions-dir.
    let devPath = repoRoot;
    if (opts.vsix) {
      const t = Date.now();
      const r = spawnSync(process.execPath, [entry, ...common, '--install-extension', opts.vsix], { env, encoding: 'utf8', timeout: 60_000 });
      const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
      const installed = fs.readdirSync(extensionsDir).filter((n) => n.startsWith(`${EXTENSION_ID}-`));
      if (r.status !== 0 || installed.length !== 1) {
        console.error(`[codeserver] installing ${opts.vsix} failed (exit ${r.status ?? r.error?.message}):\n${out}`);
        return 1;
      }
      log(`installed ${path.basename(opts.vsix)} as ${installed[0]} (${since(t)})`);
      // extensionTestsPath needs a development extension; an empty one, so the installed copy runs.
      devPath = dir('test-host-extension');
      fs.writeFileSync(
        path.join(devPath, 'package.json'),
        JSON.stringify({ name: 'migration-guard-test-host', publisher: 'migration-guard-tests', version: '0.0.0', engines: { vscode: '*' } }),
      );
    }

    const port = await freePort();
    const auth = `127.0.0.1:${port}`;
    const config = path.join(tmp, 'config.yaml');
    fs.writeFileSync(config, `bind-addr: ${auth}\nauth: none\ncert: false\n`);
    const args = [
      entry,
      '--config', config,
      '--bind-addr', auth,
      '--auth', 'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      ...common,
    ];
    const serverOut = fs.openSync(serverLog, 'w');
    const tServer = Date.now();
    server = spawn(process.execPath, args, { env, detached: true, stdio: ['ignore', serverOut, serverOut], cwd: tmp });
    fs.closeSync(serverOut);
    let serverExited: string | undefined;
    server.on('exit', (code, sig) => (serverExited = `code-server exited (${code ?? sig})`));
    for (;;) {
      if (serverExited) throw new Error(`${serverExited} before it was ready:\n${tailOf(serverLog)}`);
      if ((await httpStatus(`http://${auth}/healthz`)) === 200) break;
      if (Date.now() - tServer > 30_000) throw new Error(`code-server not ready on ${auth} after 30 s:\n${tailOf(serverLog)}`);
      await sleep(100);
    }
    log(`code-server ${CODE_SERVER_VERSION} ready on ${auth} (${since(tServer)})`);

    const tBrowser = Date.now();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      env: { ...env, XDG_CONFIG_HOME: dir('browser', 'config'), XDG_CACHE_HOME: dir('browser', 'cache') },
    });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const consoleLines: string[] = [];
    page.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.text().replace(/%c/g, '')}`));
    page.on('pageerror', (e) => consoleLines.push(`[pageerror] ${e.message}`));
    const flushConsole = () => fs.writeFileSync(browserLog, consoleLines.join('\n') + '\n');

    let finish!: (code: number) => void;
    const finished = new Promise<number>((resolve) => (finish = resolve));
    await page.exposeFunction('codeAutomationExit', (code: number) => finish(Number(code)));
    const payload = [
      ['extensionDevelopmentPath', `vscode-remote://${auth}${devPath}`],
      ['extensionTestsPath', `vscode-remote://${auth}${TESTS_ENTRY}`],
    ];
    const url = `http://${auth}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    await page.goto(url);
    log(`workbench opened in chromium (${since(tBrowser)}); running the suite (${mode} mode)`);

    // Checkpoints requested by the suite: act on the UI, then let the suite go on.
    const uiProblems: string[] = [];
    let stopSync = false;
    const syncLoop = (async () => {
      const handled = new Set<string>();
      while (!stopSync) {
        for (const f of fs.readdirSync(syncDir)) {
          if (!f.endsWith('.request') || handled.has(f)) continue;
          handled.add(f);
          const name = f.slice(0, -'.request'.length);
          try {
            uiProblems.push(...(await onCheckpoint(page, name, artifacts)));
          } catch (err) {
            uiProblems.push(`checkpoint ${name}: ${err instanceof Error ? err.message : String(err)}`);
          }
          fs.writeFileSync(path.join(syncDir, `${name}.done`), '');
        }
        await sleep(100);
      }
    })();

    const tSuite = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      finished.then((code) => ({ kind: 'exit' as const, code })),
      new Promise<{ kind: 'timeout' }>((r) => (timer = setTimeout(() => r({ kind: 'timeout' }), opts.timeoutMs))),
      new Promise<{ kind: 'server' }>((r) => server!.once('exit', () => r({ kind: 'server' }))),
      new Promise<{ kind: 'browser' }>((r) => page.once('crash', () => r({ kind: 'browser' }))),
    ]);
    clearTimeout(timer);
    stopSync = true;
    await syncLoop;
    flushConsole();

    const report = fs.existsSync(reportFile) ? fs.readFileSync(reportFile, 'utf8') : undefined;
    console.log(`----- integration suite report (${mode} mode) -----`);
    console.log(report?.trimEnd() ?? `(no report was written to ${reportFile})`);
    console.log('-----');
    if (report) fs.writeFileSync(path.join(artifacts, 'report.txt'), report);

    const problems: string[] = [];
    if (outcome.kind === 'timeout') {
      problems.push(`TIMEOUT: the suite did not finish within ${opts.timeoutMs / 1000} s`);
      await page.screenshot({ path: path.join(artifacts, 'timeout.png') }).catch(() => undefined);
    } else if (outcome.kind === 'server') {
      problems.push(`${serverExited ?? 'code-server exited'} while the suite ran`);
    } else if (outcome.kind === 'browser') {
      problems.push('the chromium page crashed while the suite ran');
    } else if (outcome.code !== 0) {
      problems.push(`the suite exited with code ${outcome.code}`);
    } else if (!report || !/^# result: PASS$/m.test(report)) {
      problems.push('the workbench reported success but the report does not say PASS');
    }
    problems.push(...uiProblems);

    // Which copy of the extension ran: the installed .vsix, or the repo.
    const infoFile = path.join(testDir, 'extension.json');
    if (fs.existsSync(infoFile)) {
      const info = JSON.parse(fs.readFileSync(infoFile, 'utf8')) as { extensionPath: string; version: string };
      const expected = opts.vsix ? extensionsDir : repoRoot;
      const ok = opts.vsix ? info.extensionPath.startsWith(extensionsDir + path.sep) : path.resolve(info.extensionPath) === repoRoot;
      log(`extension ran from ${info.extensionPath} (version ${info.version})`);
      if (!ok) problems.push(`the extension ran from ${info.extensionPath}, not from ${expected}`);
    } else {
      problems.push('the suite did not record which extension ran (extension.json missing)');
    }

    if (problems.length) {
      console.error(`[codeserver] FAILED (${mode} mode):\n  - ${problems.join('\n  - ')}`);
      console.error(`----- code-server log (tail) -----\n${tailOf(serverLog, 30)}`);
      console.error(`----- browser console (tail) -----\n${consoleLines.slice(-30).join('\n')}`);
      for (const f of walk(userData).filter((p) => /Migration Guard.*\.log$|exthost\.log$/.test(p))) {
        console.error(`----- ${path.relative(userData, f)} (tail) -----\n${tailOf(f, 30)}`);
      }
      exitCode = 1;
    } else {
      log(`PASS (${mode} mode): suite ${since(tSuite)}, total ${since(t0)}; artifacts in ${path.relative(process.cwd(), artifacts) || artifacts}`);
      exitCode = 0;
    }
  } catch (err) {
    console.error(`[codeserver] FAILED (${mode} mode): ${err instanceof Error ? err.message : String(err)}`);
    exitCode = 1;
  } finally {
    if (!interrupted) await cleanup();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  return exitCode;
}

/**
 * The suite stopped at a checkpoint with the diagnostic, the Problems panel and the hover on
 * screen: check the UI shows them, and take the screenshot. Returns what is wrong.
 */
async function onCheckpoint(page: Page, name: string, artifacts: string): Promise<string[]> {
  const problems: string[] = [];
  // The panel's page, two frames deep: VS Code's webview host, then the page itself.
  const panel = () => page.frameLocator('iframe.webview.ready').first().frameLocator('#active-frame');
  const expect = async (what: string, locator: ReturnType<Page['locator']>) => {
    try {
      await locator.waitFor({ state: 'visible', timeout: 15_000 });
    } catch {
      problems.push(`UI: no ${what} at checkpoint ${name}`);
    }
  };
  if (name === 'diagnostic-shown') {
    const squiggle = page.locator('.monaco-editor .squiggly-warning').first();
    const marker = page.locator('.markers-panel .monaco-list-row', { hasText: RULE }).first();
    const hover = page.locator('.monaco-hover:visible', { hasText: 'SHARE' }).first();
    await Promise.all([
      expect('warning squiggle in the editor', squiggle),
      expect(`${RULE} row in the Problems panel`, marker),
      expect('hover mentioning SHARE', hover),
    ]);
  }
  if (name === 'graph-shown') await expect('revision drawn in the graph panel', panel().locator('.node').first());
  if (name === 'graph-click') {
    const node = panel().locator('.node[data-key="0001"]');
    await expect('node for revision 0001 in the graph', node);
    await node.click().catch((e: Error) => problems.push(`UI: clicking the node of 0001 failed: ${e.message}`));
  }
  if (name === 'preview-shown') {
    await expect('statement in the SQL preview', panel().locator('.statement', { hasText: 'CREATE INDEX CONCURRENTLY' }));
    await expect('lock on the previewed statement', panel().locator('.statement .lock', { hasText: 'SHARE UPDATE EXCLUSIVE on users' }));
  }
  if (name === 'migrations-view') {
    const rows = page.locator('.pane:has(.pane-header:has-text("Migrations")) .monaco-list-row');
    await expect('migration in the Migrations view', rows.filter({ hasText: '0001 init' }));
    const labels = (await rows.allTextContents()).map((t) => t.trim());
    const [newer, older] = [labels.findIndex((l) => l.startsWith('0002 add_index')), labels.findIndex((l) => l.startsWith('0001 init'))];
    if (!(newer >= 0 && newer < older)) problems.push(`UI: the Migrations view lists ${JSON.stringify(labels)}, not 0002 above 0001`);
  }
  if (name === 'status-bar') await expect('environment in the status bar', page.locator('.statusbar-item', { hasText: 'staging' }));
  const file = path.join(artifacts, `${name}.png`);
  await page.screenshot({ path: file });
  log(`screenshot ${file}`);
  return problems;
}

/** Copies the extension host and Migration Guard logs, small and useful after a failure. */
function copyLogs(userData: string, artifacts: string): void {
  try {
    for (const f of walk(path.join(userData, 'logs')).filter((p) => /Migration Guard.*\.log$|exthost\.log$|remoteagent\.log$/.test(p))) {
      fs.copyFileSync(f, path.join(artifacts, path.basename(path.dirname(f)) + '-' + path.basename(f)));
    }
  } catch {
    /* best effort */
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`[codeserver] ${err instanceof Error ? err.stack : String(err)}`);
    process.exit(1);
  },
);
