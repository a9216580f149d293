// Runs migrations for real inside one transaction that is always rolled back, and records
// what each statement did: time, rows, the locks it left held, the tables it rewrote.
//
// Each migration runs under a SAVEPOINT: PostgreSQL refuses every statement after an error
// until the transaction or a savepoint is rolled back, so rolling back to the failed
// migration's savepoint lets the following migrations still report (as they would run if the
// failed one were fixed). Later migrations that depend on the failed one then fail too, which
// is what a reader expects to see.
import type { Client, QueryConfig } from 'pg';
import type { Finding, Migration, Span } from '../model';
import type { MigrationUnit } from '../rules/types';
import { mustRunOutsideTransaction } from '../sql/ast';
import { locksOf, type LockInfo } from '../sql/locks';
import type { Statement } from '../sql/script';
import { messageOf, type Connection } from './connection';

export interface DryRunOptions {
  /** PostgreSQL major version, for the static lock analysis of statements that are not run. */
  pgVersion: number;
  /** How long a statement may wait for a lock; other sessions wait behind it meanwhile. */
  lockTimeoutMs?: number;
  statementTimeoutMs?: number;
  signal?: AbortSignal;
  /** Run each migration's down script instead of its up. Default `up`. */
  direction?: 'up' | 'down';
}

export interface HeldLock {
  relation: string;
  mode: string;
}

export type Outcome =
  | { status: 'ok'; durationMs: number; rows: number | null; locks: HeldLock[]; acquired: HeldLock[]; rewritten: string[]; created: string[] }
  | { status: 'error'; durationMs: number; message: string; code?: string; span: Span }
  /** Not run because a transaction cannot hold it, or it would break the dry run's own transaction. */
  | { status: 'skipped'; reason: string; staticLocks: LockInfo[] }
  /** Not run because something before it failed, or the run was stopped. */
  | { status: 'not-run'; reason: string };

export interface StatementResult {
  path: string;
  statement: Statement;
  outcome: Outcome;
}

export interface MigrationResult {
  migration: Migration;
  statements: StatementResult[];
  /** Why nothing of it was run (a script too large or binary to parse). */
  unanalysed?: string;
}

export interface DryRunResult {
  migrations: MigrationResult[];
  /** Set when the run ended early; the server rolled everything back in every case. */
  stopped?: { reason: 'cancelled' | 'connection-lost'; message: string };
}

const DEFAULT_LOCK_TIMEOUT_MS = 2_000;
const DEFAULT_STATEMENT_TIMEOUT_MS = 60_000;

/** Settings a migration could use to lift the dry run's own limits. */
const GUARDED_SETTINGS = new Set(['lock_timeout', 'statement_timeout', 'idle_in_transaction_session_timeout', 'transaction_timeout']);

export async function dryRun(connection: Connection, units: MigrationUnit[], options: DryRunOptions): Promise<DryRunResult> {
  const { client } = connection;
  const session = new Session(connection, options.signal);
  const result: DryRunResult = { migrations: [] };
  const notRun = (path: string, statement: Statement, reason: string): StatementResult => ({ path, statement, outcome: { status: 'not-run', reason } });
  try {
    await client.query('BEGIN');
    const statementTimeout = Math.floor(options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS);
    await client.query(`SET LOCAL lock_timeout = ${Math.floor(options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS)}`);
    await client.query(`SET LOCAL statement_timeout = ${statementTimeout}`);
    // Should this process hang, the server still ends the transaction (and rolls it back).
    await client.query(`SET LOCAL idle_in_transaction_session_timeout = ${statementTimeout + 10_000}`);
    for (const unit of units) {
      const script = options.direction === 'down' ? unit.down : unit.up;
      if (!script) {
        result.migrations.push({ migration: unit.migration, statements: [], unanalysed: 'it has no down script' });
        continue;
      }
      const path = script.script.path;
      const migration: MigrationResult = { migration: unit.migration, statements: [], unanalysed: script.skipped?.reason };
      result.migrations.push(migration);
      if (!session.stopped) await client.query('SAVEPOINT migration_guard');
      let failed: string | undefined;
      for (const statement of script.statements) {
        const reason = session.stopped?.message ?? (failed && `an earlier statement failed: ${failed}`);
        if (reason) {
          migration.statements.push(notRun(path, statement, reason));
          continue;
        }
        const outcome = await session.run(statement, options.pgVersion);
        migration.statements.push({ path, statement, outcome });
        if (outcome.status === 'error') failed = outcome.message.split('\n')[0];
      }
      if (!session.stopped) await client.query(failed ? 'ROLLBACK TO SAVEPOINT migration_guard' : 'RELEASE SAVEPOINT migration_guard');
    }
  } catch (e) {
    // Our own bookkeeping failed: the connection went away between statements.
    session.stopped ??= { reason: 'connection-lost', message: connection.redact(messageOf(e)) };
  } finally {
    session.dispose();
    // Always, even after an error; with the connection gone, the server has rolled back already.
    await client.query('ROLLBACK').catch(() => undefined);
  }
  result.stopped = session.stopped;
  return result;
}

