// The revision graph tab of the panel's page in chromium, with real payloads from the corpus.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import type { GraphFolder, GraphPayload } from '../../../client/webview/protocol';
import { LineIndex } from '../../../server/src/core/text/lineIndex';
import { graphPayload } from '../../../server/src/lsp/requests';
import { analysesOf, folderOf, generatedHistory, payloadOf } from '../../support/graphPayloads';
import { PanelHarness, posted, send, shot } from '../../support/panelPage';
import { corpusRoot, repoRoot } from '../../support/paths';
import { alembicSource, alembicTruth } from '../../support/revisions';
import { removeWorkspace, tempWorkspace } from '../../support/tempWorkspace';

const REDASH = path.join(corpusRoot, 'redash', 'migrations', 'versions');

declare const document: { querySelector(selector: string): { click(): void } };
declare function requestAnimationFrame(callback: () => void): number;

const sendGraph = (page: Page, payload: GraphPayload) => send(page, { type: 'graph', payload });
const keysOf = (page: Page, selector: string) => page.$$eval(selector, (els) => els.map((e) => e.getAttribute('data-key')!));
const count = (page: Page, selector: string) => page.locator(selector).count();
const node = (page: Page, key: string) => page.locator(`.node[data-key="${key}"]`);
const single = (folder: GraphFolder): GraphPayload => ({ folders: [folder] });

