/**
 * Revisions that lie on a cycle, each cycle in the order the ids were given
 * (Tarjan's strongly connected components, iterative so 10,000-long chains do
 * not overflow the stack). A revision naming itself is a cycle of one.
 */
export function findCycles(ids: string[], edges: (id: string) => string[]): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let next = 0;

  for (const root of ids) {
    if (index.has(root)) continue;
    const work: { id: string; out: string[]; at: number }[] = [];
    const enter = (id: string) => {
      index.set(id, next);
      low.set(id, next++);
      stack.push(id);
      onStack.add(id);
      work.push({ id, out: edges(id), at: 0 });
    };
    enter(root);
    while (work.length) {
      const frame = work[work.length - 1];
      if (frame.at < frame.out.length) {
        const to = frame.out[frame.at++];
        if (!index.has(to)) enter(to);
        else if (onStack.has(to)) low.set(frame.id, Math.min(low.get(frame.id)!, index.get(to)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.id, Math.min(low.get(parent.id)!, low.get(frame.id)!));
      if (low.get(frame.id) !== index.get(frame.id)) continue;
      const members: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        members.push(member);
      } while (member !== frame.id);
      if (members.length > 1 || frame.out.includes(frame.id)) cycles.push(members);
    }
  }
  const position = new Map(ids.map((id, i) => [id, i]));
  return cycles.map((c) => c.sort((a, b) => position.get(a)! - position.get(b)!));
}