/** Runs statements on the dry run's connection and tells cancellation from failure. */
class Session {
  stopped?: DryRunResult['stopped'];
  lost = false;
  private locks: HeldLock[] = [];
  private inFlight = false;
  private readonly onAbort = () => void this.cancel();

  constructor(
    private readonly connection: Connection,
    private readonly signal?: AbortSignal,
  ) {
    connection.client.once('end', () => (this.lost = true));
    signal?.addEventListener('abort', this.onAbort);
  }

  async run(statement: Statement, pgVersion: number): Promise<Outcome> {
    if (this.signal?.aborted) {
      this.stopped ??= { reason: 'cancelled', message: 'the dry run was cancelled' };
      return { status: 'not-run', reason: this.stopped.message };
    }
    const skip = reasonToSkip(statement);
    if (skip) return { status: 'skipped', reason: skip, staticLocks: locksOf(statement, pgVersion) };
    if (statement.error) return { status: 'error', durationMs: 0, message: `Syntax error: ${statement.error.message}`, span: statement.error.span };

    const { client, redact } = this.connection;
    const before = await relfilenodes(client);
    const started = performance.now();
    let rows: number | null;
    this.inFlight = true;
    try {
      // The extended protocol refuses a text holding several statements, so nothing slips past the checks above.
      rows = (await client.query({ text: statement.text, queryMode: 'extended' } as QueryConfig)).rowCount;
    } catch (e) {
      const durationMs = performance.now() - started;
      const err = e as { code?: string; position?: string; severity?: string };
      const message = redact(messageOf(e));
      if (this.signal?.aborted) this.stopped = { reason: 'cancelled', message: 'the dry run was cancelled' };
      else if (this.lost || isConnectionError(err)) {
        this.lost = true;
        this.stopped = { reason: 'connection-lost', message: `the connection was lost (${message}); the server rolled the transaction back` };
      }
      return { status: 'error', durationMs, message, code: err.code, span: errorSpan(statement, err.position) };
    } finally {
      this.inFlight = false;
    }
    const durationMs = performance.now() - started;
    const locks = await heldLocks(client);
    const acquired = locks.filter((l) => !this.locks.some((p) => p.relation === l.relation && p.mode === l.mode));
    this.locks = locks;
    const after = await relfilenodes(client);
    const rewritten = [...after].filter(([oid, r]) => before.has(oid) && before.get(oid)!.node !== r.node).map(([, r]) => r.name);
    // Locks on a table the statement made harm no one (nobody else can see it yet).
    const created = [...after].filter(([oid]) => !before.has(oid)).map(([, r]) => r.name);
    return { status: 'ok', durationMs, rows, locks, acquired, rewritten, created };
  }

  dispose(): void {
    this.signal?.removeEventListener('abort', this.onAbort);
  }

