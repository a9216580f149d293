#!/usr/bin/env node
// Makes sure the external programs the editor tests need are present, installing them when
// they are missing and this machine allows it (root + apt-get):
//   chromium, neovim, ripgrep (Debian packages), libkrb5-dev (only needed to build
//   code-server's kerberos module), and code-server 4.100.3 from npm, installed into a cache
//   directory outside the repository (see codeServerDir()).
// Prints one line per thing. Exits non-zero, naming what to install, when something is
// missing and cannot be installed here. Fast (no child processes) when everything is present.
//
// Usage: node scripts/ensure-test-deps.mjs [--check]   (--check: never install, only report)
// API:   import { ensureTestDeps, codeServerDir, codeServerBin } from './ensure-test-deps.mjs'

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
// The @vscode/ripgrep that code-server 4.100.3 depends on, and the asset its postinstall
// would download from GitHub; we seed its cache with Debian's rg instead.
const VSCODE_RIPGREP_VERSION = '1.15.11';
const RIPGREP_ASSET = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';

/** Where code-server is installed: $MIGRATION_GUARD_CODE_SERVER_DIR, or under the user cache. */
export function codeServerDir(env = process.env) {
  if (env.MIGRATION_GUARD_CODE_SERVER_DIR) return path.resolve(env.MIGRATION_GUARD_CODE_SERVER_DIR);
  const cache = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(cache, 'migration-guard', `code-server-${CODE_SERVER_VERSION}`);
}

