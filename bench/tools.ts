// Competing linters for the benchmark, installed from npm into a cache outside the
// repository (never into package.json: the project does not depend on them). An install that
// fails is reported with its error, and the benchmark then leaves the tool out.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface ToolSpec {
  name: string;
  pkg: string;
  /** Pinned, so every run measures the same build. */
  version: string;
  bin: string;
  /**
   * The native executable inside the platform package, by `${platform}-${arch}`: the npm `bin`
   * is a node wrapper around it, which would add node's start-up to CLI times and hide the
   * server's memory behind the wrapper's pid.
   */
  native: Record<string, string>;
  /** Arguments that start its language server on stdio. */
  lspArgs: string[];
}

export const SQUAWK: ToolSpec = {
  name: 'squawk',
  pkg: 'squawk-cli',
  version: '2.66.0',
  bin: 'squawk',
  native: { 'linux-x64': '@squawk-cli/linux-x64/bin/squawk' },
  lspArgs: ['server'],
};
export const POSTGRESTOOLS: ToolSpec = {
  name: 'postgrestools',
  pkg: '@postgrestools/postgrestools',
  version: '0.25.7',
  bin: 'postgrestools',
  native: { 'linux-x64': '@postgrestools/cli-x86_64-linux-gnu/postgrestools' },
  lspArgs: ['lsp-proxy'],
};
export const TOOLS = [SQUAWK, POSTGRESTOOLS];

export type Installed = { spec: ToolSpec; bin: string; error?: undefined } | { spec: ToolSpec; bin?: undefined; error: string };

// Written last, so a half-finished install is never taken for a good one.
const MARKER = '.migration-guard-complete';

function toolDir(spec: ToolSpec, env = process.env): string {
  const cache = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(cache, 'migration-guard', 'bench-tools', `${spec.pkg.replace(/[@/]/g, '_')}-${spec.version}`);
}

/** The tool's executable, installing it first when missing. */
export function ensureTool(spec: ToolSpec): Installed {
  const dir = toolDir(spec);
  if (!fs.existsSync(path.join(dir, MARKER))) {
    const error = install(spec, dir);
    if (error) return { spec, error };
  }
  return { spec, bin: executable(spec, dir) };
}

/** Installs into `dir`; returns why that failed, if it did. */
function install(spec: ToolSpec, dir: string): string | undefined {
  fs.mkdirSync(dir, { recursive: true });
  const npm = spawnSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', dir, `${spec.pkg}@${spec.version}`], {
    encoding: 'utf8',
    timeout: 300_000,
  });
  if (npm.status !== 0) return `npm install ${spec.pkg}@${spec.version} failed (exit ${npm.status}):\n${lastLines(npm.stderr || String(npm.error ?? ''))}`;
  const probe = spawnSync(executable(spec, dir), ['--version'], { encoding: 'utf8', timeout: 30_000 });
  if (probe.status !== 0) return `${spec.bin} --version failed (exit ${probe.status}):\n${lastLines(probe.stderr || String(probe.error ?? ''))}`;
  fs.writeFileSync(path.join(dir, MARKER), probe.stdout.trim());
  return undefined;
}

function executable(spec: ToolSpec, dir: string): string {
  const native = spec.native[`${process.platform}-${process.arch}`];
  const nativePath = native && path.join(dir, 'node_modules', native);
  return nativePath && fs.existsSync(nativePath) ? nativePath : path.join(dir, 'node_modules', '.bin', spec.bin);
}

function lastLines(text: string, n = 8): string {
  return text.trim().split('\n').slice(-n).join('\n');
}

if (require.main === module) {
  for (const t of TOOLS.map(ensureTool)) console.log(t.bin ? `${t.spec.name}: ${t.bin}` : `${t.spec.name}: not installed\n${t.error}`);
}
