import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import '../support/parser-hook';
import { cli } from '../support/cli';
import { corpusRoot } from '../support/paths';
import { alembicTruth, corpusVersions } from '../support/revisions';

/** `alembic history` lines without the doc, which Alembic takes from the docstring and we from the file name. */
const withoutDoc = (lines: string[]) => lines.map((l) => l.replace(/, [^>]*$/, ''));

describe('migration-guard graph', () => {
  it('prints heads, bases and the history as alembic does', async () => {
    const { code, stdout, stderr } = await cli(['graph', path.relative(corpusRoot, corpusVersions('redash'))], corpusRoot);
    assert.equal(code, 0, stderr);
    const [header, history] = stdout.split('\n\n');
    assert.deepEqual(header.split('\n'), [
      'redash/migrations/versions (alembic, 27 revisions)',
      '  bases: 65fc9ede4746',
      '  heads: db0aca1ebd32',
      '  branch points: e5c7a4e2df4d',
      '  merge points: 89bc7873a3e0',
    ]);
    assert.deepEqual(withoutDoc(history.trimEnd().split('\n')), withoutDoc(alembicTruth('redash').alembic_cli_history));
  });

  it('prints JSON for the graph panel, nodes oldest first', async () => {
    const { code, stdout } = await cli(['graph', corpusVersions('keystone'), '--format', 'json'], corpusRoot);
    assert.equal(code, 0);
    const [folder] = JSON.parse(stdout).folders;
    assert.equal(folder.path, 'keystone/keystone/common/sql/migrations/versions');
    assert.deepEqual([folder.format, folder.heads, folder.bases, folder.problems], ['alembic', ['742c857f1dfb', 'c88cdce8f248'], ['27e647c0fad4'], []]);
    assert.deepEqual(folder.nodes[0], {
      id: '27e647c0fad4',
      name: 'initial_version',
      path: 'keystone/keystone/common/sql/migrations/versions/27e647c0fad4_initial_version.py',
      parents: [],
      dependsOn: [],
      branchLabels: [],
      isHead: false,
      isBase: true,
      isBranchPoint: true,
      isMergePoint: false,
    });
    assert.deepEqual(folder.nodes.at(-1).branchLabels, ['expand']);
  });

  it('rejects an unknown format or a missing path with exit code 2', async () => {
    assert.equal((await cli(['graph', '--format', 'dot'])).code, 2);
    assert.equal((await cli(['graph', 'no/such/dir'])).code, 2);
  });
});
