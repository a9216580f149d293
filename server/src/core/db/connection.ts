// Connecting to PostgreSQL for dry runs and applied state. A password may come in a URL,
// PGPASSWORD or a server's error text; every message that leaves this module is redacted,
// so no log, CLI output or diagnostic ever carries one.
import type { Client, ClientConfig } from 'pg';
import type { Environment } from '../config/types';

export interface ConnectOptions {
  /** A `postgres://` URL; without it `DATABASE_URL`, then libpq's `PG*` variables. */
  url?: string;
  /** A named environment of the team configuration, with its password held only in memory; wins over `url`. */
  environment?: Environment & { password?: string };
  env?: NodeJS.ProcessEnv;
  /** How long to wait for the server to accept the connection. */
  connectTimeoutMs?: number;
  /** Client-side limit for one query, a backstop for a server that stops answering. */
  queryTimeoutMs?: number;
  /** The server's `statement_timeout` for the session (a dry run sets its own inside its transaction). */
  statementTimeoutMs?: number;
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
  const named = options.environment;
  const url = named ? undefined : options.url ?? env.DATABASE_URL;
  const password = named ? named.password ?? env.PGPASSWORD : url ? passwordOf(url) : env.PGPASSWORD;
  const redact = redactor(password);
  const config: ClientConfig = {
    ...(named ? fromEnvironment(named, env) : url ? { connectionString: url } : fromEnv(env)),
    connectionTimeoutMillis: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    query_timeout: options.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS,
    ...(options.statementTimeoutMs === undefined ? {} : { statement_timeout: options.statementTimeoutMs }),
    application_name: 'migration-guard',
  };
  const display = named ? describe(fromEnvironment(named, env)) : url ? redactUrl(url) : describe(fromEnv(env));
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

/** Unset fields fall back to libpq's variables, as psql would; the password comes from SecretStorage or PGPASSWORD. */
function fromEnvironment(e: Environment & { password?: string }, env: NodeJS.ProcessEnv): ClientConfig {
  const base = fromEnv(env);
  return {
    host: e.host ?? base.host,
    port: e.port ?? base.port,
    user: e.user ?? base.user,
    database: e.database ?? base.database,
    password: e.password ?? base.password,
    ssl: sslOf(e.ssl),
  };
}

/** `true` or a libpq sslmode; `require` encrypts without checking the certificate, as libpq does. */
function sslOf(ssl: Environment['ssl']): ClientConfig['ssl'] {
  if (ssl === undefined || ssl === false || ssl === 'disable' || ssl === 'allow' || ssl === 'prefer') return undefined;
  if (ssl === 'require') return { rejectUnauthorized: false };
  return true;
}

function describe(c: ClientConfig): string {
  const user = c.user ? `${c.user}@` : '';
  return `postgres://${user}${c.host ?? 'localhost'}:${c.port ?? 5432}/${c.database ?? ''}`;
}
