// Which database the editor's features use, and opening connections to it. Nothing is opened
// in an untrusted workspace; a named environment's password is asked of the client for each
// connection and kept only in that connection's memory.
import type { Connection as LspConnection } from 'vscode-languageserver/node';
import type { Environment } from '../core/config/types';
import { connect, DatabaseError, messageOf, type ConnectOptions, type Connection } from '../core/db/connection';
import { PASSWORD_REQUEST, type PasswordParams, type PasswordResult } from './databaseProtocol';

export type Target = { kind: 'embedded' } | { kind: 'environment'; name: string; environment: Environment };
export type NamedTarget = Extract<Target, { kind: 'environment' }>;

export type Timeouts = Pick<ConnectOptions, 'connectTimeoutMs' | 'queryTimeoutMs' | 'statementTimeoutMs'>;

/** For catalog reads: short, so that a slow server gives an answer soon. */
export const READ_TIMEOUTS: Timeouts = { connectTimeoutMs: 5_000, queryTimeoutMs: 10_000, statementTimeoutMs: 8_000 };

/** A client that does not keep secrets (any editor but VS Code) may never answer. */
const PASSWORD_TIMEOUT_MS = 5_000;

export interface EnvironmentLookup {
  /** The selected environment's name, if any. */
  active(): string | undefined;
  /** The environments that apply to a migration folder (all of the workspace's without one). */
  environments(folder?: string): Record<string, Environment>;
}

export class DatabaseAccess {
  constructor(
    private readonly lsp: LspConnection,
    private readonly lookup: EnvironmentLookup,
    private trusted: boolean,
  ) {}

  setTrusted(trusted: boolean): void {
    this.trusted = trusted;
  }

  /** What the database features use for a folder: the named environment, or the embedded server without one. */
  target(folder?: string, name = this.lookup.active()): Target {
    this.assertTrusted();
    if (!name) return { kind: 'embedded' };
    const environment = this.lookup.environments(folder)[name];
    if (!environment) {
      throw new DatabaseError(`There is no environment "${name}": define it under "environments" in .migration-guard.json, or run "Migration Guard: Add Database Connection".`);
    }
    return { kind: 'environment', name, environment };
  }

  /** How to connect to a named environment, its password fetched from the client just now. */
  async connectOptions(target: NamedTarget, timeouts: Timeouts): Promise<ConnectOptions> {
    this.assertTrusted();
    const password = await this.passwordOf(target.name);
    return { environment: { ...target.environment, password }, ...timeouts };
  }

  /** Runs `use` on a new connection, closed afterwards; a failure becomes a DatabaseError without the password. */
  async withConnection<T>(target: NamedTarget, use: (c: Connection) => Promise<T>): Promise<T> {
    const c = await connect(await this.connectOptions(target, READ_TIMEOUTS));
    try {
      return await use(c);
    } catch (e) {
      throw new DatabaseError(`${target.name} (${c.display}): ${c.redact(messageOf(e))}`);
    } finally {
      await c.client.end().catch(() => undefined);
    }
  }

  private assertTrusted(): void {
    if (!this.trusted) throw new DatabaseError('This workspace is not trusted, so Migration Guard opens no database connection. Trust the workspace to use one.');
  }

  private async passwordOf(environment: string): Promise<string | undefined> {
    const asked = this.lsp.sendRequest<PasswordResult | null>(PASSWORD_REQUEST, { environment } satisfies PasswordParams);
    const timeout = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), PASSWORD_TIMEOUT_MS).unref());
    // No answer or no secret stored: libpq's way (PGPASSWORD of the server's environment) still applies.
    const result = await Promise.race([asked.catch(() => undefined), timeout]);
    return typeof result?.password === 'string' && result.password ? result.password : undefined;
  }
}
