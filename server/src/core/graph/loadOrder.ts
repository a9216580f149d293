import * as path from 'node:path';

/**
 * Sorts into Alembic's file order: `os.walk` top-down, with files and then
 * subdirectories each sorted by name. Alembic breaks ties between branches by
 * this order, so history and head order follow it.
 */
export function byLoadOrder<T extends { path: string }>(folder: string, items: T[]): T[] {
  const prefix = folder + path.sep;
  // Slicing is what path.relative comes to for files inside the folder, at a fraction of its cost.
  const relative = (file: string) => (file.startsWith(prefix) ? file.slice(prefix.length) : path.relative(folder, file));
  const keyed = items.map((item) => ({ item, segments: relative(item.path).split(path.sep) }));
  return keyed.sort((a, b) => compareSegments(a.segments, b.segments)).map((k) => k.item);
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