describe('graph panel page (chromium)', function () {
  this.timeout(60_000);
  const harness = new PanelHarness();
  let page: Page;
  let redash: GraphPayload;

  before(async () => {
    redash = await payloadOf(REDASH);
    await harness.start();
  });

  after(() => harness.stop());

  beforeEach(async () => {
    page = await harness.open();
  });

  afterEach(async function () {
    await harness.close(page, this.currentTest!.title);
  });

  it('draws the redash revisions with their heads, branch and merge points', async () => {
    const truth = alembicTruth('redash');
    const folder = redash.folders[0];
    assert.equal(redash.folders.length, 1);
    assert.equal(folder.nodes.length, Object.keys(truth.down_revision).length);
    await sendGraph(page, redash);
    assert.equal(await count(page, '.node'), Object.keys(truth.down_revision).length);
    const edges = folder.nodes.reduce((n, r) => n + r.parents.length + r.dependsOn.length, 0);
    assert.equal(await count(page, 'path.edge'), edges);
    assert.deepEqual(await keysOf(page, '.node.head'), truth.heads);
    assert.deepEqual(await keysOf(page, '.node.branch-point'), truth.branchpoints);
    assert.deepEqual(await keysOf(page, '.node.merge-point'), truth.mergepoints);
    assert.deepEqual(await keysOf(page, '.node.base'), truth.bases);
    assert.equal(await count(page, '.node.fault'), 0);
    assert.match((await page.locator('.summary').textContent()) ?? '', /^27 migrations, 1 head$/);
  });

  it('asks the host to open the migration clicked', async () => {
    await sendGraph(page, redash);
    const target = redash.folders[0].nodes[5];
    await node(page, target.id).click();
    assert.deepEqual(await posted(page, 'open'), [{ type: 'open', path: target.path }]);
    assert.ok(path.isAbsolute(target.path) && fs.existsSync(target.path), target.path);
  });

  it('shows name, file and findings on hover', async () => {
    await sendGraph(page, redash);
    await page.locator('button.fold').click();
    const target = redash.folders[0].nodes.find((n) => n.isMergePoint)!;
    await node(page, target.id).hover();
    const tip = page.locator('.tooltip');
    await tip.waitFor({ state: 'visible' });
    const text = (await tip.textContent()) ?? '';
    assert.ok(text.includes(target.name) && text.includes(target.path), text);
    assert.match(text, new RegExp(`${target.findings} findings?`));
    // The picture in the README: folded runs, a branch and its merge, a tooltip.
    fs.copyFileSync(await shot(page, 'redash-folded-hover'), path.join(repoRoot, 'docs', 'images', 'panel.png'));
  });

  it('finds revisions by id or name, highlights and focuses them', async () => {
    await sendGraph(page, redash);
    const folder = redash.folders[0];
    const word = folder.nodes[7].name.split(/\s+/).find((w) => w.length > 4)!.toLowerCase();
    const expected = folder.nodes.filter((n) => n.id.includes(word) || n.name.toLowerCase().includes(word)).map((n) => n.id);
    await page.locator('input[type=search]').fill(word);
    assert.deepEqual((await keysOf(page, '.node.match')).sort(), [...expected].sort());
    assert.deepEqual(await keysOf(page, '.node.focused'), [expected[0]]);
    await page.locator('input[type=search]').fill(folder.nodes[0].id.slice(0, 6));
    assert.deepEqual(await keysOf(page, '.node.match'), [folder.nodes[0].id]);
  });

  it('moves the focus along the edges with the arrow keys and opens with Enter', async () => {
    await sendGraph(page, redash);
    const folder = redash.folders[0];
    const [base] = folder.bases;
    const child = folder.nodes.find((n) => n.parents.includes(base))!;
    const grandchild = folder.nodes.find((n) => n.parents.includes(child.id))!;
    await node(page, base).click();
    await page.keyboard.press('ArrowUp');
    assert.deepEqual(await keysOf(page, '.node.focused'), [child.id]);
    await page.keyboard.press('ArrowUp');
    assert.deepEqual(await keysOf(page, '.node.focused'), [grandchild.id]);
    await page.keyboard.press('ArrowDown');
    assert.deepEqual(await keysOf(page, '.node.focused'), [child.id]);
    await page.keyboard.press('Enter');
    const opened = await posted(page, 'open');
    assert.deepEqual(opened.at(-1), { type: 'open', path: child.path });
  });

  it('focuses the revision the host reveals, unfolding its run, and previews it with P', async () => {
    const folder = redash.folders[0];
    await sendGraph(page, redash);
    await page.locator('button.fold').click();
    const target = folder.nodes.find((n) => !n.isHead && !n.isBase && !n.isBranchPoint && !n.isMergePoint && n.parents.length === 1)!;
    await send(page, { type: 'reveal', tab: 'graph', path: target.path });
    assert.deepEqual(await keysOf(page, '.node.focused'), [target.id]);
    await page.keyboard.press('p');
    assert.deepEqual(await posted(page, 'preview'), [{ type: 'preview', direction: 'up', path: target.path }]);
    assert.equal(await page.locator('.tabpanel.preview-panel').isVisible(), true);
  });

  it('folds linear runs into one node and unfolds them', async () => {
    await sendGraph(page, redash);
    await page.locator('button.fold').click();
    const runs = await keysOf(page, '.node.run');
    assert.ok(runs.length > 0, 'no run folded');
    const folded = await count(page, '.node');
    assert.ok(folded < 27, `${folded} nodes after folding`);
    const run = node(page, runs[0]);
    const size = Number(/^(\d+) migrations/.exec((await run.locator('.title').textContent()) ?? '')?.[1]);
    assert.ok(size >= 3, `run of ${size}`);
    await run.click();
    assert.equal(await count(page, '.node'), folded - 1 + size);
    assert.equal(await count(page, `.run-frame[data-key="${runs[0]}"]`), 1);
    // The frame's margin around its members is a few pixels at the fitted scale: click it by event.
    await page.locator(`.run-frame[data-key="${runs[0]}"]`).dispatchEvent('click');
    assert.equal(await count(page, '.node'), folded);
  });

  it('flags several heads and missing parents', async () => {
    const folder = folderOf(
      [
        { id: 'a1', parents: [] },
        { id: 'b2', parents: ['a1'] },
        { id: 'c3', parents: ['a1'] },
        { id: 'd4', parents: ['gone'] },
      ],
      [{ kind: 'missing-parent', id: 'd4', missing: 'gone', message: 'd4 names gone in its down revisions, but no revision has that id' }],
    );
    await sendGraph(page, single(folder));
    assert.deepEqual((await keysOf(page, '.node.fault')).sort(), ['b2', 'c3', 'd4', 'gone']);
    assert.deepEqual(await keysOf(page, '.node.missing'), ['gone']);
    assert.equal(await count(page, '.problems li'), 2);
    await shot(page, 'faults');
  });

  it('opens a fault at the range of the finding that reports it', async () => {
    const root = tempWorkspace({
      'alembic.ini': '[alembic]\nscript_location = alembic\n',
      'alembic/env.py': '',
      'alembic/versions/aaa_change.py': alembicSource({ id: 'aaa' }),
      'alembic/versions/bbb_change.py': alembicSource({ id: 'bbb', parents: ['aaa'] }),
      'alembic/versions/ccc_change.py': alembicSource({ id: 'ccc', parents: ['aaa'] }),
      'alembic/versions/ddd_change.py': alembicSource({ id: 'ddd', parents: ['aaa', 'gone'] }),
    });
    try {
      const [analysis] = await analysesOf(root);
      const payload = graphPayload([analysis]);
      // Where the editor shows each finding: the diagnostics' ranges.
      const diagnostic = (ruleId: string, file: string) => {
        const f = analysis.findings.find((x) => x.ruleId === ruleId && x.path === file)!;
        const index = new LineIndex(fs.readFileSync(file, 'utf8'));
        return { start: index.positionAt(f.span.start), end: index.positionAt(f.span.end) };
      };
      const file = (id: string) => path.join(root, 'alembic', 'versions', `${id}_change.py`);
      await sendGraph(page, payload);
      await page.locator('.problems li', { hasText: 'names gone' }).click();
      assert.deepEqual((await posted(page, 'open')).at(-1), { type: 'open', path: file('ddd'), range: diagnostic('missing-parent', file('ddd')) });
      const heads = payload.folders[0].heads;
      assert.equal(heads.length, 3);
      await page.locator('.problems li', { hasText: `3 heads: ${heads.join(', ')}` }).click();
      assert.deepEqual((await posted(page, 'open')).at(-1), { type: 'open', path: file(heads[0]), range: diagnostic('multiple-heads', file(heads[0])) });
      assert.deepEqual(await keysOf(page, '.node.focused'), [heads[0]]);
    } finally {
      removeWorkspace(root);
    }
  });

  it('draws a generated 2,000-revision history in under a second', async () => {
    const payload = single(generatedHistory(2000));
    assert.equal(payload.folders[0].nodes.length, 2000);
    const folded = await sendGraph(page, payload);
    const shown = await count(page, '.node');
    await shot(page, 'generated-2000-folded');
    // Every revision drawn: the run folding must not be what keeps it fast.
    const t = await page.evaluate(async () => {
      const button = document.querySelector('button.fold');
      const t0 = performance.now();
      button.click();
      const sync = performance.now() - t0;
      await new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r())));
      return { sync, painted: performance.now() - t0 };
    });
    assert.equal(await count(page, '.node'), 2000);
    await shot(page, 'generated-2000-unfolded');
    console.log(
      `      2,000 revisions: folded (${shown} boxes) ${folded.sync.toFixed(0)} ms, painted ${folded.painted.toFixed(0)} ms;` +
        ` unfolded (2,000 boxes) ${t.sync.toFixed(0)} ms, painted ${t.painted.toFixed(0)} ms`,
    );
    assert.ok(folded.painted < 1000, `folded: ${folded.painted} ms`);
    assert.ok(t.painted < 1000, `unfolded: ${t.painted} ms`);
  });
});
