// The revision graph panel: draws the payload the host sends, and tells the host which
// migration to open. Runs inside a VS Code webview (or the test's stand-in page).
import { folderStates, stateSummary } from './appliedState';
import { describe } from './describe';
import { layOut, type Box, type Layout } from './layout';
import { buildModel, isMissing, type GraphModel } from './model';
import { step, type Direction } from './navigate';
import { buildPage } from './page';
import { PreviewView } from './preview';
import type { AppliedStatePayload, GraphPayload, GraphProblem, HostMessage, PageMessage } from './protocol';
import { draw, paintStates, type Drawn } from './render';
import { findRuns, type Run } from './runs';
import { Tooltip } from './tooltip';
import { Viewport } from './viewport';

declare function acquireVsCodeApi(): { postMessage(message: PageMessage): void };

/** Above this many revisions a folder opens with its linear runs folded. */
const FOLD_ABOVE = 60;
const KEYS: Record<string, Direction> = { ArrowUp: 'up', ArrowDown: 'down', ArrowLeft: 'left', ArrowRight: 'right' };

const host = acquireVsCodeApi();
const page = buildPage(document.body);
const viewport = new Viewport(page.graph, page.layer);
const tooltip = new Tooltip(page.body);
const preview = new PreviewView(page.preview, (m) => host.postMessage(m));

let payload: GraphPayload = { folders: [] };
let applied: AppliedStatePayload | undefined;
/** The graph arrived while its tab was hidden (no size to fit to): fit when it shows. */
let fitWhenShown = false;
let model: GraphModel | undefined;
let runs: Run[] = [];
let runOf = new Map<string, Run>();
let unfolded = new Set<string>();
let layout: Layout = { boxes: [], edges: [], width: 0, height: 0 };
let boxes = new Map<string, Box>();
let drawn: Drawn = { nodes: new Map(), frames: new Map() };
let focused: string | undefined;
let matches: string[] = [];

window.addEventListener('message', (e: MessageEvent<HostMessage>) => {
  switch (e.data?.type) {
    case 'graph':
      receive(e.data.payload);
      break;
    case 'appliedState':
      applied = e.data.payload;
      showProblems();
      paintStates(drawn, runs, shownStates().states);
      showSummary();
      break;
    case 'preview':
      preview.show(e.data.payload);
      break;
    case 'dryRun':
      preview.showDryRun(e.data.payload);
      break;
    case 'reveal':
      reveal(e.data.tab, e.data.path);
      break;
  }
});

function reveal(tab: 'graph' | 'preview', path: string | undefined): void {
  page.tabs.show(tab);
  const index = payload.folders.findIndex((f) => f.nodes.some((n) => n.path === path));
  if (tab !== 'graph' || index < 0) return;
  if (model?.folder !== payload.folders[index]) showFolder(index, false);
  const id = payload.folders[index].nodes.find((n) => n.path === path)!.id;
  const run = runOf.get(id);
  if (run && !unfolded.has(run.id)) {
    unfolded.add(run.id);
    redraw();
  }
  focus(id, true);
  page.graph.focus();
}

/** The applied state of the folder on screen. */
const shownStates = () => folderStates(applied, model?.folder.path ?? '');

function receive(next: GraphPayload): void {
  const shownPath = model?.folder.path;
  payload = next;
  page.folder.replaceChildren(...payload.folders.map((f, i) => new Option(`${f.path} (${f.format})`, String(i))));
  page.folder.hidden = payload.folders.length < 2;
  const same = payload.folders.findIndex((f) => f.path === shownPath);
  // A refresh of the folder on screen keeps what the user unfolded, focused and panned to.
  showFolder(same >= 0 ? same : 0, same >= 0);
}