  /** Cancels the running statement from a second session; the transaction is then rolled back as usual. */
  private async cancel(): Promise<void> {
    if (!this.inFlight || this.lost) return;
    const { Client } = await import('pg');
    const { client, config } = this.connection;
    const other = new Client(config);
    other.on('error', () => undefined);
    try {
      await other.connect();
      await other.query('SELECT pg_cancel_backend($1)', [(client as unknown as { processID: number }).processID]);
    } catch {
      // Cannot cancel: the statement and lock timeouts still end it.
    } finally {
      await other.end().catch(() => undefined);
    }
  }
}

function reasonToSkip(s: Statement): string | undefined {
  if (s.kind === 'Unanalysed') return `not analysed: ${s.rendered?.unanalysed}`;
  if (mustRunOutsideTransaction(s)) return 'cannot run inside a transaction, so the dry run does not run it; its locks come from static analysis';
  if (s.kind === 'TransactionStmt') return 'transaction control: the dry run keeps its own transaction (always rolled back)';
  if (s.kind === 'VariableSetStmt' && (s.node?.kind === 'VAR_RESET_ALL' || GUARDED_SETTINGS.has(String(s.node?.name ?? '').toLowerCase()))) {
    return "would lift the dry run's lock or statement timeout";
  }
  if (s.kind === 'CopyStmt' && (s.node?.is_program || !s.node?.filename)) return 'COPY from a program or the client is not run';
  return undefined;
}

/** The error's position (1-based, in the statement's text) in the file; the whole statement when it is unknown. */
function errorSpan(s: Statement, position: string | undefined): Span {
  const at = Number(position);
  const exact = !s.rendered || s.rendered.verbatim;
  if (!exact || !Number.isInteger(at) || at < 1 || at > s.text.length) return s.span;
  const start = s.span.start + at - 1;
  const word = /^[\w$."]+/.exec(s.text.slice(at - 1))?.[0].length ?? 1;
  return { start, end: Math.min(start + word, s.span.end) };
}

/** Errors after which the session is gone (terminated backend, dropped socket, client read timeout). */
function isConnectionError(err: { code?: string; severity?: string }): boolean {
  return err.severity === 'FATAL' || err.severity === 'PANIC' || /^(57P0|08)/.test(err.code ?? '') || err.code === undefined;
}

const USER_RELATIONS = `n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'`;
const QUALIFIED = `CASE WHEN n.nspname = 'public' THEN c.relname ELSE n.nspname || '.' || c.relname END`;

/** Table locks this session holds, on the project's tables (not their indexes, nor the catalog it reads for this). */
async function heldLocks(client: Client): Promise<HeldLock[]> {
  const { rows } = await client.query(
    `SELECT ${QUALIFIED} AS relation, l.mode
       FROM pg_locks l JOIN pg_class c ON c.oid = l.relation JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE l.pid = pg_backend_pid() AND l.locktype = 'relation' AND l.granted AND c.relkind IN ('r', 'p', 'm', 'v', 'f') AND ${USER_RELATIONS}
      ORDER BY 1, 2`,
  );
  return rows.map((r) => ({ relation: r.relation, mode: lockModeName(r.mode) }));
}

/** `AccessExclusiveLock` → `ACCESS EXCLUSIVE`, as the SQL of LOCK and the docs spell it. */
function lockModeName(mode: string): string {
  return mode.replace(/Lock$/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase();
}

/** Each table's storage file: a new one after a statement means the table was rewritten. */
async function relfilenodes(client: Client): Promise<Map<number, { name: string; node: string }>> {
  const { rows } = await client.query(
    `SELECT c.oid::int AS oid, ${QUALIFIED} AS name, c.relfilenode::text AS node
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'm') AND ${USER_RELATIONS}`,
  );
  return new Map(rows.map((r) => [r.oid, { name: r.name, node: r.node }]));
}

/** Failed statements as findings, so editors and CI show them where they are. */
export function dryRunFindings(result: DryRunResult): Finding[] {
  return result.migrations.flatMap((m) =>
    m.statements.flatMap(({ path, outcome }) =>
      outcome.status === 'error'
        ? [{ path, span: outcome.span, severity: 'error' as const, ruleId: 'dry-run', message: `Dry run failed: ${outcome.message}`, fixes: [] }]
        : [],
    ),
  );
}
