/**
 * The order `alembic history` prints, newest first: Alembic's topological sort
 * (`RevisionMap._topological_sort`), restated so it needs no ancestor sets.
 *
 * Alembic keeps a list of current heads, starting with the real heads in load
 * order, and works on one of them at a time: it prints it and moves down to
 * its first down revision (further ones join the end of the list), unless
 * another head of the list is above it, in which case it switches to the first
 * such head. That test is "some revision directly above it is not printed yet",
 * and the head to switch to is found by walking up through unprinted revisions.
 *
 * `ids` must be in load order and `downs` must describe an acyclic graph.
 */
export function alembicHistory(ids: string[], downs: (id: string) => string[]): string[] {
  const down = new Map(ids.map((id) => [id, downs(id)]));
  const ups = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const id of ids) for (const d of down.get(id)!) ups.get(d)!.push(id);

  const printed = new Set<string>();
  const out: string[] = [];
  const current = ids.filter((id) => ups.get(id)!.length === 0);
  const inCurrent = new Set(current);
  let at = 0;
  while (current.length) {
    const candidate = current[at];
    if (ups.get(candidate)!.some((u) => !printed.has(u))) {
      const above = unprintedAbove(candidate, ups, printed);
      at = current.findIndex((h, i) => i !== at && above.has(h));
      continue;
    }
    out.push(candidate);
    printed.add(candidate);
    inCurrent.delete(candidate);
    const next = down.get(candidate)!.filter((d) => !printed.has(d) && !inCurrent.has(d));
    for (const d of next) inCurrent.add(d);
    if (next.length === 0) {
      current.splice(at, 1);
      at = Math.max(at - 1, 0);
    } else {
      current[at] = next[0];
      current.push(...next.slice(1));
    }
  }
  return out;
}

function unprintedAbove(id: string, ups: Map<string, string[]>, printed: Set<string>): Set<string> {
  const seen = new Set<string>();
  const todo = [id];
  while (todo.length) {
    for (const u of ups.get(todo.pop()!)!) {
      if (!printed.has(u) && !seen.has(u)) {
        seen.add(u);
        todo.push(u);
      }
    }
  }
  return seen;
}
