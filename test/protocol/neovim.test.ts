import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from '../support/paths';

// Neovim as a third-party LSP client: test/nvim/check.lua starts dist/server.js with
// vim.lsp.start_client, opens a migration of the golang-basic fixture, and reports what
// Neovim received. Needs `nvim` (Debian: neovim 0.7.2; `node scripts/ensure-test-deps.mjs`).

const NVIM = process.env.MG_NVIM ?? 'nvim';
const FIXTURE = path.join(repoRoot, 'test', 'fixtures', 'workspaces', 'golang-basic');
const SCRIPT = path.join(repoRoot, 'test', 'nvim', 'check.lua');
const SERVER = path.join(repoRoot, 'dist', 'server.js');
const FILE = path.join('db', 'migrations', '0002_add_index.up.sql');

interface NvimDiagnostic {
  code?: string | number;
  source?: string;
  severity: number;
  message: string;
  lnum: number;
  col: number;
  end_lnum: number;
  end_col: number;
}

interface CheckResult {
  errors: string[];
  diagnostics?: NvimDiagnostic[];
  published?: Array<{ code?: string | number; source?: string; range: unknown }>;
  hover?: string;
  hoverKind?: string;
  hoverProvider?: boolean;
  codeActions?: Array<{ title: string; kind?: string; isPreferred: boolean; hasEdit: boolean }>;
  exit?: { code: number; signal: number } | null;
  elapsedMs?: number;
}

/** What the fixture's 0002_add_index.up.sql must get (0-based lines, byte columns). */
const EXPECTED = [
  // Line 1: `CREATE INDEX idx_users_email ON users (email);`, the statement without its `;`.
  { code: 'require-concurrent-index-creation', lnum: 1, col: 0, end_lnum: 1, end_col: 45, severity: 2 },
];

/** The preferred quick fix's title (the server's contract). */
const FIX_TITLE = /^Create the index concurrently/;

describe('Neovim as an LSP client', function () {
  this.timeout(60_000);
  let tmp: string;
  let result: CheckResult;
  let stderr = '';
  let lspLog = '';

  before(async function () {
    assert.ok(fs.existsSync(SERVER), `${SERVER} is missing: run \`npm run build\` first`);
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'mg-nvim-')));
    const root = path.join(tmp, 'workspace');
    fs.cpSync(FIXTURE, root, { recursive: true });
    const out = path.join(tmp, 'result.json');
    const xdg = (name: string) => {
      const dir = path.join(tmp, 'xdg', name);
      fs.mkdirSync(dir, { recursive: true });
      return dir;
    };
    const env = {
      ...process.env,
      XDG_CONFIG_HOME: xdg('config'),
      XDG_DATA_HOME: xdg('data'),
      XDG_STATE_HOME: xdg('state'),
      XDG_CACHE_HOME: xdg('cache'),
      XDG_RUNTIME_DIR: xdg('runtime'),
      TMPDIR: xdg('tmp'),
      NVIM_LOG_FILE: path.join(tmp, 'nvim.log'),
      MG_SERVER: SERVER,
      MG_ROOT: root,
      MG_FILE: path.join(root, FILE),
      MG_OUT: out,
      MG_NODE: process.execPath,
      MG_TIMEOUT_MS: '15000',
    };
    const { code, signal, err } = await run(NVIM, ['--headless', '--clean', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${SCRIPT}`], env, 45_000);
    const log = path.join(tmp, 'xdg', 'cache', 'nvim', 'lsp.log');
    lspLog = fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '';
    stderr = err;
    const context = `nvim exited with ${code ?? signal}\n--- stderr\n${err}\n--- lsp.log (tail)\n${lspLog.split('\n').slice(-30).join('\n')}`;
    assert.ok(fs.existsSync(out), `check.lua wrote no result.\n${context}`);
    result = JSON.parse(fs.readFileSync(out, 'utf8')) as CheckResult;
    assert.deepEqual(result.errors, [], `check.lua reported errors.\n${context}`);
    assert.equal(code, 0, `nvim did not exit cleanly.\n${context}`);
  });

  after(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('gets the expected diagnostics (rule id, line, column) for the fixture migration', () => {
    const got = (result.diagnostics ?? []).map(({ code, lnum, col, end_lnum, end_col, severity }) => ({ code, lnum, col, end_lnum, end_col, severity }));
    assert.deepEqual(got, EXPECTED);
    for (const d of result.diagnostics ?? []) {
      assert.equal(d.source, 'migration-guard');
      assert.ok(d.message.length > 0, 'empty diagnostic message');
    }
  });

  it('gets hover markdown naming the SHARE lock the statement takes', () => {
    assert.equal(result.hoverProvider, true, 'server did not advertise hoverProvider');
    assert.ok(result.hover, 'no hover returned');
    assert.equal(result.hoverKind, 'markdown');
    assert.match(result.hover!, /\bSHARE\b/);
    assert.match(result.hover!, /users/);
  });

  it('gets a preferred "Add CONCURRENTLY" quick fix with an edit', () => {
    const preferred = (result.codeActions ?? []).filter((a) => a.isPreferred);
    assert.equal(preferred.length, 1, `code actions: ${JSON.stringify(result.codeActions)}`);
    assert.match(preferred[0].title, FIX_TITLE);
    assert.equal(preferred[0].kind, 'quickfix');
    assert.ok(preferred[0].hasEdit);
  });

  it('shuts the server down cleanly', () => {
    assert.deepEqual(result.exit, { code: 0, signal: 0 }, `stderr:\n${stderr}`);
  });
});

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ code: number | null; signal: string | null; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stdout.on('data', (b: Buffer) => (err += b.toString()));
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`nvim did not finish within ${timeoutMs} ms; output:\n${err}`));
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`cannot run ${cmd}: ${e.message} (install neovim: node scripts/ensure-test-deps.mjs)`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, err });
    });
  });
}
