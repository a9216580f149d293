import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic, Hover } from 'vscode-languageserver/node';
import { LspClient, messageOf, uriOf } from '../support/lspClient';
import { removeWorkspace, tempWorkspace } from '../support/tempWorkspace';

const INDEX = 'CREATE INDEX idx_users_email ON users (email);\n';
const has = (rule: string) => (d: Diagnostic[]) => d.some((x) => x.code === rule);

/** Bad input gets a clear diagnostic or none, and the server keeps answering. */
describe('language server on bad input', function () {
  this.timeout(60_000);
  let root: string;
  let client: LspClient;
  const mig = (name: string) => path.join(root, 'db', 'migrations', name);

  before(async () => {
    root = tempWorkspace({
      'db/migrations/0001_init.up.sql': 'CREATE TABLE users (id bigint PRIMARY KEY, email text);\n',
      'db/migrations/0001_init.down.sql': 'DROP TABLE users;\n',
      'db/migrations/0002_index.up.sql': INDEX,
      'db/migrations/0002_index.down.sql': 'DROP INDEX idx_users_email;\n',
    });
    client = new LspClient();
    await client.initialize(root);
    await client.open(mig('0002_index.up.sql'), INDEX);
    await client.waitFor(mig('0002_index.up.sql'), has('require-concurrent-index-creation'));
  });

  after(async () => {
    assert.equal(client.exited, false, `server exited; stderr: ${client.stderr}`);
    await client.close();
    removeWorkspace(root);
  });

  /** After each bad input the server still answers a hover on a good file. */
  async function stillServing() {
    const hover = await client.request<Hover>('textDocument/hover', {
      textDocument: { uri: uriOf(mig('0002_index.up.sql')) },
      position: { line: 0, character: 2 },
    });
    assert.match((hover.contents as { value: string }).value, /SHARE/);
  }

  /** Files must exist on disk too: migration folders are listed from the disk. */
  async function openBad(name: string, content: string | Buffer): Promise<string> {
    const file = mig(`${name}.up.sql`);
    fs.writeFileSync(file, content);
    fs.writeFileSync(mig(`${name}.down.sql`), 'SELECT 1;\n');
    await client.open(file, typeof content === 'string' ? content : content.toString('utf8'));
    return file;
  }

  const cases: [string, string | Buffer, (d: Diagnostic[]) => boolean][] = [
    ['an empty file', '', (d) => d.length === 0],
    ['only comments', '-- nothing yet\n/* still nothing */\n', (d) => d.length === 0],
    ['an unterminated block comment', 'SELECT 1;\n/* never closed\nDROP TABLE users;\n', has('syntax-error')],
    ['an unterminated dollar quote', "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1;\n", has('syntax-error')],
    ['an unterminated string', "UPDATE users SET email = 'x WHERE id = 1;\n", has('syntax-error')],
    ['deeply nested parentheses', `SELECT ${'('.repeat(5000)}1${')'.repeat(5000)};\n`, () => true],
    ['invalid UTF-8', Buffer.from([0x53, 0x45, 0x4c, 0xff, 0xfe, 0x3b, 0x0a]), has('syntax-error')],
  ];

  cases.forEach(([what, text, expect], i) => {
    it(`survives ${what}`, async () => {
      const file = await openBad(`00${10 + i}_bad`, text);
      await client.waitFor(file, expect);
      await stillServing();
    });
  });

  it('reports a binary file once as not analysed', async () => {
    const bytes = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
    const file = await openBad('0030_binary', bytes);
    const diags = await client.waitFor(file, has('unanalysable-file'));
    assert.equal(diags.length, 1);
    assert.match(messageOf(diags[0]), /binary/);
    await stillServing();
  });

  it('reports a 50 MB file as too large, and keeps answering', async () => {
    const line = 'INSERT INTO users (id, email) VALUES (1, \'someone@example.com\');\n';
    const file = await openBad('0031_huge', line.repeat(Math.ceil((50 * 1024 * 1024) / line.length)));
    const diags = await client.waitFor(file, has('unanalysable-file'), 30_000);
    assert.match(messageOf(diags[0]), /too large/);
    await stillServing();
  });
});
