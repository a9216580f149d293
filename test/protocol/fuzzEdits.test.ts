import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspClient } from '../support/lspClient';
import { corpusSqlFiles } from '../support/corpusSql';
import { removeWorkspace, tempWorkspace } from '../support/tempWorkspace';

/**
 * Random edit sequences sent as incremental didChange: once they settle, the
 * diagnostics equal those of a fresh open of the final text, so the server's
 * incremental state never drifts, and it keeps answering throughout.
 */
describe('fuzzing edits over stdio', function () {
  this.timeout(300_000);
  let root: string;
  let client: LspClient;
  let file: string;

  before(async () => {
    root = tempWorkspace({ 'db/migrations/0001_a.up.sql': 'SELECT 1;\n', 'db/migrations/0001_a.down.sql': 'SELECT 1;\n' });
    file = path.join(root, 'db/migrations/0001_a.up.sql');
    client = new LspClient();
    await client.initialize(root);
  });

  after(async () => {
    assert.equal(client.exited, false, client.stderr);
    await client.close();
    removeWorkspace(root);
  });

  it('ends with the diagnostics a fresh open gives', async () => {
    const sources = corpusSqlFiles().filter((f) => fs.statSync(f).size < 6000);
    const edit = fc.record({ at: fc.nat(), remove: fc.nat({ max: 30 }), text: fc.oneof(fc.constantFrom('', ';', "'", '$$', '/*', '\n', ' CONCURRENTLY', 'DROP TABLE t;', 'é😀'), fc.string({ maxLength: 6 })) });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...sources), fc.array(edit, { minLength: 1, maxLength: 12 }), async (source, edits) => {
        let doc = TextDocument.create('file://x', 'sql', 1, fs.readFileSync(source, 'utf8'));
        await client.open(file, doc.getText());
        for (const e of edits) {
          const start = e.at % (doc.getText().length + 1);
          const end = Math.min(doc.getText().length, start + e.remove);
          const range = { start: doc.positionAt(start), end: doc.positionAt(end) };
          doc = TextDocument.update(doc, [{ range, text: e.text }], doc.version + 1);
          await client.change(file, doc.version, [{ range, text: e.text }]);
        }
        const settled = await client.forVersion(file, doc.version);
        await client.closeDocument(file);
        await client.open(file, doc.getText());
        const fresh = await client.forVersion(file, 1);
        await client.closeDocument(file);
        assert.deepEqual(settled, fresh);
      }),
      { numRuns: 100 },
    );
  });
});
