import type { RevisionNode } from './types';

/**
 * Down revisions as Alembic's history walks them (`_normalized_down_revisions`):
 * parents, then the dependencies that no ancestor already depends on. `skip`
 * names revisions to leave out (those on a cycle, which have no ancestry).
 *
 * The dependencies of each revision and all its ancestors are worked out once,
 * bases first, and shared along plain lines, so the cost stays linear in the
 * size of the graph however many revisions have `depends_on`.
 */
export function normalizedDowns(nodes: Map<string, RevisionNode>, skip: Set<string>): (id: string) => string[] {
  const linked = (id: string) => nodes.has(id) && !skip.has(id);
  const parentsOf = (n: RevisionNode) => n.parents.filter((p, i) => linked(p) && n.parents.indexOf(p) === i);
  /** Revision → the dependencies of it and of every ancestor. */
  const declared = new Map<string, Set<string>>();
  const none = new Set<string>();

  const inherited = (n: RevisionNode): Set<string> => {
    const sets = parentsOf(n).map((p) => declared.get(p)!);
    return sets.length === 0 ? none : sets.length === 1 ? sets[0] : new Set(sets.flatMap((s) => [...s]));
  };
  const resolve = (start: string) => {
    const stack = [start];
    while (stack.length) {
      const n = nodes.get(stack[stack.length - 1])!;
      if (declared.has(n.id)) {
        stack.pop();
        continue;
      }
      const pending = parentsOf(n).filter((p) => !declared.has(p));
      if (pending.length) {
        stack.push(...pending);
        continue;
      }
      stack.pop();
      const below = inherited(n);
      declared.set(n.id, n.dependencies.length ? new Set([...below, ...n.dependencies]) : below);
    }
  };

  return (id) => {
    const n = nodes.get(id)!;
    const links = parentsOf(n);
    if (n.dependencies.length === 0) return links;
    resolve(id);
    const already = inherited(n);
    for (const d of n.dependencies) if (linked(d) && !already.has(d) && !links.includes(d)) links.push(d);
    return links;
  };
}
