import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import '../../support/parser-hook';
import { graphOf, type RevisionGraph } from '../../../server/src/core/graph';
import type { MigrationFolder } from '../../../server/src/core/model';
import { DiskFileView, discoverFolders, readFolder, type FolderRef } from '../../../server/src/core/sources';
import { corpusRoot } from '../../support/paths';

interface AppTruth {
  count: number;
  leaves: string[];
  merge_migrations: string[];
  squashed: string[];
}

describe('Django: the netbox set read whole (TRUTH.json)', function () {
  this.timeout(60_000);
  const truth: Record<string, AppTruth> = JSON.parse(fs.readFileSync(path.join(corpusRoot, 'TRUTH.json'), 'utf8')).django.netbox;
  const files = new DiskFileView();
  let refs: FolderRef[];
  let folder: MigrationFolder;
  let graph: RevisionGraph;
  before(() => {
    refs = discoverFolders([path.join(corpusRoot, 'netbox')], files);
    folder = readFolder(refs[0], files);
    graph = graphOf(folder);
  });
  const ofApp = (app: string) => folder.migrations.filter((m) => m.django?.app === app);

  it('finds one Django project holding every app', () => {
    assert.deepEqual(refs, [{ path: path.join(corpusRoot, 'netbox', 'netbox'), format: 'django' }]);
    assert.deepEqual([...new Set(folder.migrations.map((m) => m.django!.app))].sort(), Object.keys(truth).sort());
    assert.deepEqual(folder.strays, []);
  });

  for (const [app, t] of Object.entries(truth)) {
    it(`${app}: ${t.count} migrations, leaves ${t.leaves.join(', ')}`, () => {
      const migrations = ofApp(app);
      assert.equal(migrations.length, t.count);
      assert.deepEqual(graph.heads.filter((h) => h.startsWith(`${app}.`)).map((h) => graph.nodes.get(h)!.migration.name), t.leaves);
      assert.deepEqual(migrations.filter((m) => m.parents.length > 1).map((m) => m.name), t.merge_migrations);
      const squashed = migrations.filter((m) => /\breplaces\s*=/.test(m.up.text)).map((m) => m.name).sort();
      assert.deepEqual(squashed, [...t.squashed].sort());
    });
  }

  it('has no missing dependency, cycle or leaf conflict; only the two pairs of numbers dcim shares', () => {
    assert.deepEqual(
      graph.problems.map((p) => p.kind),
      ['duplicate-number', 'duplicate-number'],
    );
  });

  it('orders every migration after the migrations it depends on', () => {
    const position = new Map(folder.migrations.map((m, i) => [m.id, i]));
    for (const m of folder.migrations) {
      for (const d of [...m.parents, ...(m.dependsOn ?? [])]) assert.ok(position.get(d)! < position.get(m.id)!, `${d} before ${m.id}`);
    }
  });

  it('reads every RunSQL string as SQL at its place in the file', () => {
    const runSql = folder.migrations.flatMap((m) => m.up.rendered!.filter((r) => r.verbatimAt !== undefined).map((r) => ({ m, r })));
    assert.ok(runSql.length >= 11, `${runSql.length} RunSQL statements`);
    for (const { m, r } of runSql) assert.equal(m.up.text.slice(r.verbatimAt!, r.verbatimAt! + r.sql.length), r.sql);
  });
});
