// The client's answer when the language server asks for an environment's password. Kept free
// of the vscode module so that the rule "nothing leaves the secret store in an untrusted
// workspace" is tested on its own.
import type { PasswordParams, PasswordResult } from '../../server/src/lsp/databaseProtocol';

export interface SecretReader {
  get(key: string): PromiseLike<string | undefined>;
}

export const passwordKey = (environment: string) => `migrationGuard.password.${environment}`;

export async function answerPasswordRequest(trusted: boolean, secrets: SecretReader, p: PasswordParams): Promise<PasswordResult> {
  // An untrusted workspace could name any server as an environment: the secret store is not even read.
  if (!trusted || typeof p?.environment !== 'string') return {};
  return { password: await secrets.get(passwordKey(p.environment)) };
}
