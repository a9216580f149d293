import * as assert from 'node:assert/strict';
import '../support/parser-hook';
import { historyLine } from '../../server/src/cli/graph';
import { buildGraph, type RevisionGraph } from '../../server/src/core/graph';
import { byLoadOrder } from '../../server/src/core/graph/loadOrder';
import { DiskFileView, readFolder } from '../../server/src/core/sources';
import {
  alembicTruth,
  chain,
  corpusVersions,
  GRAPH_FOLDER,
  revisionFolder,
  truthFolder,
  TRUTH_SETS,
  type AlembicTruth,
} from '../support/revisions';

const sorted = (ids: string[]) => [...ids].sort();
const labelsOf = (g: RevisionGraph) =>
  Object.fromEntries([...g.nodes.values()].filter((n) => n.branchLabels.length).map((n) => [n.id, n.branchLabels]));
/** `alembic history`'s revision ids, oldest first as `order` is. */
const truthOrder = (t: AlembicTruth) => t.alembic_cli_history.map((l) => l.split(' -> ')[1].split(/[ ,]/)[0]).reverse();

describe('revision graph', () => {
  it('reads a linear format as a chain', () => {
    const g = buildGraph(chain(4));
    assert.deepEqual(g.bases, ['000001']);
    assert.deepEqual(g.heads, ['000004']);
    assert.deepEqual([g.branchPoints, g.mergePoints, g.problems], [[], [], []]);
    assert.deepEqual(g.order, ['000001', '000002', '000003', '000004']);
  });

  it('finds branch points, merge points and a history that prints each branch whole', () => {
    const g = buildGraph(
      revisionFolder([
        { id: 'a' },
        { id: 'b', parents: ['a'] },
        { id: 'b2', parents: ['b'] },
        { id: 'c', parents: ['a'] },
        { id: 'm', parents: ['c', 'b2'] },
      ]),
    );
    assert.deepEqual([g.bases, g.heads, g.branchPoints, g.mergePoints], [['a'], ['m'], ['a'], ['m']]);
    // Newest first, Alembic goes down the merge's first parent, then the second, then the branch point.
    assert.deepEqual([...g.order].reverse(), ['m', 'c', 'b2', 'b', 'a']);
    assert.deepEqual(g.problems, []);
  });

  it('lists several heads in load order, and history takes them in that order', () => {
    const g = buildGraph(revisionFolder([{ id: 'z', file: 'b/z.py' }, { id: 'x', parents: ['z'], file: 'a.py' }, { id: 'y', parents: ['z'], file: 'b/y.py' }]));
    // a.py is loaded before anything in b/, and b/y.py before b/z.py.
    assert.deepEqual(g.heads, ['x', 'y']);
    assert.deepEqual([...g.order].reverse(), ['x', 'y', 'z']);
  });

  it('reports a cycle and a revision naming itself, and still orders the rest', () => {
    const g = buildGraph(
      revisionFolder([
        { id: 'a' },
        { id: 'b', parents: ['c'] },
        { id: 'c', parents: ['b'] },
        { id: 'd', parents: ['d'] },
        { id: 'e', parents: ['a'] },
      ]),
    );
    assert.deepEqual(g.problems, [
      { kind: 'cycle', ids: ['b', 'c'] },
      { kind: 'cycle', ids: ['d'] },
    ]);
    assert.deepEqual(g.order, ['b', 'c', 'd', 'a', 'e']);
  });

  it('reports a parent or dependency that names no revision', () => {
    const g = buildGraph(revisionFolder([{ id: 'a' }, { id: 'b', parents: ['gone'], dependsOn: ['nowhere'] }]));
    assert.deepEqual(g.problems, [
      { kind: 'missing-parent', id: 'b', missing: 'gone', via: 'parent' },
      { kind: 'missing-parent', id: 'b', missing: 'nowhere', via: 'depends_on' },
    ]);
    // b is not a base: it declares a parent, as Alembic counts it.
    assert.deepEqual([g.bases, g.heads], [['a'], ['a', 'b']]);
  });

  it('keeps the first of duplicate ids, without reading the link between the copies as a cycle', () => {
    const folder = chain(3);
    const copy = { ...folder.migrations[1], path: `${GRAPH_FOLDER}/000002_other.up.sql`, parents: ['000002'] };
    folder.migrations.splice(2, 0, copy);
    folder.migrations[3].parents = ['000002'];
    const g = buildGraph(folder);
    assert.deepEqual(g.problems, [{ kind: 'duplicate-id', id: '000002', paths: [folder.migrations[1].path, copy.path] }]);
    assert.deepEqual(g.order, ['000001', '000002', '000003']);
  });

  it('keeps depends_on apart from parents: heads ignore it, history honours it', () => {
    const g = buildGraph(
      revisionFolder([
        { id: 'a' },
        { id: 'b', parents: ['a'], branchLabels: ['core'] },
        { id: 'x' },
        { id: 'y', parents: ['x'], dependsOn: ['core'] },
      ]),
    );
    const y = g.nodes.get('y')!;
    assert.deepEqual([y.parents, y.dependsOn, y.dependencies], [['x'], ['core'], ['b']]);
    assert.deepEqual(g.nodes.get('b')!.dependents, ['y']);
    assert.deepEqual(g.heads, ['b', 'y']);
    assert.deepEqual(g.bases, ['a', 'x']);
    assert.ok(g.order.indexOf('b') < g.order.indexOf('y'));
    assert.equal(historyLine(y), 'x (core) -> y (head), y');
    assert.equal(historyLine(g.nodes.get('b')!), 'a -> b (core) (effective head), b');
  });

  it('spreads a branch label up the branch, and down to the nearest branch point', () => {
    const line = buildGraph(revisionFolder([{ id: 'a' }, { id: 'b', parents: ['a'], branchLabels: ['x'] }, { id: 'c', parents: ['b'] }]));
    assert.deepEqual(labelsOf(line), { a: ['x'], b: ['x'], c: ['x'] });
    const forked = buildGraph(
      revisionFolder([
        { id: 'a' },
        { id: 'b', parents: ['a'], branchLabels: ['x'] },
        { id: 'c1', parents: ['b'] },
        { id: 'c2', parents: ['b'] },
      ]),
    );
    // Above b the branch forks, so Alembic's downward walk stops before reaching b's ancestors.
    assert.deepEqual(labelsOf(forked), { b: ['x'], c1: ['x'], c2: ['x'] });
  });

  it('reports a branch label declared twice', () => {
    const g = buildGraph(revisionFolder([{ id: 'a', branchLabels: ['x'] }, { id: 'b', parents: ['a'], branchLabels: ['x'] }]));
    assert.deepEqual(g.problems, [{ kind: 'duplicate-label', label: 'x', ids: ['a', 'b'] }]);
  });

  it('orders files as Alembic walks the versions directory', () => {
    const files = ['yoga/e.py', 'b.py', '2024.1/expand/a.py', 'a.py', '2024.1/z.py'].map((f) => ({ path: `${GRAPH_FOLDER}/${f}` }));
    const order = byLoadOrder(GRAPH_FOLDER, files).map((f) => f.path.slice(GRAPH_FOLDER.length + 1));
    assert.deepEqual(order, ['a.py', 'b.py', '2024.1/z.py', '2024.1/expand/a.py', 'yoga/e.py']);
  });

  it('handles 10,000 revisions', () => {
    const g = buildGraph(chain(10_000));
    assert.equal(g.order.length, 10_000);
    assert.deepEqual([g.bases, g.heads], [['000001'], ['010000']]);
  });

  describe('against real Alembic (TRUTH.json), read from the corpus by the Alembic reader', () => {
    for (const set of Object.keys(TRUTH_SETS) as (keyof typeof TRUTH_SETS)[]) {
      it(set, () => {
        const folder = readFolder({ path: corpusVersions(set), format: 'alembic' }, new DiskFileView());
        expectTruth(buildGraph(folder), alembicTruth(set));
      });
    }
  });

  describe('against real Alembic (TRUTH.json), on the recorded down revisions', () => {
    const ownLabels = { keystone: { '29e87d24a316': ['expand'], e25ffa003242: ['contract'] }, redash: {} };
    for (const set of Object.keys(TRUTH_SETS) as (keyof typeof TRUTH_SETS)[]) {
      it(set, () => {
        const truth = alembicTruth(set);
        const g = buildGraph(truthFolder(set, ownLabels[set]));
        expectTruth(g, truth);
        assert.deepEqual([...g.order].reverse().map((id) => historyLine(g.nodes.get(id)!)), truth.alembic_cli_history);
      });
    }
  });
});

/** Every answer Alembic gave, including each `alembic history` line, matches the graph's. */
function expectTruth(g: RevisionGraph, truth: AlembicTruth): void {
  assert.deepEqual(g.heads, truth.heads);
  assert.deepEqual(sorted(g.bases), sorted(truth.bases));
  assert.deepEqual(sorted(g.branchPoints), sorted(truth.branchpoints));
  assert.deepEqual(sorted(g.mergePoints), sorted(truth.mergepoints));
  assert.deepEqual(labelsOf(g), truth.branch_labels);
  assert.deepEqual(
    Object.fromEntries([...g.nodes.values()].filter((n) => n.dependsOn.length).map((n) => [n.id, n.dependsOn])),
    truth.depends_on,
  );
  assert.deepEqual(g.order, truthOrder(truth));
  assert.deepEqual(g.problems, []);
}
