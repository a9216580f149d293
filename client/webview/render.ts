import type { Box, LaidEdge, Layout } from './layout';
import { runState } from './appliedState';
import { isMissing, type GraphModel } from './model';
import type { MigrationState } from './protocol';
import type { Run } from './runs';
import { svg, text } from './svg';

/** What each drawn box stands for, so events and searches can find their way back. */
export interface Drawn {
  /** Box key → its element: revisions, folded runs, missing revisions. */
  nodes: Map<string, SVGGElement>;
  /** Frame key (run id) → the frame around an unfolded run. */
  frames: Map<string, SVGRectElement>;
}

/** Draws a layout into layer, replacing what was there. */
export function draw(layer: SVGGElement, model: GraphModel, runs: Run[], layout: Layout): Drawn {
  layer.replaceChildren();
  const frames = svg('g', { class: 'frames' }, layer);
  const edges = svg('g', { class: 'edges' }, layer);
  const nodes = svg('g', { class: 'nodes' }, layer);
  const runById = new Map(runs.map((r) => [r.id, r]));
  const drawn: Drawn = { nodes: new Map(), frames: new Map() };
  for (const e of layout.edges) drawEdge(edges, e);
  for (const b of layout.boxes) {
    if (b.kind === 'frame') drawn.frames.set(b.key, drawFrame(frames, b));
    else drawn.nodes.set(b.key, b.kind === 'run' ? drawRun(nodes, b, runById.get(b.key)!) : drawRevision(nodes, b, model));
  }
  return drawn;
}

function drawEdge(parent: SVGGElement, e: LaidEdge): void {
  if (e.points.length < 2) return;
  const d = e.points.map((p, i) => `${i ? 'L' : 'M'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
  svg('path', { class: `edge ${e.kind}`, d, 'marker-end': 'url(#arrow)', 'data-from': e.from, 'data-to': e.to }, parent);
}

function group(parent: SVGGElement, b: Box, classes: string[]): SVGGElement {
  const g = svg('g', { class: classes.join(' '), 'data-key': b.key, transform: `translate(${b.x - b.width / 2},${b.y - b.height / 2})` }, parent);
  svg('rect', { width: b.width, height: b.height, rx: 4 }, g);
  return g;
}

const STATE_CLASS = /\bstate-\S+/g;

/**
 * Marks each drawn box with where it stands on the environment (a folded run when its
 * members agree). Classes only, no layout: a new applied state costs no redraw.
 */
export function paintStates(drawn: Drawn, runs: Run[], states: Record<string, MigrationState>): void {
  const runById = new Map(runs.map((r) => [r.id, r]));
  for (const [key, g] of drawn.nodes) {
    const run = runById.get(key);
    const state = run ? runState(run.members, states) : states[key];
    const kept = (g.getAttribute('class') ?? '').replace(STATE_CLASS, '').trim();
    g.setAttribute('class', state ? `${kept} state-${state}` : kept);
    // A coloured edge on the box; made only when there is a state, so plain graphs stay light.
    const mark = g.querySelector('.state-mark');
    if (state && !mark) svg('rect', { class: 'state-mark', width: 5, height: g.querySelector('rect')?.getAttribute('height') ?? 0, rx: 2 }, g);
    else if (!state) mark?.remove();
  }
}

function drawFrame(parent: SVGGElement, b: Box): SVGRectElement {
  return svg('rect', { class: 'run-frame', 'data-key': b.key, x: b.x - b.width / 2, y: b.y - b.height / 2, width: b.width, height: b.height, rx: 8 }, parent);
}

function drawRun(parent: SVGGElement, b: Box, run: Run): SVGGElement {
  const g = group(parent, b, ['node', 'run']);
  text(g, { class: 'title', x: 10, y: 17 }, `${run.members.length} migrations`);
  text(g, { class: 'subtitle', x: 10, y: 32 }, `${run.members[0]} … ${run.members[run.members.length - 1]}`, 27);
  return g;
}

function drawRevision(parent: SVGGElement, b: Box, model: GraphModel): SVGGElement {
  const node = model.nodes.get(b.key)!;
  if (isMissing(node)) {
    const g = group(parent, b, ['node', 'missing', 'fault']);
    text(g, { class: 'title', x: 10, y: 17 }, node.id, 24);
    text(g, { class: 'subtitle', x: 10, y: 32 }, 'missing revision');
    return g;
  }
  const marks: [boolean, string, string][] = [
    [node.isHead, 'head', 'head'],
    [node.isBase, 'base', 'base'],
    [node.isBranchPoint, 'branch-point', 'branch'],
    [node.isMergePoint, 'merge-point', 'merge'],
    [model.faults.has(node.id), 'fault', '!'],
  ];
  const on = marks.filter(([set]) => set);
  const g = group(parent, b, ['node', ...on.map(([, cls]) => cls)]);
  text(g, { class: 'title', x: 10, y: 17 }, node.id, 16);
  // Room for the findings count on the same line.
  text(g, { class: 'subtitle', x: 10, y: 32 }, node.name, node.findings ? 23 : 28);
  if (on.length) text(g, { class: 'marks', x: b.width - 8, y: 14, 'text-anchor': 'end' }, on.map(([, , tag]) => tag).join(' · '));
  if (node.findings) text(g, { class: 'findings', x: b.width - 8, y: 32, 'text-anchor': 'end' }, `⚠ ${node.findings}`);
  const labels = model.newLabels.get(node.id);
  if (labels) text(g, { class: 'branch-label', x: 0, y: -5 }, labels.map((l) => `@${l}`).join(' '));
  return g;
}
