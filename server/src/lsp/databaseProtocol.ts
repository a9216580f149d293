// Messages about database connections between the VS Code client and the language server,
// beside client/webview/protocol.ts (the panel's). Dependency-free: both sides import it.

/** Sent by the client in `initialize`; a client that does not send it has no notion of trust. */
export interface DatabaseInitOptions {
  workspaceTrusted?: boolean;
}

/** Client → server, when the user grants trust to the workspace. */
export const WORKSPACE_TRUST_NOTIFICATION = 'migrationGuard/workspaceTrust';
export interface WorkspaceTrustParams {
  trusted: boolean;
}

/**
 * Server → client, each time the server opens a connection: the environment's password from
 * the client's secret store. It lives only in the server's memory for that connection.
 */
export const PASSWORD_REQUEST = 'migrationGuard/password';
export interface PasswordParams {
  environment: string;
}
export interface PasswordResult {
  password?: string;
}

/** Client → server: the environments the workspace defines and the active one. */
export const ENVIRONMENTS_REQUEST = 'migrationGuard/environments';
export interface EnvironmentsResult {
  names: string[];
  active?: string;
}

/** Client → server: connect to an environment (by default the active one) and say how it went. */
export const TEST_CONNECTION_REQUEST = 'migrationGuard/testConnection';
export interface TestConnectionParams {
  environment?: string;
}
export interface TestConnectionResult {
  ok: boolean;
  message: string;
}

/** Client → server: the active environment's schema against its applied migrations, per folder. */
export const DRIFT_REQUEST = 'migrationGuard/drift';
export interface DriftDifference {
  kind: 'table' | 'column' | 'index' | 'constraint';
  name: string;
  change: 'missing' | 'extra' | 'changed';
  expected?: string;
  actual?: string;
  /** One line for a person. */
  message: string;
}
export interface DriftPayload {
  environment?: string;
  /** Why nothing was compared: no environment, an untrusted workspace, a server that does not answer. */
  error?: string;
  folders: { path: string; replayed: number; differences: DriftDifference[]; replayFailure?: string }[];
}
