// The custom requests that reach a database: applied state, dry runs, environments and a
// connection test. Each runs asynchronously beside the checks, which never wait for them.
import type { Connection } from 'vscode-languageserver/node';
import { APPLIED_STATE_REQUEST, DRY_RUN_REQUEST, type DryRunParams } from '../../../client/webview/protocol';
import { messageOf } from '../core/db/connection';
import {
  ENVIRONMENTS_REQUEST,
  TEST_CONNECTION_REQUEST,
  WORKSPACE_TRUST_NOTIFICATION,
  type EnvironmentsResult,
  type TestConnectionParams,
  type TestConnectionResult,
  type WorkspaceTrustParams,
} from './databaseProtocol';
import { dryRunRequest } from './dryRunRequest';
import type { MigrationGuardServer } from './server';

export function registerDatabaseRequests(connection: Connection, server: MigrationGuardServer): void {
  connection.onNotification(WORKSPACE_TRUST_NOTIFICATION, (p: WorkspaceTrustParams) => {
    server.access.setTrusted(p.trusted === true);
    void server.refreshAppliedState();
  });
  connection.onRequest(APPLIED_STATE_REQUEST, async () => {
    await server.refreshAppliedState();
    return server.environment.payload([...server.currentAnalyses()]);
  });
  connection.onRequest(DRY_RUN_REQUEST, (params: DryRunParams, token) =>
    dryRunRequest(
      params,
      {
        access: server.access,
        analysisOf: (file) => server.analysisOf(file),
        pgVersion: (folder, file) => server.pgVersionFor(folder, file),
        indexOf: (file) => server.indexOf(file),
        remember: (result, environment) => server.dryRuns.remember(result, environment),
      },
      token,
    ),
  );
  connection.onRequest(ENVIRONMENTS_REQUEST, (): EnvironmentsResult => ({ names: Object.keys(server.environments()).sort(), active: server.activeEnvironment() }));
  connection.onRequest(TEST_CONNECTION_REQUEST, (p: TestConnectionParams | undefined) => testConnection(server, p?.environment));
}

async function testConnection(server: MigrationGuardServer, name: string | undefined): Promise<TestConnectionResult> {
  try {
    const target = server.access.target(undefined, name ?? server.activeEnvironment());
    if (target.kind === 'embedded') return { ok: false, message: 'No environment is selected: run "Migration Guard: Select Environment" first.' };
    const c = await server.access.open(target);
    try {
      const { rows } = await c.client.query(`SELECT current_setting('server_version') AS version`);
      return { ok: true, message: `Connected to ${target.name} (${c.display}), PostgreSQL ${rows[0].version}.` };
    } catch (e) {
      return { ok: false, message: `${target.name} (${c.display}) did not answer: ${c.redact(messageOf(e))}` };
    } finally {
      await c.client.end().catch(() => undefined);
    }
  } catch (e) {
    return { ok: false, message: messageOf(e) };
  }
}
