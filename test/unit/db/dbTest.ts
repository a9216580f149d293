// A database of the shared test server, with a URL and a second session, for the db tests.
import type { Client } from 'pg';
import { connect, type Connection } from '../../../server/src/core/db/connection';
import { freshDatabase } from '../../support/postgres';

export interface TestDb {
  /** The session the test uses to set up and inspect; never the dry run's. */
  admin: Client;
  url: string;
  open(): Promise<Connection>;
  end(): Promise<void>;
}

/** A fresh database reached as a role whose password the tests look for in every output. */
export async function testDb(password = 'Sup3r-Secret-pw'): Promise<TestDb> {
  const admin = await freshDatabase();
  const role = `dry_runner_${admin.database}`;
  await admin.query(`CREATE ROLE ${role} LOGIN SUPERUSER PASSWORD '${password}'`);
  const url = `postgres://${role}:${encodeURIComponent(password)}@127.0.0.1:${admin.port}/${admin.database}`;
  const opened: Connection[] = [];
  return {
    admin,
    url,
    open: async () => {
      const c = await connect({ url });
      opened.push(c);
      return c;
    },
    end: async () => {
      await Promise.all(opened.map((c) => c.client.end().catch(() => undefined)));
      await admin.end();
    },
  };
}

/** Everything a dry run could change: the catalog's description of every user object, and each table's rows. */
export async function snapshot(db: Client): Promise<string> {
  const catalog = await db.query(`
    SELECT c.relname, c.relkind, c.relfilenode::text, n.nspname,
           (SELECT string_agg(a.attname || ':' || format_type(a.atttypid, a.atttypmod) || ':' || a.attnotnull, ',' ORDER BY a.attnum)
              FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) AS columns,
           (SELECT string_agg(conname || ':' || pg_get_constraintdef(oid) || ':' || convalidated, ',' ORDER BY conname)
              FROM pg_constraint WHERE conrelid = c.oid) AS constraints
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'
     ORDER BY n.nspname, c.relname`);
  const tables = catalog.rows.filter((r) => r.relkind === 'r');
  const counts = [];
  for (const t of tables) counts.push(`${t.relname}=${(await db.query(`SELECT count(*) FROM "${t.nspname}"."${t.relname}"`)).rows[0].count}`);
  return JSON.stringify({ catalog: catalog.rows, counts });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Until the statement is running in another session. */
export async function waitForQuery(admin: Client, query: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const { rows } = await admin.query(`SELECT 1 FROM pg_stat_activity WHERE query = $1 AND state = 'active'`, [query]);
    if (rows.length) return;
    await sleep(25);
  }
  throw new Error(`${query} never started`);
}
