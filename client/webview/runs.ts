import { isMissing, type GraphModel } from './model';

/** A linear stretch of history: each member has one parent and one child, and nothing to flag. */
export interface Run {
  id: string;
  /** Oldest first. */
  members: string[];
}

/** Shorter chains stay as they are: folding two boxes into one saves nothing. */
const MIN_RUN = 3;

export function findRuns(model: GraphModel): Run[] {
  const ins = new Map<string, number>();
  const outs = new Map<string, string[]>();
  const inDeps = new Set<string>();
  for (const e of model.edges) {
    if (e.kind === 'depends') {
      inDeps.add(e.from).add(e.to);
      continue;
    }
    ins.set(e.to, (ins.get(e.to) ?? 0) + 1);
    outs.set(e.from, [...(outs.get(e.from) ?? []), e.to]);
  }
  const plain = (id: string): boolean => {
    const n = model.nodes.get(id);
    if (!n || isMissing(n) || n.isHead || n.isBase || n.isBranchPoint || n.isMergePoint) return false;
    return ins.get(id) === 1 && outs.get(id)?.length === 1 && !inDeps.has(id) && !model.faults.has(id) && !model.newLabels.has(id);
  };
  const parentOf = new Map<string, string>();
  for (const e of model.edges) if (e.kind === 'parent') parentOf.set(e.to, e.from);

  const runs: Run[] = [];
  for (const id of model.nodes.keys()) {
    const parent = parentOf.get(id);
    if (!plain(id) || (parent !== undefined && plain(parent))) continue;
    const members = [id];
    for (let next = outs.get(id)![0]; plain(next); next = outs.get(next)![0]) members.push(next);
    if (members.length >= MIN_RUN) runs.push({ id: `run:${id}`, members });
  }
  return runs;
}
