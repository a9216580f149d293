// Connecting to PostgreSQL for dry runs and applied state. A password may come in a URL,
// PGPASSWORD or a server's error text; every message that leaves this module is redacted,
// so no log, CLI output or diagnostic ever carries one.
import type { Client, ClientConfig } from 'pg';

export interface ConnectOptions {
  /** A `postgres://` URL; without it `DATABASE_URL`, then libpq's `PG*` variables. */
  url?: string;
  env?: NodeJS.ProcessEnv;
  /** How long to wait for the server to accept the connection. */
  connectTimeoutMs?: number;
  /** Client-side limit for one query, a backstop for a server that stops answering. */
  queryTimeoutMs?: number;
}

export interface Connection {
  client: Client;
  /** Where it is connected, without the password (`postgres://user@host:5432/db`). */
  display: string;
  /** Hides the password in any text (a server or driver message that echoes it). */
  redact(text: string): string;
  /** The same settings, for a second session (to cancel the first one's query). */
  config: ClientConfig;
}

export class DatabaseError extends Error {}

const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
const DEFAULT_QUERY_TIMEOUT_MS = 120_000;

/** Connects, or throws a DatabaseError whose message names the server and never the password. */
export async function connect(options: ConnectOptions = {}): Promise<Connection> {
  const env = options.env ?? process.env;
  const url = options.url ?? env.DATABASE_URL;
  const password = url ? passwordOf(url) : env.PGPASSWORD;
  const redact = redactor(password);
  const config: ClientConfig = {
    ...(url ? { connectionString: url } : fromEnv(env)),
    connectionTimeoutMillis: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    query_timeout: options.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS,
    application_name: 'migration-guard',
  };
  const display = url ? redactUrl(url) : describeEnv(env);
  // Required here: loading pg costs the CLI's `check` about 0.2 s, and only database commands connect.
  const { Client: PgClient }: typeof import('pg') = require('pg');
  const client = new PgClient(config);
  // An idle client whose server goes away emits 'error'; unhandled, that would crash the process.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (e) {
    await client.end().catch(() => undefined);
    throw new DatabaseError(`Cannot connect to ${display}: ${redact(messageOf(e))}`);
  }
  return { client, display, redact, config };
}

/** A URL with its password replaced by `***` (and left alone if it does not parse). */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    for (const key of [...u.searchParams.keys()]) if (key.toLowerCase() === 'password') u.searchParams.set(key, '***');
    return u.toString();
  } catch {
    return url.replace(/(\/\/[^:/@]*:)[^@]*@/, '$1***@').replace(/(password=)[^&\s]*/gi, '$1***');
  }
}

export function redactor(password: string | undefined): (text: string) => string {
  const secrets = password ? [password, encodeURIComponent(password)] : [];
  return (text) => {
    let out = text.replace(/postgres(?:ql)?:\/\/\S+/gi, (u) => redactUrl(u));
    for (const s of secrets) out = out.split(s).join('***');
    return out;
  };
}

export function messageOf(e: unknown): string {
  const err = e as { message?: string; code?: string } | undefined;
  // Node's network errors (ECONNREFUSED) have an empty message inside AggregateError.
  return err?.message || err?.code || String(e);
}

function passwordOf(url: string): string | undefined {
  try {
    const u = new URL(url);
    return decodeURIComponent(u.password) || u.searchParams.get('password') || undefined;
  } catch {
    return undefined;
  }
}

function fromEnv(env: NodeJS.ProcessEnv): ClientConfig {
  return {
    host: env.PGHOST,
    port: env.PGPORT ? Number(env.PGPORT) : undefined,
    user: env.PGUSER,
    password: env.PGPASSWORD,
    database: env.PGDATABASE,
  };
}

function describeEnv(env: NodeJS.ProcessEnv): string {
  const user = env.PGUSER ? `${env.PGUSER}@` : '';
  return `postgres://${user}${env.PGHOST ?? 'localhost'}:${env.PGPORT ?? 5432}/${env.PGDATABASE ?? ''}`;
}
