import type { RevisionNode } from './types';

/**
 * Spreads each revision's own branch labels the way Alembic does: up to every
 * revision above it, and down through its ancestors until a branch point or a
 * merge point. Alembic walks down from the last revision its search above
 * reached, so when anything above the labelled revision branches or merges the
 * walk stops there and no ancestor gets the label; the result is the same for
 * every search order, which is what is computed here.
 */
export function spreadLabels(nodes: Map<string, RevisionNode>, own: Map<string, string[]>): Map<string, string[]> {
  const labels = new Map<string, Set<string>>();
  const add = (id: string, names: string[]) => {
    let set = labels.get(id);
    if (!set) labels.set(id, (set = new Set()));
    for (const n of names) set.add(n);
  };
  // A branch point counts `depends_on` children too (Alembic's "real" branch point).
  const stopsWalk = (n: RevisionNode) => n.isMergePoint || new Set([...n.children, ...n.dependents]).size > 1;

  for (const [id, names] of own) {
    const above = upward(nodes, id);
    for (const a of above) add(a, names);
    if ([...above].some((a) => stopsWalk(nodes.get(a)!))) continue;
    // On a cycle (reported elsewhere) the walk would come back around: `above` holds it.
    for (let n = onlyParent(nodes, nodes.get(id)!); n && !stopsWalk(n) && !above.has(n.id); n = onlyParent(nodes, n)) add(n.id, names);
  }
  return new Map([...labels].map(([id, set]) => [id, [...set].sort()]));
}

/** The revision and every revision above it through parents (not `depends_on`). */
function upward(nodes: Map<string, RevisionNode>, id: string): Set<string> {
  const seen = new Set([id]);
  const todo = [id];
  while (todo.length) {
    for (const c of nodes.get(todo.pop()!)!.children) {
      if (!seen.has(c)) {
        seen.add(c);
        todo.push(c);
      }
    }
  }
  return seen;
}

function onlyParent(nodes: Map<string, RevisionNode>, n: RevisionNode): RevisionNode | undefined {
  return n.parents.length === 1 ? nodes.get(n.parents[0]) : undefined;
}