function showFolder(index: number, keepView: boolean): void {
  page.folder.value = String(index);
  const folder = payload.folders[index];
  model = folder && buildModel(folder);
  runs = model ? findRuns(model) : [];
  runOf = new Map(runs.flatMap((r) => r.members.map((m) => [m, r] as const)));
  const ids = new Set(runs.map((r) => r.id));
  unfolded = keepView ? new Set([...unfolded].filter((id) => ids.has(id))) : new Set(model && model.nodes.size > FOLD_ABOVE ? [] : ids);
  if (!keepView) focused = undefined;
  showProblems();
  redraw();
  if (!keepView) fitView();
}

function fitView(): void {
  fitWhenShown = page.graph.clientWidth === 0;
  viewport.fit(layout.width, layout.height);
}

function redraw(): void {
  if (!model) {
    page.layer.replaceChildren();
    page.summary.textContent = 'No migration folders';
    return;
  }
  layout = layOut(model, runs, unfolded);
  boxes = new Map(layout.boxes.map((b) => [b.key, b]));
  drawn = draw(page.layer, model, runs, layout);
  paintStates(drawn, runs, shownStates().states);
  if (focused && !drawn.nodes.has(focused)) focused = runOf.get(focused)?.id;
  drawn.nodes.get(focused ?? '')?.classList.add('focused');
  for (const id of matches) drawn.nodes.get(id)?.classList.add('match');
  showSummary();
  page.fold.textContent = unfolded.size < runs.length ? 'Unfold all' : 'Fold runs';
  page.fold.disabled = runs.length === 0;
}

function showSummary(): void {
  if (!model) return;
  const heads = model.folder.heads.length;
  const environment = stateSummary(applied, shownStates());
  page.summary.textContent = `${model.folder.nodes.length} migrations, ${heads} head${heads === 1 ? '' : 's'}${matches.length ? `, ${matches.length} found` : ''}${environment ? ` · ${environment}` : ''}`;
}

/** A line of the problem list: the revision it focuses, and where its finding sits when the server said. */
interface ProblemItem {
  text: string;
  key?: string;
  at?: GraphProblem['at'];
}
let problemItems: ProblemItem[] = [];

function showProblems(): void {
  const items: ProblemItem[] = model ? model.folder.problems.map((p) => ({ text: p.message, key: p.id ?? p.ids?.[0], at: p.at })) : [];
  if (model && model.folder.heads.length > 1) items.unshift({ text: `${model.folder.heads.length} heads: ${model.folder.heads.join(', ')}`, key: model.folder.heads[0] });
  const { states, unknown } = shownStates();
  const environment = applied?.environment ?? 'the database';
  for (const [id, state] of Object.entries(states)) {
    if (state === 'dirty' || state === 'failed') items.push({ text: `${id} is ${state} on ${environment}: it stopped half-way`, key: id });
    if (state === 'changed-after-applied') items.push({ text: `${id} was edited after it was applied on ${environment}`, key: id });
  }
  if (unknown.length) items.push({ text: `${environment} records ${unknown.length} version${unknown.length === 1 ? '' : 's'} no file has: ${unknown.join(', ')}` });
  problemItems = items;
  page.problems.replaceChildren(
    ...items.map(({ text, key }, i) => {
      const li = document.createElement('li');
      li.textContent = text;
      if (key) li.dataset.item = String(i);
      return li;
    }),
  );
}

/** Moves the focus ring to a box (a folded run if the revision is inside one) and scrolls it into view. */
function focus(key: string, centre: boolean): void {
  const shown = drawn.nodes.has(key) ? key : runOf.get(key)?.id;
  if (!shown) return;
  drawn.nodes.get(focused ?? '')?.classList.remove('focused');
  focused = shown;
  drawn.nodes.get(shown)?.classList.add('focused');
  const box = boxes.get(shown);
  if (box && centre) viewport.centreOn(box);
}

/** Click or Enter: open a revision's file, unfold a run, fold the run around a frame. */
function activate(key: string): void {
  const run = runs.find((r) => r.id === key);
  if (run) {
    if (drawn.frames.has(key)) unfolded.delete(key);
    else unfolded.add(key);
    focused = drawn.frames.has(key) ? key : run.members[run.members.length - 1];
    redraw();
    return;
  }
  const node = model?.nodes.get(key);
  focus(key, false);
  if (node && !isMissing(node)) host.postMessage({ type: 'open', path: node.path });
}

