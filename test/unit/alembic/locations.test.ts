import * as assert from 'node:assert/strict';
import '../../support/parser-hook';
import { analyzeFolder } from '../../../server/src/core/engine';
import { buildGraph } from '../../../server/src/core/graph';
import { discoverFolders, folderContaining, readFolder } from '../../../server/src/core/sources';
import type { Files } from '../../support/edits';
import { alembicSource } from '../../support/revisions';
import { memoryFiles } from './support';

const MAIN = '/project/migrations/versions';
const PLUGIN = '/project/plugins/billing/versions';

/** Main history a1 → a2, and a plugin revision b1 on top of a1 in a second location; the ini lists both. */
function project(locations: string, extra = ''): Files {
  return {
    '/project/alembic.ini': `[alembic]\nscript_location = %(here)s/migrations\n${extra}version_locations = ${locations}\n`,
    [`${MAIN}/a1_init.py`]: alembicSource({ id: 'a1' }),
    [`${MAIN}/a2_orders.py`]: alembicSource({ id: 'a2', parents: ['a1'] }),
    [`${PLUGIN}/b1_billing.py`]: alembicSource({ id: 'b1', parents: ['a1'], branchLabels: ['billing'] }),
  };
}

function discover(files: Files) {
  const view = memoryFiles(files);
  const refs = discoverFolders(['/project'], view);
  return { refs, view };
}

describe('Alembic: several version locations are one revision graph', () => {
  for (const [how, locations, extra] of [
    ['spaces (the legacy default)', '%(here)s/migrations/versions %(here)s/plugins/billing/versions', ''],
    ['commas (the legacy default)', '%(here)s/migrations/versions, %(here)s/plugins/billing/versions', ''],
    ['path_separator = os', '%(here)s/migrations/versions:%(here)s/plugins/billing/versions', 'path_separator = os\n'],
    ['version_path_separator = ;', '%(here)s/migrations/versions; %(here)s/plugins/billing/versions', 'version_path_separator = ;\n'],
    ['path_separator = newline', '\n    %(here)s/migrations/versions\n    %(here)s/plugins/billing/versions', 'path_separator = newline\n'],
  ]) {
    it(`locations separated by ${how}: one folder, one graph with a branch point, no missing parent`, () => {
      const { refs, view } = discover(project(locations, extra));
      assert.deepEqual(refs, [{ path: MAIN, format: 'alembic', also: [PLUGIN] }]);
      const folder = readFolder(refs[0], view);
      assert.deepEqual(folder.migrations.map((m) => m.id).sort(), ['a1', 'a2', 'b1']);
      const graph = buildGraph(folder);
      assert.deepEqual(graph.problems, []);
      assert.deepEqual(graph.branchPoints, ['a1']);
      // Alembic's load order: the first location's files, then the second's, so a2 is the first head.
      assert.deepEqual(graph.heads, ['a2', 'b1']);
      const ruleIds = analyzeFolder(folder, { pgVersion: 16 }).findings.map((f) => f.ruleId);
      assert.ok(!ruleIds.includes('missing-parent'), ruleIds.join());
    });
  }

  it('the location listed first stands for the folder, and its revisions load first', () => {
    const { refs, view } = discover(project('%(here)s/plugins/billing/versions %(here)s/migrations/versions'));
    assert.deepEqual(refs, [{ path: PLUGIN, format: 'alembic', also: [MAIN] }]);
    assert.deepEqual(buildGraph(readFolder(refs[0], view)).heads, ['b1', 'a2']);
  });

  it('a file of the second location belongs to the folder of the first (the editor re-checks the whole graph)', () => {
    const { refs } = discover(project('%(here)s/migrations/versions %(here)s/plugins/billing/versions'));
    assert.equal(folderContaining(`${PLUGIN}/b1_billing.py`, refs), refs[0]);
  });

  it('without the ini listing both, the plugin folder is a graph of its own whose parent is missing', () => {
    const files = project('%(here)s/migrations/versions');
    const { refs, view } = discover(files);
    assert.deepEqual(refs.map((r) => r.path).sort(), [MAIN, PLUGIN]);
    const plugin = readFolder(refs.find((r) => r.path === PLUGIN)!, view);
    assert.deepEqual(buildGraph(plugin).problems, [{ kind: 'missing-parent', id: 'b1', missing: 'a1', via: 'parent' }]);
  });
});
