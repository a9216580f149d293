import * as assert from 'node:assert/strict';
import { answerPasswordRequest, passwordKey, type SecretReader } from '../../client/src/passwords';

/** A secret store that records what was read from it. */
function store(secrets: Record<string, string>): SecretReader & { reads: string[] } {
  const reads: string[] = [];
  return { reads, get: async (key) => (reads.push(key), secrets[key]) };
}

describe('the client’s answer to a password request', () => {
  it('gives the stored password in a trusted workspace', async () => {
    const secrets = store({ [passwordKey('staging')]: 's3cret' });
    assert.deepEqual(await answerPasswordRequest(true, secrets, { environment: 'staging' }), { password: 's3cret' });
    assert.deepEqual(await answerPasswordRequest(true, secrets, { environment: 'prod' }), { password: undefined });
  });

  it('gives nothing in an untrusted workspace, without reading the secret store', async () => {
    const secrets = store({ [passwordKey('staging')]: 's3cret' });
    assert.deepEqual(await answerPasswordRequest(false, secrets, { environment: 'staging' }), {});
    assert.deepEqual(secrets.reads, []);
  });
});
