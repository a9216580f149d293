import * as path from 'node:path';

/**
 * Sorts into Alembic's file order: `os.walk` top-down, with files and then
 * subdirectories each sorted by name, one version location after the other
 * (`locations` in the order alembic.ini lists them; the folder alone by default).
 * Alembic breaks ties between branches by this order, so history and head order follow it.
 */
export function byLoadOrder<T extends { path: string }>(locations: string | string[], items: T[]): T[] {
  const dirs = typeof locations === 'string' ? [locations] : locations;
  const prefixes = dirs.map((d) => d + path.sep);
  const keyed = items.map((item) => {
    const at = Math.max(0, prefixes.findIndex((p) => item.path.startsWith(p)));
    // Slicing is what path.relative comes to for files inside the folder, at a fraction of its cost.
    const relative = item.path.startsWith(prefixes[at]) ? item.path.slice(prefixes[at].length) : path.relative(dirs[at], item.path);
    return { item, at, segments: relative.split(path.sep) };
  });
  return keyed.sort((a, b) => a.at - b.at || compareSegments(a.segments, b.segments)).map((k) => k.item);
}

function compareSegments(a: string[], b: string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] === b[i]) continue;
    const aIsFile = i === a.length - 1;
    const bIsFile = i === b.length - 1;
    if (aIsFile !== bIsFile) return aIsFile ? -1 : 1;
    return a[i] < b[i] ? -1 : 1;
  }
  return a.length - b.length;
}
