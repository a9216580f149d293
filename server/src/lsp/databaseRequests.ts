// The custom requests that reach a database: applied state, dry runs, environments and a
// connection test. Each runs asynchronously beside the checks, which never wait for them.
import type { Connection } from 'vscode-languageserver/node';
import { APPLIED_STATE_REQUEST, DRY_RUN_REQUEST, type DryRunParams } from '../../../client/webview/protocol';
import { messageOf } from '../core/db/connection';
import { describeDifference, drift } from '../core/db/drift';
import {
  DRIFT_REQUEST,
  ENVIRONMENTS_REQUEST,
  TEST_CONNECTION_REQUEST,
  WORKSPACE_TRUST_NOTIFICATION,
  type DriftPayload,
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
  connection.onRequest(DRIFT_REQUEST, () => driftPayload(server));
  connection.onRequest(TEST_CONNECTION_REQUEST, (p: TestConnectionParams | undefined) => testConnection(server, p?.environment));
}

async function testConnection(server: MigrationGuardServer, name: string | undefined): Promise<TestConnectionResult> {
  try {
    const target = server.access.target(undefined, name ?? server.activeEnvironment());
    if (target.kind === 'embedded') return { ok: false, message: 'No environment is selected: run "Migration Guard: Select Environment" first.' };
    return await server.access.withConnection(target, async (c) => {
      const { rows } = await c.client.query(`SELECT current_setting('server_version') AS version`);
      return { ok: true, message: `Connected to ${target.name} (${c.display}), PostgreSQL ${rows[0].version}.` };
    });
  } catch (e) {
    return { ok: false, message: messageOf(e) };
  }
}

async function driftPayload(server: MigrationGuardServer): Promise<DriftPayload> {
  let target;
  try {
    target = server.access.target();
  } catch (e) {
    return { error: messageOf(e), folders: [] };
  }
  if (target.kind === 'embedded') return { error: 'No environment is selected: drift compares a database with its migrations.', folders: [] };
  try {
    const folders = await server.access.withConnection(target, async (c) => {
      const out: DriftPayload['folders'] = [];
      for (const analysis of server.currentAnalyses()) {
        const result = await drift(c, analysis.units);
        out.push({
          path: analysis.folder.path,
          replayed: result.replayed,
          differences: result.differences.map((d) => ({ ...d, message: describeDifference(d) })),
          replayFailure: result.replayFailure && `${result.replayFailure.path}: ${result.replayFailure.message}`,
        });
      }
      return out;
    });
    return { environment: target.name, folders };
  } catch (e) {
    return { environment: target.name, error: messageOf(e), folders: [] };
  }
}
