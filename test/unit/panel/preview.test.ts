// The SQL preview tab and the applied-state overlay of the panel's page in chromium, fed
// what the server's own code answers for corpus folders (dry runs and applied state are
// built to their protocol types: they need a database the page never sees).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import type { AppliedStatePayload, DryRunPayload, GraphFolder, GraphPayload, MigrationState, PreviewPayload } from '../../../client/webview/protocol';
import { describeOutcome, previewAsSql, uriOfPath } from '../../../client/webview/sqlText';
import type { FolderAnalysis } from '../../../server/src/core/engine';
import { LineIndex } from '../../../server/src/core/text/lineIndex';
import { analysesOf, generatedHistory, payloadOf, previewOf } from '../../support/graphPayloads';
import { PanelHarness, posted, send, shot } from '../../support/panelPage';
import { corpusRoot, repoRoot } from '../../support/paths';
import { removeWorkspace, tempWorkspace } from '../../support/tempWorkspace';

const GITNESS = path.join(corpusRoot, 'gitness', 'app', 'store', 'database', 'migrate', 'postgres');
const REDASH = path.join(corpusRoot, 'redash', 'migrations', 'versions');

const texts = (page: Page, selector: string) => page.locator(selector).allTextContents();
const keysOf = (page: Page, selector: string) => page.$$eval(selector, (els) => els.map((e) => e.getAttribute('data-key')!));

/** Every revision below id, through parents. */
function ancestors(folder: GraphFolder, id: string): Set<string> {
  const byId = new Map(folder.nodes.map((n) => [n.id, n]));
  const seen = new Set<string>();
  const todo = [id];
  while (todo.length) for (const p of byId.get(todo.pop()!)?.parents ?? []) if (!seen.has(p)) (seen.add(p), todo.push(p));
  return seen;
}

/** An environment at `current`: its ancestors applied, the rest pending, with a few odd states set over them. */
function appliedAt(folder: GraphFolder, current: string, odd: Record<string, MigrationState> = {}): AppliedStatePayload {
  const below = ancestors(folder, current);
  const states: Record<string, MigrationState> = {};
  for (const n of folder.nodes) states[n.id] = n.id === current ? 'current' : below.has(n.id) ? 'applied' : 'pending';
  return { environment: 'staging', folders: [{ path: folder.path, states: { ...states, ...odd }, unknown: ['deadbeef0001'] }] };
}