/** The code-server launcher inside codeServerDir(). */
export function codeServerBin(env = process.env) {
  return path.join(codeServerDir(env), 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

// Written last by a successful install, so a half-finished install is never taken for a good one.
const MARKER = '.migration-guard-complete';

/** Debian packages, each with a file whose presence shows it is installed. */
const APT = [
  { name: 'chromium', probe: ['/usr/bin/chromium'], why: 'browser driving code-server' },
  { name: 'neovim', probe: ['/usr/bin/nvim'], why: 'third-party LSP client test' },
  { name: 'ripgrep', probe: ['/usr/bin/rg'], why: 'seeds @vscode/ripgrep for code-server' },
  {
    name: 'libkrb5-dev',
    probe: ['/usr/include/krb5.h', '/usr/include/krb5/krb5.h'],
    why: 'builds code-server\'s kerberos module',
    onlyForCodeServerInstall: true,
  },
];

class DepsError extends Error {}

/**
 * Ensures everything is present. Resolves to the paths the tests use; rejects with an
 * error whose message names exactly what to install when that cannot be done here.
 * @param {{ install?: boolean, log?: (line: string) => void }} [options]
 */
export async function ensureTestDeps({ install = true, log = (l) => console.log(l) } = {}) {
  const csDir = codeServerDir();
  const csPresent = codeServerPresent(csDir);
  const problems = [];

  // 1. Debian packages.
  const wanted = APT.filter((p) => !(p.onlyForCodeServerInstall && csPresent));
  const missing = wanted.filter((p) => !p.probe.some((f) => fs.existsSync(f)));
  for (const p of APT) {
    if (!wanted.includes(p)) log(`ok       ${p.name}: not needed (code-server already installed)`);
    else if (!missing.includes(p)) log(`ok       ${p.name}: ${p.probe.find((f) => fs.existsSync(f))}`);
  }
  if (missing.length) {
    const names = missing.map((p) => p.name);
    const why = aptUnavailableReason(install);
    if (why) {
      for (const p of missing) log(`MISSING  ${p.name} (${p.why})`);
      problems.push(`install the Debian packages: sudo apt-get install -y ${names.join(' ')}   (${why})`);
    } else {
      log(`install  ${names.join(' ')}: apt-get update && apt-get install -y ${names.join(' ')}`);
      const err = aptInstall(names);
      for (const p of missing) {
        const ok = p.probe.some((f) => fs.existsSync(f));
        log(`${ok ? 'ok      ' : 'MISSING '} ${p.name}${ok ? ': installed' : ` (${p.why})`}`);
      }
      const still = missing.filter((p) => !p.probe.some((f) => fs.existsSync(f))).map((p) => p.name);
      if (still.length) problems.push(`install the Debian packages: apt-get install -y ${still.join(' ')}   (${err ?? 'apt-get did not install them'})`);
    }
  }

  // 2. code-server, from npm, into the cache directory.
  const nodeMajor = Number(process.versions.node.split('.')[0]);
  if (nodeMajor !== 20) {
    problems.push(`code-server ${CODE_SERVER_VERSION} needs Node 20 (this is Node ${process.versions.node})`);
    log(`MISSING  code-server ${CODE_SERVER_VERSION}: needs Node 20, found ${process.versions.node}`);
  } else if (csPresent) {
    log(`ok       code-server ${CODE_SERVER_VERSION}: ${csDir}`);
  } else if (!install) {
    log(`MISSING  code-server ${CODE_SERVER_VERSION}: ${csDir}`);
    problems.push(`install code-server: node scripts/ensure-test-deps.mjs   (without --check)`);
  } else if (!fs.existsSync('/usr/bin/rg') || !APT[3].probe.some((f) => fs.existsSync(f))) {
    log(`MISSING  code-server ${CODE_SERVER_VERSION}: needs ripgrep and libkrb5-dev to install`);
    problems.push(`install code-server ${CODE_SERVER_VERSION}: first install ripgrep and libkrb5-dev`);
  } else {
    log(`install  code-server ${CODE_SERVER_VERSION} into ${csDir} (about 70 s and 300 MB)`);
    const started = Date.now();
    let err;
    try {
      err = installCodeServer(csDir);
    } catch (e) {
      err = e instanceof Error ? e.message : String(e);
    }
    if (err) {
      log(`MISSING  code-server ${CODE_SERVER_VERSION}: ${err}`);
      problems.push(`install code-server ${CODE_SERVER_VERSION} into ${csDir}: ${err} (set MIGRATION_GUARD_CODE_SERVER_DIR or XDG_CACHE_HOME to choose another directory)`);
    } else {
      log(`ok       code-server ${CODE_SERVER_VERSION}: installed in ${Math.round((Date.now() - started) / 1000)} s`);
    }
  }

  if (problems.length) throw new DepsError(`missing test dependencies:\n  - ${problems.join('\n  - ')}`);
  return { chromium: '/usr/bin/chromium', nvim: '/usr/bin/nvim', codeServerDir: csDir, codeServerBin: codeServerBin() };
}

function codeServerPresent(dir) {
  return fs.existsSync(path.join(dir, MARKER)) && fs.existsSync(codeServerBin({ ...process.env, MIGRATION_GUARD_CODE_SERVER_DIR: dir }));
}

/** Why apt cannot install here, or undefined when it can. */
function aptUnavailableReason(install) {
  if (!install) return '--check given';
  if (!fs.existsSync('/usr/bin/apt-get')) return 'no apt-get on this machine';
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return 'not running as root';
  return undefined;
}

/** Runs apt-get update + install; returns an error message or undefined. */
function aptInstall(names) {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const run = (args) => {
    const r = spawnSync('apt-get', args, { stdio: ['ignore', 'pipe', 'pipe'], env, encoding: 'utf8' });
    if (r.error) return `apt-get ${args[0]}: ${r.error.message}`;
    if (r.status !== 0) return `apt-get ${args.join(' ')} exited ${r.status}: ${tail(r.stderr || r.stdout)}`;
    return undefined;
  };
  return run(['update', '-q']) ?? run(['install', '-y', '-q', ...names]);
}

/** Installs code-server into dir (staged next to it, then renamed); returns an error message or undefined. */
function installCodeServer(dir) {
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const stage = fs.mkdtempSync(`${dir}.partial-`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-code-server-install-'));
  try {
    // @vscode/ripgrep's postinstall looks in $TMPDIR/vscode-ripgrep-cache-<version> before
    // downloading from GitHub: put Debian's rg there, in a private TMPDIR.
    const rgCache = path.join(tmp, `vscode-ripgrep-cache-${VSCODE_RIPGREP_VERSION}`);
    const rgStage = path.join(tmp, 'rg-stage');
    fs.mkdirSync(rgCache, { recursive: true });
    fs.mkdirSync(rgStage);
    fs.copyFileSync('/usr/bin/rg', path.join(rgStage, 'rg'));
    fs.chmodSync(path.join(rgStage, 'rg'), 0o755);
    const tar = spawnSync('tar', ['czf', path.join(rgCache, RIPGREP_ASSET), '-C', rgStage, 'rg'], { encoding: 'utf8' });
    if (tar.status !== 0) return `tar failed: ${tar.error?.message ?? tail(tar.stderr)}`;

    fs.writeFileSync(path.join(stage, 'package.json'), JSON.stringify({ name: 'migration-guard-code-server', private: true }) + '\n');
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const r = spawnSync(
      npm,
      ['install', '--prefix', stage, '--no-audit', '--no-fund', '--loglevel=error', `code-server@${CODE_SERVER_VERSION}`],
      {
        cwd: stage,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        maxBuffer: 64 * 1024 * 1024,
        env: {
          ...process.env,
          TMPDIR: tmp,
          // as root, @vscode/ripgrep's postinstall refuses to run without unsafe_perm;
          // node-pty's install runs npx, which must not prompt.
          npm_config_yes: 'true',
          npm_config_unsafe_perm: 'true',
        },
      },
    );
    if (r.error) return `npm: ${r.error.message}`;
    if (r.status !== 0) return `npm install exited ${r.status}: ${tail(r.stderr || r.stdout)}`;
    const entry = path.join(stage, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
    if (!fs.existsSync(entry)) return `npm install succeeded but ${entry} is missing`;
    const rg = path.join(stage, 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg');
    if (!fs.existsSync(rg)) return `npm install succeeded but ${path.relative(stage, rg)} is missing`;
    fs.writeFileSync(path.join(stage, MARKER), `code-server@${CODE_SERVER_VERSION} ${new Date().toISOString()}\n`);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(stage, dir);
    fs.chmodSync(dir, 0o755); // mkdtemp made it 0700
    return undefined;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.rmSync(stage, { recursive: true, force: true });
  }
}

function tail(text, lines = 15) {
  return String(text ?? '').trim().split('\n').slice(-lines).join('\n    ');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  ensureTestDeps({ install: !process.argv.includes('--check') }).then(
    () => console.log(`test dependencies ready (${Date.now() - started} ms)`),
    (err) => {
      console.error(err instanceof DepsError ? err.message : err?.stack ?? String(err));
      process.exit(1);
    },
  );
}