function search(query: string): void {
  const q = query.trim().toLowerCase();
  matches = !model || !q ? [] : model.folder.nodes.filter((n) => n.id.toLowerCase().includes(q) || n.name.toLowerCase().includes(q)).map((n) => n.id);
  for (const id of matches) {
    const run = runOf.get(id);
    if (run) unfolded.add(run.id);
  }
  redraw();
  if (matches.length) focus(matches[0], true);
}

function nextMatch(): void {
  if (!matches.length) return;
  const at = matches.indexOf(focused ?? '');
  focus(matches[(at + 1) % matches.length], true);
}

const keyOf = (target: EventTarget | null) => (target instanceof Element ? target.closest<SVGElement>('[data-key]')?.dataset.key : undefined);

page.graph.addEventListener('click', (e) => {
  const key = keyOf(e.target);
  if (key && e.shiftKey) previewRange(key);
  else if (key) activate(key);
  page.graph.focus();
});

/** Shift+click: the SQL from the focused revision to this one, in the preview tab. */
function previewRange(key: string): void {
  const from = model?.nodes.get(focused ?? '');
  const to = model?.nodes.get(key);
  if (!to || isMissing(to)) return;
  const start = from && !isMissing(from) ? from : to;
  host.postMessage({ type: 'preview', direction: 'up', path: start.path, ...(start === to ? {} : { to: to.id }) });
  page.tabs.show('preview');
}
page.graph.addEventListener('pointerover', (e) => {
  const key = keyOf(e.target);
  if (!model || !key || drawn.frames.has(key)) return tooltip.hide();
  const state = shownStates().states[key];
  const known = state && applied?.environment ? { environment: applied.environment, state } : undefined;
  tooltip.show(describe(model, runs.find((r) => r.id === key), key, known), e.clientX, e.clientY);
});
page.graph.addEventListener('pointerleave', () => tooltip.hide());
page.graph.addEventListener('keydown', (e) => {
  const dir = KEYS[e.key];
  if (dir) {
    e.preventDefault();
    const next = focused ? step(layout, focused, dir) : layout.boxes.find((b) => b.kind !== 'frame')?.key;
    if (next) focus(next, true);
  } else if (e.key === 'Enter' && focused) {
    e.preventDefault();
    activate(focused);
  } else if (e.key === 'p' && focused) {
    previewRange(focused);
  }
});
// A fault's finding sits in a revision's file: focus the revision and open the file at the finding
// (a problem's own, else the revision's declaration, where findings about the revision as a whole sit).
page.problems.addEventListener('click', (e) => {
  const item = e.target instanceof HTMLElement ? problemItems[Number(e.target.dataset.item)] : undefined;
  if (!item?.key) return;
  focus(item.key, true);
  const node = model?.nodes.get(item.key);
  if (item.at) host.postMessage({ type: 'open', path: item.at.path, range: item.at.range });
  else if (node && !isMissing(node)) host.postMessage({ type: 'open', path: node.path, ...(node.declaredAt ? { range: node.declaredAt } : {}) });
});
page.folder.addEventListener('change', () => showFolder(Number(page.folder.value), false));
page.search.addEventListener('input', () => search(page.search.value));
page.search.addEventListener('keydown', (e) => e.key === 'Enter' && nextMatch());
page.zoomIn.addEventListener('click', () => viewport.zoom(1.25));
page.zoomOut.addEventListener('click', () => viewport.zoom(0.8));
page.fit.addEventListener('click', () => fitView());
page.tabs.onChange = (tab) => {
  if (tab === 'graph' && fitWhenShown) requestAnimationFrame(() => fitView());
};
page.fold.addEventListener('click', () => {
  unfolded = unfolded.size < runs.length ? new Set(runs.map((r) => r.id)) : new Set();
  redraw();
  fitView();
});

redraw();
host.postMessage({ type: 'ready' });
