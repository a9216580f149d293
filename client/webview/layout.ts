import dagre from '@dagrejs/dagre';
import { isMissing, type Edge, type GraphModel } from './model';
import type { Run } from './runs';

const NODE_WIDTH = 190;
export const NODE_HEIGHT = 40;
/** Vertical distance between the members of an unfolded run. */
const PITCH = NODE_HEIGHT + 18;

export interface Point {
  x: number;
  y: number;
}

export interface Box extends Point {
  /** A revision id, or a run id for a folded run and the frame around an unfolded one. */
  key: string;
  kind: 'node' | 'missing' | 'run' | 'frame';
  width: number;
  height: number;
}

export interface LaidEdge extends Edge {
  points: Point[];
}

export interface Layout {
  boxes: Box[];
  edges: LaidEdge[];
  width: number;
  height: number;
}

/**
 * Lays the graph out bases at the bottom, heads at the top. Only the skeleton goes through
 * dagre: each run, folded or not, is one box (a tall one when unfolded, its members stacked
 * inside), so the cost follows the branches and merges, not the length of the history.
 */
export function layOut(model: GraphModel, runs: Run[], unfolded: ReadonlySet<string>): Layout {
  const runOf = new Map<string, Run>();
  for (const r of runs) for (const m of r.members) runOf.set(m, r);
  const runById = new Map(runs.map((r) => [r.id, r]));
  const itemOf = (id: string) => runOf.get(id)?.id ?? id;
  /** What an edge's end is drawn at: the revision, or the folded run hiding it. */
  const shownAs = (id: string) => {
    const run = runOf.get(id);
    return run && !unfolded.has(run.id) ? run.id : id;
  };

  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'BT', nodesep: 28, ranksep: 40, marginx: 24, marginy: 24 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const [id, node] of model.nodes) if (!runOf.has(id)) g.setNode(id, { width: NODE_WIDTH, height: NODE_HEIGHT, missing: isMissing(node) });
  for (const r of runs) g.setNode(r.id, { width: NODE_WIDTH, height: unfolded.has(r.id) ? r.members.length * PITCH - (PITCH - NODE_HEIGHT) : NODE_HEIGHT });
  const skeletonEdges = new Map<string, Edge>();
  const inner: Edge[] = [];
  for (const e of model.edges) {
    const from = itemOf(e.from);
    const to = itemOf(e.to);
    if (from === to) inner.push(e);
    else if (!skeletonEdges.has(`${from}\0${to}`)) {
      skeletonEdges.set(`${from}\0${to}`, e);
      g.setEdge(from, to);
    }
  }
  dagre.layout(g);

  const boxes: Box[] = [];
  const centres = new Map<string, Point>();
  for (const id of g.nodes()) {
    const { x, y, width, height, missing } = g.node(id) as Box & { missing?: boolean };
    const run = runById.get(id);
    if (run && unfolded.has(id)) {
      boxes.push({ key: id, kind: 'frame', x, y, width: width + 16, height: height + 16 });
      // Oldest at the bottom, like the rest of the graph.
      run.members.forEach((m, i) => {
        const c = { x, y: y + height / 2 - NODE_HEIGHT / 2 - i * PITCH };
        centres.set(m, c);
        boxes.push({ key: m, kind: 'node', ...c, width: NODE_WIDTH, height: NODE_HEIGHT });
      });
    } else {
      boxes.push({ key: id, kind: run ? 'run' : missing ? 'missing' : 'node', x, y, width, height });
    }
  }
  const edges: LaidEdge[] = [...skeletonEdges].map(([key, e]) => ({
    ...e,
    from: shownAs(e.from),
    to: shownAs(e.to),
    points: g.edge(...(key.split('\0') as [string, string])).points ?? [],
  }));
  for (const e of inner) {
    const from = centres.get(e.from);
    const to = centres.get(e.to);
    if (from && to) edges.push({ ...e, points: [{ x: from.x, y: from.y - NODE_HEIGHT / 2 }, { x: to.x, y: to.y + NODE_HEIGHT / 2 }] });
  }
  const { width = 0, height = 0 } = g.graph();
  return { boxes, edges, width, height };
}
