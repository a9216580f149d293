import { NODE_HEIGHT, type Box, type Layout } from './layout';

export type Direction = 'up' | 'down' | 'left' | 'right';

/**
 * The box focus moves to from `key`: up and down follow the edges (to a newer or an older
 * revision, the one closest sideways), left and right go to the nearest box on the same row.
 */
export function step(layout: Layout, key: string, dir: Direction): string | undefined {
  const boxes = new Map(layout.boxes.filter((b) => b.kind !== 'frame').map((b) => [b.key, b]));
  const here = boxes.get(key);
  if (!here) return undefined;
  let candidates: Box[];
  if (dir === 'up' || dir === 'down') {
    const next = layout.edges.flatMap((e) => (dir === 'up' ? (e.from === key ? [e.to] : []) : e.to === key ? [e.from] : []));
    candidates = next.flatMap((k) => boxes.get(k) ?? []);
  } else {
    const sign = dir === 'right' ? 1 : -1;
    candidates = [...boxes.values()].filter((b) => Math.abs(b.y - here.y) < NODE_HEIGHT && (b.x - here.x) * sign > 0);
  }
  const distance = (b: Box) => Math.abs(b.x - here.x) + Math.abs(b.y - here.y) / 100;
  return candidates.sort((a, b) => distance(a) - distance(b))[0]?.key;
}