describe('SQL preview and applied state in the panel page (chromium)', function () {
  this.timeout(60_000);
  const harness = new PanelHarness();
  let page: Page;
  let gitness: FolderAnalysis;
  /** A gitness migration with several statements and findings, upgraded. */
  let busy: PreviewPayload;
  let concurrent: PreviewPayload;
  let concurrentAnalysis: FolderAnalysis;
  let tmp: string;

  before(async () => {
    [gitness] = await analysesOf(GITNESS);
    const previews = gitness.units.map((u) => previewOf(gitness, u.migration.path, { direction: 'up' }));
    busy = previews.find((p) => p.migrations[0].statements.length >= 3 && p.migrations[0].statements.some((s) => s.findings.length && s.strongestLock))!;
    assert.ok(busy, 'no gitness migration with several statements, a lock and findings');
    tmp = tempWorkspace({
      'db/migrations/0001_init.up.sql': 'CREATE TABLE users (id bigint PRIMARY KEY, email text);\n',
      'db/migrations/0002_index.up.sql': 'CREATE INDEX CONCURRENTLY users_email ON users (email);\n',
    });
    [concurrentAnalysis] = await analysesOf(tmp);
    concurrent = previewOf(concurrentAnalysis, path.join(tmp, 'db', 'migrations', '0002_index.up.sql'), { direction: 'up' });
    await harness.start();
  });

  after(async () => {
    await harness.stop();
    removeWorkspace(tmp);
  });

  beforeEach(async () => {
    page = await harness.open();
  });

  afterEach(async function () {
    await harness.close(page, this.currentTest!.title);
  });

  async function showPreview(payload: PreviewPayload): Promise<void> {
    await send(page, { type: 'preview', payload });
    await page.locator('.tab-preview').click();
  }

  it('lists each statement with its lock, its findings and the migration it belongs to', async () => {
    await showPreview(busy);
    const [m] = busy.migrations;
    assert.deepEqual(await texts(page, '.statement .sql'), m.statements.map((s) => s.sql.trim()));
    assert.deepEqual(await texts(page, '.statement .lock'), m.statements.flatMap((s) => (s.strongestLock ? [`lock: ${s.strongestLock}`] : [])));
    assert.deepEqual(await texts(page, '.statement .finding'), m.statements.flatMap((s) => s.findings.map((f) => `${f.ruleId}: ${f.message}`)));
    assert.deepEqual(await texts(page, '.migration-id'), [m.id]);
    const findings = m.statements.reduce((n, s) => n + s.findings.length, m.findings.length);
    assert.match((await page.locator('.preview-summary').textContent()) ?? '', new RegExp(`^1 migration, ${m.statements.length} statements, ${findings} findings?$`));
    assert.equal(await page.locator('.non-transactional').count(), 0);
  });

  it('marks a statement that runs outside a transaction', async () => {
    await showPreview(concurrent);
    assert.deepEqual(await texts(page, '.statement .sql'), ['CREATE INDEX CONCURRENTLY users_email ON users (email)']);
    assert.equal(await page.locator('.statement .non-transactional').count(), 1);
    assert.match((await page.locator('.preview-summary').textContent()) ?? '', /1 outside a transaction$/);
  });

  it('lists findings about the migration as a whole at its header, and opens them where the editor shows them', async () => {
    await showPreview(concurrent);
    const [m] = concurrent.migrations;
    // The missing down is reported on the first statement, but is about the migration.
    const whole = concurrentAnalysis.findings.filter((f) => f.path === m.path && f.wholeMigration);
    assert.ok(whole.some((f) => f.ruleId === 'missing-down-migration'), whole.map((f) => f.ruleId).join());
    assert.deepEqual(await texts(page, '.migration-head + .migration-findings .migration-finding'), whole.map((f) => `${f.ruleId}: ${f.message}`));
    assert.ok(!(await texts(page, '.statement .finding')).some((t) => t.startsWith('missing-down-migration')));
    assert.match((await page.locator('.preview-summary').textContent()) ?? '', new RegExp(`, ${whole.length + m.statements[0].findings.length} findings?,`));
    const index = new LineIndex(fs.readFileSync(m.path, 'utf8'));
    await page.locator('.migration-finding').first().click();
    const range = { start: index.positionAt(whole[0].span.start), end: index.positionAt(whole[0].span.end) };
    assert.deepEqual(await posted(page, 'open'), [{ type: 'open', path: m.path, range }]);
  });

  it('opens a statement by click or keyboard, copies the SQL, asks for a dry run and the other direction', async () => {
    await showPreview(busy);
    const [m] = busy.migrations;
    await page.locator('.statement').nth(1).click();
    assert.deepEqual(await posted(page, 'open'), [{ type: 'open', path: m.path, range: m.statements[1].range }]);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    assert.deepEqual((await posted(page, 'open')).at(-1), { type: 'open', path: m.path, range: m.statements[2].range });
    await page.locator('button.copy').click();
    assert.deepEqual(await posted(page, 'copy'), [{ type: 'copy', text: previewAsSql(busy) }]);
    assert.ok(previewAsSql(busy).includes(`${m.statements[0].sql.trim()};`));
    await page.locator('button.dry-run').click();
    assert.deepEqual(await posted(page, 'dryRun'), [{ type: 'dryRun', uri: uriOfPath(m.path), scope: 'this', direction: 'up' }]);
    assert.equal(await page.locator('button.dry-run').isDisabled(), true, 'the button waits for the result');
    await page.locator('button.direction.down').click();
    assert.deepEqual(await posted(page, 'preview'), [{ type: 'preview', direction: 'down', path: m.path }]);
  });

  it('shows what a dry run saw under each statement, until the SQL changes', async () => {
    await showPreview(busy);
    // The README shows the preview as the server made it; the dry-run outcomes below are made up for the test.
    fs.copyFileSync(await shot(page, 'preview'), path.join(repoRoot, 'docs', 'images', 'preview.png'));
    const [first, second, third] = busy.migrations[0].statements;
    const result: DryRunPayload = {
      environment: 'embedded',
      statements: [
        { uri: first.uri, range: first.range, outcome: { status: 'ok', durationMs: 3.2, rows: 0, locks: [{ relation: 'users', mode: 'AccessExclusiveLock' }], rewritten: [] } },
        { uri: second.uri, range: second.range, outcome: { status: 'error', durationMs: 1, message: 'relation "x" does not exist' } },
        { uri: third.uri, range: third.range, outcome: { status: 'not-run', reason: 'an earlier statement failed' } },
      ],
      error: 'Stopped at the first error; everything was rolled back.',
    };
    await send(page, { type: 'dryRun', payload: result });
    assert.deepEqual(await texts(page, '.outcome'), result.statements.map((s) => describeOutcome(s.outcome)));
    assert.deepEqual(await page.locator('.outcome').evaluateAll((els) => els.map((e) => e.className)), ['outcome ok', 'outcome error', 'outcome not-run']);
    assert.match((await page.locator('.notice').textContent()) ?? '', /^Dry run on embedded.*Stopped at the first error/);
    assert.equal(await page.locator('button.dry-run').isDisabled(), false);
    await shot(page, 'preview-dry-run');
    // The same SQL again (a refresh): results stay; changed SQL: they go.
    await send(page, { type: 'preview', payload: busy });
    assert.equal(await page.locator('.outcome').count(), 3);
    const edited = structuredClone(busy);
    edited.migrations[0].statements[0].sql += ' -- edited';
    await send(page, { type: 'preview', payload: edited });
    assert.equal(await page.locator('.outcome').count(), 0);
    assert.equal(await page.locator('.notice').isHidden(), true);
  });

  it('previews a range of Alembic revisions picked in the graph, with rendered SQL', async () => {
    const redash = await payloadOf(REDASH);
    const [analysis] = await analysesOf(REDASH);
    const folder = redash.folders[0];
    await send(page, { type: 'graph', payload: redash });
    const base = folder.nodes.find((n) => n.isBase)!;
    const child = folder.nodes.find((n) => n.parents.includes(base.id))!;
    const grandchild = folder.nodes.find((n) => n.parents.includes(child.id))!;
    await page.locator(`.node[data-key="${base.id}"]`).click();
    await page.locator(`.node[data-key="${grandchild.id}"]`).click({ modifiers: ['Shift'] });
    assert.deepEqual((await posted(page, 'preview')).at(-1), { type: 'preview', direction: 'up', path: base.path, to: grandchild.id });
    assert.equal(await page.locator('.tabpanel.preview-panel').isVisible(), true);
    // What the host answers: the server's preview of that range.
    const range = previewOf(analysis, base.path, { direction: 'up', to: grandchild.id });
    assert.deepEqual(range.migrations.map((m) => m.id), [base.id, child.id, grandchild.id]);
    await send(page, { type: 'preview', payload: range });
    assert.deepEqual(await texts(page, '.migration-id'), [base.id, child.id, grandchild.id]);
    assert.equal(await page.locator('.statement').count(), range.migrations.reduce((n, m) => n + m.statements.length, 0));
    await page.locator('button.dry-run').click();
    assert.deepEqual(await posted(page, 'dryRun'), [{ type: 'dryRun', uri: uriOfPath(grandchild.path), scope: 'pending', direction: 'up' }]);
    await send(page, { type: 'dryRun', payload: { environment: 'embedded', statements: [] } });
    // A downgrade is dry-run one migration at a time: the range's down cannot be, its newest alone can.
    await send(page, { type: 'preview', payload: previewOf(analysis, grandchild.path, { direction: 'down', to: base.id }) });
    assert.equal(await page.locator('button.dry-run').isDisabled(), true);
    assert.match((await page.locator('button.dry-run').getAttribute('title')) ?? '', /one migration at a time/);
    const down = previewOf(analysis, grandchild.path, { direction: 'down' });
    assert.ok(down.migrations[0].statements.length > 0, 'the revision has a downgrade');
    await send(page, { type: 'preview', payload: down });
    await page.locator('button.dry-run').click();
    assert.deepEqual((await posted(page, 'dryRun')).at(-1), { type: 'dryRun', uri: uriOfPath(grandchild.path), scope: 'this', direction: 'down' });
    // The tab bar works from the keyboard too.
    await page.locator('.tab-preview').focus();
    await page.keyboard.press('ArrowLeft');
    assert.equal(await page.locator('.tabpanel.graph-panel').isVisible(), true);
  });

  it('overlays where each revision stands on the environment, and links its faults', async () => {
    const redash = await payloadOf(REDASH);
    const folder = redash.folders[0];
    const head = folder.heads[0];
    const current = folder.nodes.find((n) => n.id === [...ancestors(folder, head)].find((id) => folder.nodes.find((x) => x.id === id)?.parents.length === 1 && ancestors(folder, id).size > 10))!;
    const applied = [...ancestors(folder, current.id)];
    const odd = { [applied[0]]: 'changed-after-applied', [applied[1]]: 'dirty' } as const;
    const state = appliedAt(folder, current.id, odd);
    await send(page, { type: 'graph', payload: redash });
    await send(page, { type: 'appliedState', payload: state });
    const expect = (s: MigrationState) => Object.keys(state.folders[0].states).filter((id) => state.folders[0].states[id] === s).sort();
    for (const s of ['applied', 'current', 'pending', 'dirty', 'changed-after-applied'] as const) {
      assert.deepEqual((await keysOf(page, `.node.state-${s}`)).sort(), expect(s), s);
    }
    assert.ok(expect('pending').length > 0 && expect('applied').length > 0);
    assert.match((await page.locator('.summary').textContent()) ?? '', new RegExp(`staging: at ${current.id}, ${expect('pending').length} pending, 1 dirty, 1 edited after it was applied$`));
    const problems = await texts(page, '.problems li');
    assert.ok(problems.some((p) => p.startsWith(`${applied[1]} is dirty on staging`)), problems.join('\n'));
    assert.ok(problems.some((p) => p.includes('1 version no file has: deadbeef0001')), problems.join('\n'));
    await page.locator('.problems li', { hasText: `${applied[1]} is dirty` }).click();
    const dirty = folder.nodes.find((n) => n.id === applied[1])!;
    assert.deepEqual((await posted(page, 'open')).at(-1), { type: 'open', path: dirty.path, range: dirty.declaredAt });
    assert.deepEqual(await keysOf(page, '.node.focused'), [dirty.id]);
    // Hover: message, date, findings, state.
    await page.locator(`.node[data-key="${current.id}"]`).hover();
    const tip = (await page.locator('.tooltip').textContent()) ?? '';
    assert.ok(tip.includes(current.name), tip);
    assert.ok(current.date && tip.includes(`created ${current.date}`), tip);
    assert.match(tip, new RegExp(`${current.findings} findings?current \\(last applied\\) on staging`));
    await shot(page, 'applied-state');
  });

  it('draws 2,000 revisions with their applied state in under a second', async () => {
    const folder = generatedHistory(2000);
    const payload: GraphPayload = { folders: [folder] };
    await send(page, { type: 'graph', payload });
    await page.locator('button.fold').click();
    const t = await send(page, { type: 'appliedState', payload: appliedAt(folder, folder.nodes[1500].id) });
    assert.equal(await page.locator('.node').count(), 2000);
    assert.equal(await page.locator('.node.state-pending').count(), 2000 - 1 - ancestors(folder, folder.nodes[1500].id).size);
    console.log(`      2,000 revisions with applied state: ${t.sync.toFixed(0)} ms, painted ${t.painted.toFixed(0)} ms`);
    assert.ok(t.painted < 1000, `${t.painted} ms`);
  });
});
