import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { run } from '../../../server/src/cli/run';
import { repoRoot } from '../../support/paths';

describe('dry run on the embedded PostgreSQL', () => {
  it('replays the example project and dry-runs its last migration', async () => {
    let out = '';
    const io = { cwd: repoRoot, out: new Writable({ write: (c, _e, done) => ((out += String(c)), done()) }), err: process.stderr, color: false };
    const code = await run(['dry-run', path.join('examples', 'shop'), '--embedded', '--format', 'json'], io);
    assert.equal(code, 0);
    const [folder] = JSON.parse(out);
    assert.equal(folder.replayed, 5);
    assert.deepEqual(
      folder.statements.map((s: { status: string; locks: string[] }) => [s.status, s.locks]),
      [['ok', ['ROW EXCLUSIVE on orders']], ['ok', ['ACCESS EXCLUSIVE on orders']]],
    );
  });
});
